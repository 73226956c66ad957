/** Feed, sitemap and saved-search strings, in French and English. */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'reach.feed.title': '{site} : actualités',
  'reach.feed.topicTitle': '{site} : {topic}',
  'reach.feed.searchTitle': '{site} : recherche « {query} »',
  'reach.feed.description': 'Les derniers sujets publiés, avec leurs vidéos.',
  'reach.feed.searchDescription': 'Les sujets, vidéos et plans publiés qui répondent à cette recherche.',
  'reach.feed.link': 'Abonnez-vous (RSS)',
  'reach.feed.atomLink': 'Abonnez-vous (Atom)',
  'reach.feed.video': 'Vidéo : {title} ({duration})',
  'reach.feed.shot': 'Plan de {in} à {out} dans « {title} »',
  'reach.feed.unknownTopic': 'Ce thème n’existe pas.',
  'reach.feed.unknownSearch': 'Ce flux n’existe pas ou n’existe plus.',
  'reach.saved.error.name': 'Donnez un nom à cette recherche (120 caractères au plus).',
  'reach.saved.error.alert': 'Alerte inconnue : choisissez none, hourly ou daily.',
  'reach.saved.error.limit': 'Vous avez atteint le nombre maximal de recherches enregistrées ({max}).',
  'reach.saved.error.notFound': 'Cette recherche enregistrée n’existe pas.',
} as const;

const en: Record<keyof typeof fr, string> = {
  'reach.feed.title': '{site}: news',
  'reach.feed.topicTitle': '{site}: {topic}',
  'reach.feed.searchTitle': '{site}: search “{query}”',
  'reach.feed.description': 'The latest published stories, with their videos.',
  'reach.feed.searchDescription': 'Published stories, videos and shots that match this search.',
  'reach.feed.link': 'Subscribe (RSS)',
  'reach.feed.atomLink': 'Subscribe (Atom)',
  'reach.feed.video': 'Video: {title} ({duration})',
  'reach.feed.shot': 'Shot from {in} to {out} in “{title}”',
  'reach.feed.unknownTopic': 'This topic does not exist.',
  'reach.feed.unknownSearch': 'This feed does not exist or no longer exists.',
  'reach.saved.error.name': 'Give this search a name (at most 120 characters).',
  'reach.saved.error.alert': 'Unknown alert: choose none, hourly or daily.',
  'reach.saved.error.limit': 'You have reached the largest number of saved searches ({max}).',
  'reach.saved.error.notFound': 'This saved search does not exist.',
};

export const reachMessages = { fr, en };

registerMessages(reachMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    reach: typeof reachMessages;
  }
}
