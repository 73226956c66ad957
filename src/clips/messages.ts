/** Clip editor and clip API strings, in French and English. */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'clips.editor.title': 'Télécharger une partie',
  'clips.editor.intro':
    'Marquez l’entrée et la sortie, puis choisissez le format. La partie est coupée à l’image près dans le master.',
  'clips.editor.in': 'Entrée (timecode)',
  'clips.editor.out': 'Sortie (timecode, image exclue)',
  'clips.editor.markIn': 'Marquer l’entrée (I)',
  'clips.editor.markOut': 'Marquer la sortie (O)',
  'clips.editor.duration': 'Durée',
  'clips.editor.durationValue': '{frames} images ({timecode})',
  'clips.editor.profile': 'Format',
  'clips.editor.broadcast': 'Broadcast : codec et conteneur du master ({format})',
  'clips.editor.web': 'Web : H.264 MP4',
  'clips.editor.submit': 'Préparer et télécharger',
  'clips.editor.signIn': 'Connectez-vous avec un compte vérifié pour télécharger une partie de cette vidéo.',
  'clips.editor.keys': 'Clavier : I marque l’entrée, O marque la sortie.',
  'clips.editor.progress': 'Préparation de la partie : {percent} %',
  'clips.editor.ready': 'La partie est prête ; le téléchargement commence.',
  'clips.editor.readyLink': 'Télécharger la partie',
  'clips.editor.share': 'Lien vers cette sélection',
  'clips.editor.reencode':
    'Ce format ne peut pas être coupé sans réencodage : toute la partie est réencodée avec les réglages du master.',
  'clips.shotlist.title': 'Liste des plans',
  'clips.shotlist.in': 'Entrée',
  'clips.shotlist.out': 'Sortie',
  'clips.shotlist.description': 'Description',
  'clips.shotlist.use': 'Choisir ce plan',
  'clips.shotlist.useLabel': 'Choisir le plan {number} : {description}',
  'clips.page.title': 'Partie de la vidéo « {title} »',
  'clips.page.status.queued': 'En attente',
  'clips.page.status.running': 'En préparation',
  'clips.page.status.ready': 'Prête',
  'clips.page.status.failed': 'Échec',
  'clips.page.refresh': 'Cette page se met à jour toute seule ; vous pouvez aussi la recharger.',
  'clips.page.range': 'De {in} à {out} ({frames} images)',
  'clips.error.notReady': 'Cette vidéo est encore en préparation : réessayez dans un instant.',
  'clips.error.timecode': 'Timecode invalide : {detail}',
  'clips.error.range': 'Sélection invalide : {detail}',
  'clips.error.masterRefused':
    'Le master de cette vidéo n’est pas dans un format accepté : aucune partie ne peut en être tirée.',
  'clips.error.notFound': 'Cette partie n’existe pas ou a été retirée du cache.',
  'clips.error.fileNotReady': 'Cette partie n’est pas encore prête.',
  'clips.error.failed': 'La préparation de la partie a échoué.',
  'clips.error.crossOrigin': 'Cette demande ne vient pas de ce site. Rechargez la page et réessayez.',
  'clips.error.tooMany':
    'Vous avez déjà {max} parties en préparation. Réessayez quand l’une d’elles est prête.',
  'clips.error.unsupportedCodec':
    'Le format broadcast de cette vidéo ({codec}) ne peut pas être coupé à l’image près ici. Choisissez le format web (H.264 MP4).',
  'clips.error.audio': 'Pistes audio invalides : {detail}',
  'clips.editor.unsupported':
    'Le format broadcast de ce master ({codec}) ne peut pas être coupé à l’image près ici : choisissez le format web.',
  'clips.editor.audio': 'Pistes audio',
  'clips.editor.audioHint': 'Toutes les pistes sont gardées ; décochez celles à laisser de côté.',
  'clips.editor.audioStream': 'Piste {number} : {description}',
  'clips.editor.channels.one': 'mono',
  'clips.editor.channels.two': 'stéréo',
  'clips.editor.channels.many': '{count} canaux',
  'clips.page.remade':
    'La première version n’a pas passé la vérification : la partie a été refaite par un réencodage complet.',
  'clips.verify.failed': 'La partie n’a pas pu être faite exactement ; elle n’est pas livrée. {reason}',
  'clips.verify.failedRemade':
    'La partie n’a pas pu être faite exactement, même entièrement réencodée ; elle n’est pas livrée. {reason}',
  'clips.verify.decode_errors': 'Le fichier produit ne se décode pas sans erreur.',
  'clips.verify.frame_count': 'Le fichier produit n’a pas le nombre d’images demandé.',
  'clips.verify.timestamps': 'Les images du fichier produit ne se suivent pas dans l’ordre.',
  'clips.verify.declared_duration':
    'La durée déclarée par le fichier produit ne correspond pas à ses images.',
  'clips.verify.audio_streams': 'Le fichier produit n’a pas les pistes audio demandées.',
  'clips.verify.audio_samples': 'Le son du fichier produit n’a pas la durée exacte de la partie.',
  'clips.verify.edge_frame': 'La première ou la dernière image n’est pas celle du master.',
  'clips.verify.copied_packets': 'Les images copiées du master ne sont pas celles de la partie demandée.',
} as const;

const en: Record<keyof typeof fr, string> = {
  'clips.editor.title': 'Download a part',
  'clips.editor.intro':
    'Mark the in and out points, then choose the format. The part is cut from the master, exact to the frame.',
  'clips.editor.in': 'In (timecode)',
  'clips.editor.out': 'Out (timecode, frame not included)',
  'clips.editor.markIn': 'Mark in (I)',
  'clips.editor.markOut': 'Mark out (O)',
  'clips.editor.duration': 'Duration',
  'clips.editor.durationValue': '{frames} frames ({timecode})',
  'clips.editor.profile': 'Format',
  'clips.editor.broadcast': 'Broadcast: the master’s codec and container ({format})',
  'clips.editor.web': 'Web: H.264 MP4',
  'clips.editor.submit': 'Prepare and download',
  'clips.editor.signIn': 'Sign in with a verified account to download a part of this video.',
  'clips.editor.keys': 'Keyboard: I marks the in point, O marks the out point.',
  'clips.editor.progress': 'Preparing the part: {percent}%',
  'clips.editor.ready': 'The part is ready; the download starts.',
  'clips.editor.readyLink': 'Download the part',
  'clips.editor.share': 'Link to this selection',
  'clips.editor.reencode':
    'This format cannot be cut without re-encoding: the whole part is re-encoded with the master’s settings.',
  'clips.shotlist.title': 'Shotlist',
  'clips.shotlist.in': 'In',
  'clips.shotlist.out': 'Out',
  'clips.shotlist.description': 'Description',
  'clips.shotlist.use': 'Use this shot',
  'clips.shotlist.useLabel': 'Use shot {number}: {description}',
  'clips.page.title': 'Part of the video “{title}”',
  'clips.page.status.queued': 'Waiting',
  'clips.page.status.running': 'Being prepared',
  'clips.page.status.ready': 'Ready',
  'clips.page.status.failed': 'Failed',
  'clips.page.refresh': 'This page updates by itself; you may also reload it.',
  'clips.page.range': 'From {in} to {out} ({frames} frames)',
  'clips.error.notReady': 'This video is still being prepared: try again in a moment.',
  'clips.error.timecode': 'Invalid timecode: {detail}',
  'clips.error.range': 'Invalid selection: {detail}',
  'clips.error.masterRefused':
    'This video’s master is not in an accepted format: no part can be cut from it.',
  'clips.error.notFound': 'This part does not exist or has left the cache.',
  'clips.error.fileNotReady': 'This part is not ready yet.',
  'clips.error.failed': 'Preparing the part failed.',
  'clips.error.crossOrigin': 'This request does not come from this site. Reload the page and try again.',
  'clips.error.tooMany': 'You already have {max} parts being prepared. Try again when one of them is ready.',
  'clips.error.unsupportedCodec':
    'This video’s broadcast format ({codec}) cannot be cut exactly to the frame here. Choose the web profile (H.264 MP4).',
  'clips.error.audio': 'Invalid audio tracks: {detail}',
  'clips.editor.unsupported':
    'This master’s broadcast format ({codec}) cannot be cut exactly to the frame here: choose the web profile.',
  'clips.editor.audio': 'Audio tracks',
  'clips.editor.audioHint': 'Every track is kept; untick the ones to leave out.',
  'clips.editor.audioStream': 'Track {number}: {description}',
  'clips.editor.channels.one': 'mono',
  'clips.editor.channels.two': 'stereo',
  'clips.editor.channels.many': '{count} channels',
  'clips.page.remade': 'The first version failed verification: the part was remade by a full re-encode.',
  'clips.verify.failed': 'The part could not be made exactly; it is not delivered. {reason}',
  'clips.verify.failedRemade':
    'The part could not be made exactly, even re-encoded whole; it is not delivered. {reason}',
  'clips.verify.decode_errors': 'The file made does not decode without errors.',
  'clips.verify.frame_count': 'The file made does not hold the number of frames asked for.',
  'clips.verify.timestamps': 'The frames of the file made are not in order.',
  'clips.verify.declared_duration': 'The duration the file made declares does not match its frames.',
  'clips.verify.audio_streams': 'The file made does not hold the audio tracks asked for.',
  'clips.verify.audio_samples': 'The sound of the file made is not exactly as long as the part.',
  'clips.verify.edge_frame': 'The first or last frame is not the master’s.',
  'clips.verify.copied_packets': 'The frames copied from the master are not those of the requested part.',
};

export const clipsMessages = { fr, en };

registerMessages(clipsMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    clips: typeof clipsMessages;
  }
}
