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
};

export const catalogMessages = { fr, en };

registerMessages(catalogMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    catalog: typeof catalogMessages;
  }
}
