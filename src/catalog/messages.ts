/** Strings of the catalogue's story and topic pages added with the newsroom. French and English. */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'catalog.onlyIn.title': 'Actualité disponible en anglais seulement',
  'catalog.onlyIn.body': 'Cette actualité n’existe pas en français. Elle est publiée en anglais :',
  'catalog.topics': 'Thèmes',
  'catalog.topic.title': 'Thème : {name}',
  'catalog.topic.empty': 'Aucune actualité publiée sur ce thème pour le moment.',
  'catalog.topic.notFound': 'Ce thème n’existe pas.',
  'catalog.embed.video': 'Vidéo : {title}',
  'catalog.video.titleOnlyIn.fr': '(titre en français seulement)',
  'catalog.video.titleOnlyIn.en': '(titre en anglais seulement)',
  'catalog.preview.banner':
    'Aperçu : voici la page telle qu’elle sera publiée. Les visiteurs ne la voient pas encore.',
  'catalog.player.play': 'Lecture',
  'catalog.player.pause': 'Pause',
  'catalog.player.position': 'Position dans la vidéo',
  'catalog.player.dragIn': 'Faites glisser pour déplacer l’entrée',
  'catalog.player.dragOut': 'Faites glisser pour déplacer la sortie',
  'catalog.player.mute': 'Couper le son',
  'catalog.player.fullscreen': 'Plein écran',
  'catalog.player.keys':
    'Clavier : ← → image par image, espace lecture, J K L navette, I et O marquent l’entrée et la sortie, ? pour l’aide.',
  'catalog.keys.title': 'Raccourcis clavier',
  'catalog.keys.intro': 'Ils marchent partout sur la page, sauf dans un champ de saisie.',
  'catalog.keys.step': 'image précédente, image suivante',
  'catalog.keys.second': 'une seconde en arrière, en avant',
  'catalog.keys.spaceKey': 'Espace',
  'catalog.keys.play': 'lecture, pause',
  'catalog.keys.shuttle': 'navette arrière, arrêt, navette avant (appuyer encore accélère)',
  'catalog.keys.markIn': 'marquer l’entrée sur l’image affichée',
  'catalog.keys.markOut': 'marquer la sortie sur l’image affichée (elle est incluse)',
  'catalog.keys.goIn': 'aller à l’entrée',
  'catalog.keys.goOut': 'aller à la sortie',
  'catalog.keys.ends': 'début, fin de la vidéo',
  'catalog.keys.help': 'cette aide',
  'catalog.keys.close': 'Fermer',
  'catalog.workspace.tools': 'Sélection et téléchargement',
} as const;

const en: Record<keyof typeof fr, string> = {
  'catalog.onlyIn.title': 'Story available in French only',
  'catalog.onlyIn.body': 'This story does not exist in English. It is published in French:',
  'catalog.video.titleOnlyIn.fr': '(title in French only)',
  'catalog.video.titleOnlyIn.en': '(title in English only)',
  'catalog.topics': 'Topics',
  'catalog.topic.title': 'Topic: {name}',
  'catalog.topic.empty': 'No story published on this topic yet.',
  'catalog.topic.notFound': 'This topic does not exist.',
  'catalog.embed.video': 'Video: {title}',
  'catalog.preview.banner': 'Preview: this is the page as it will be published. Visitors do not see it yet.',
  'catalog.player.play': 'Play',
  'catalog.player.pause': 'Pause',
  'catalog.player.position': 'Position in the video',
  'catalog.player.dragIn': 'Drag to move the in point',
  'catalog.player.dragOut': 'Drag to move the out point',
  'catalog.player.mute': 'Mute',
  'catalog.player.fullscreen': 'Full screen',
  'catalog.player.keys':
    'Keyboard: ← → frame by frame, space plays, J K L shuttle, I and O mark in and out, ? for help.',
  'catalog.keys.title': 'Keyboard shortcuts',
  'catalog.keys.intro': 'They work anywhere on the page except in a text field.',
  'catalog.keys.step': 'previous frame, next frame',
  'catalog.keys.second': 'one second back, forward',
  'catalog.keys.spaceKey': 'Space',
  'catalog.keys.play': 'play, pause',
  'catalog.keys.shuttle': 'shuttle back, stop, shuttle forward (press again to go faster)',
  'catalog.keys.markIn': 'mark the in point on the frame on screen',
  'catalog.keys.markOut': 'mark the out point on the frame on screen (it is included)',
  'catalog.keys.goIn': 'go to the in point',
  'catalog.keys.goOut': 'go to the out point',
  'catalog.keys.ends': 'start, end of the video',
  'catalog.keys.help': 'this help',
  'catalog.keys.close': 'Close',
  'catalog.workspace.tools': 'Selection and download',
};

export const catalogMessages = { fr, en };

registerMessages(catalogMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    catalog: typeof catalogMessages;
  }
}
