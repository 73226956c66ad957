/** Strings of the audio feature (upload refusals, API errors, back-office page, story player). FR and EN. */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'audio.error.noFile': 'Aucun fichier reçu : choisissez un ou plusieurs fichiers son.',
  'audio.error.not_audio':
    '« {name} » n’est pas un fichier son accepté (WAV/BWF, AIFF, MP3, AAC/M4A, FLAC, ALAC, Ogg Vorbis ou Opus ; son contenu a été vérifié, pas son nom). Rien n’a été enregistré.',
  'audio.error.has_video':
    '« {name} » contient une image animée : envoyez les vidéos par la page Envoi. Rien n’a été enregistré.',
  'audio.error.unsupported_codec':
    '« {name} » est codé en {codec}, que le portail n’accepte pas (PCM, MP3, AAC, FLAC, ALAC, Vorbis ou Opus). Rien n’a été enregistré.',
  'audio.error.too_long': '« {name} » dure plus de 6 heures. Rien n’a été enregistré.',
  'audio.error.tooLarge': 'Envoi trop volumineux : {max} au plus par fichier. Rien n’a été enregistré.',
  'audio.error.tooMany': 'Trop de fichiers dans un envoi : {max} au plus. Rien n’a été enregistré.',
  'audio.error.notFound': 'Aucun son avec cet identifiant.',
  'audio.error.fileNotFound': 'Ce fichier de son n’existe pas (encore).',
  'audio.error.verifiedOnly':
    'L’original n’est téléchargeable que par les journalistes dont le compte est vérifié.',
  'audio.error.inUse':
    'Ce son est utilisé par des sujets publiés : {stories}. Retirez-le de ces sujets ou dépubliez-les d’abord.',
  'audio.error.invalid': 'Certains champs sont à corriger : {detail}',
  'audio.error.too_long_field': 'le texte dépasse {max} caractères.',
  'audio.error.required': 'un titre est nécessaire, en français ou en anglais.',
  'audio.fieldError': '{field} : {message}',
  'audio.field.titleFr': 'Titre (français)',
  'audio.field.titleEn': 'Titre (anglais)',
  'audio.field.descriptionFr': 'Description (français)',
  'audio.field.descriptionEn': 'Description (anglais)',
  'audio.field.credit': 'Crédit',
  'audio.failed': 'L’écoute web et la forme d’onde n’ont pas pu être faites.',
  'audio.title': 'Sons',
  'audio.intro':
    'Envoyez un ou plusieurs fichiers son (WAV/BWF, AIFF, MP3, AAC/M4A, FLAC, Ogg). L’original est gardé tel quel ; le portail en fait une écoute web (AAC 128 kb/s) et une forme d’onde.',
  'audio.upload.label': 'Fichiers son à envoyer',
  'audio.upload.help': '{files} fichiers au plus, {max} au plus chacun.',
  'audio.upload.submit': 'Envoyer',
  'audio.uploaded': '{count, plural, one {# son enregistré} other {# sons enregistrés}}.',
  'audio.saved': 'Son enregistré.',
  'audio.deleted': 'Son supprimé.',
  'audio.save': 'Enregistrer',
  'audio.delete': 'Supprimer',
  'audio.empty': 'Aucun son pour l’instant.',
  'audio.list.caption': 'Sons envoyés',
  'audio.status.processing': 'Écoute web et forme d’onde en préparation…',
  'audio.status.failed': 'Échec : {reason}',
  'audio.meta': '{duration}, {codec}, {rate} kHz, {channels, plural, one {# canal} other {# canaux}}, {size}',
  'audio.mediaLine': 'Ligne à coller dans les médias d’un sujet :',
  'audio.figure.credit': 'Son : {credit}',
  'audio.figure.waveform': 'Forme d’onde de « {title} »',
  'audio.figure.download': 'Télécharger l’original ({size})',
  'audio.figure.downloadSignIn': 'Connectez-vous avec un compte vérifié pour télécharger l’original.',
  'audio.figure.noPlayer': 'Votre navigateur ne lit pas ce son : ',
  'audio.figure.otherLanguage': '(titre en anglais)',
  'audio.figure.part': 'Télécharger une partie',
  'audio.figure.partIn': 'Début (timecode, 25 images/s)',
  'audio.figure.partOut': 'Fin (exclue)',
  'audio.figure.partSubmit': 'Préparer la partie',
  'audio.figure.partHelp': 'Au format de l’original, à l’échantillon près. Durée : de 00:00:00:00 à {end}.',
};

const en: Record<keyof typeof fr, string> = {
  'audio.error.noFile': 'No file received: choose one or more sound files.',
  'audio.error.not_audio':
    '“{name}” is not an accepted sound file (WAV/BWF, AIFF, MP3, AAC/M4A, FLAC, ALAC, Ogg Vorbis or Opus; its content was checked, not its name). Nothing was kept.',
  'audio.error.has_video':
    '“{name}” contains moving pictures: send videos through the Upload page. Nothing was kept.',
  'audio.error.unsupported_codec':
    '“{name}” is encoded as {codec}, which the portal does not accept (PCM, MP3, AAC, FLAC, ALAC, Vorbis or Opus). Nothing was kept.',
  'audio.error.too_long': '“{name}” lasts more than 6 hours. Nothing was kept.',
  'audio.error.tooLarge': 'Upload too large: {max} at most a file. Nothing was kept.',
  'audio.error.tooMany': 'Too many files in one upload: {max} at most. Nothing was kept.',
  'audio.error.notFound': 'No sound with this id.',
  'audio.error.fileNotFound': 'This file of the sound does not exist (yet).',
  'audio.error.verifiedOnly': 'Only journalists with a verified account may download the original.',
  'audio.error.inUse':
    'Published stories use this sound: {stories}. Remove it from them or unpublish them first.',
  'audio.error.invalid': 'Some fields need correcting: {detail}',
  'audio.error.too_long_field': 'the text is longer than {max} characters.',
  'audio.error.required': 'a title is needed, in French or in English.',
  'audio.fieldError': '{field}: {message}',
  'audio.field.titleFr': 'Title (French)',
  'audio.field.titleEn': 'Title (English)',
  'audio.field.descriptionFr': 'Description (French)',
  'audio.field.descriptionEn': 'Description (English)',
  'audio.field.credit': 'Credit',
  'audio.failed': 'The web preview and the waveform could not be made.',
  'audio.title': 'Audio',
  'audio.intro':
    'Upload one or more sound files (WAV/BWF, AIFF, MP3, AAC/M4A, FLAC, Ogg). The original is kept as it is; the portal makes a web preview (AAC 128 kb/s) and a waveform.',
  'audio.upload.label': 'Sound files to upload',
  'audio.upload.help': '{files} files at most, {max} at most each.',
  'audio.upload.submit': 'Upload',
  'audio.uploaded': '{count, plural, one {# sound kept} other {# sounds kept}}.',
  'audio.saved': 'Sound saved.',
  'audio.deleted': 'Sound deleted.',
  'audio.save': 'Save',
  'audio.delete': 'Delete',
  'audio.empty': 'No sound yet.',
  'audio.list.caption': 'Uploaded sounds',
  'audio.status.processing': 'Web preview and waveform being made…',
  'audio.status.failed': 'Failed: {reason}',
  'audio.meta':
    '{duration}, {codec}, {rate} kHz, {channels, plural, one {# channel} other {# channels}}, {size}',
  'audio.mediaLine': 'Line to paste into a story’s media:',
  'audio.figure.credit': 'Audio: {credit}',
  'audio.figure.waveform': 'Waveform of “{title}”',
  'audio.figure.download': 'Download the original ({size})',
  'audio.figure.downloadSignIn': 'Sign in with a verified account to download the original.',
  'audio.figure.noPlayer': 'Your browser cannot play this sound: ',
  'audio.figure.otherLanguage': '(title in French)',
  'audio.figure.part': 'Download a part',
  'audio.figure.partIn': 'In (timecode, 25 frames/s)',
  'audio.figure.partOut': 'Out (excluded)',
  'audio.figure.partSubmit': 'Prepare the part',
  'audio.figure.partHelp': 'In the original’s format, sample-exact. Length: 00:00:00:00 to {end}.',
};

export const audioMessages = { fr, en };

registerMessages(audioMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    audio: typeof audioMessages;
  }
}
