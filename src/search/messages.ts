/** Search page and API strings, in French and English (the page's title, label and button are core's). */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'search.intro': 'Cherchez dans les sujets, les vidéos et leurs listes de plans, en français et en anglais.',
  'search.hint':
    'Des guillemets pour une expression exacte ("niveau de la mer"), -mot pour exclure un mot, OR pour l’un ou l’autre.',
  'search.didYouMean': 'Vouliez-vous dire :',
  'search.filters': 'Affiner',
  'search.facet.type': 'Type',
  'search.facet.lang': 'Langue',
  'search.facet.topic': 'Thème',
  'search.facet.date': 'Date de publication',
  'search.type.story': 'Sujet',
  'search.type.video': 'Vidéo',
  'search.type.shot': 'Plan',
  'search.type.photo': 'Photo',
  'search.type.audio': 'Son',
  'search.lang.fr': 'En français',
  'search.lang.en': 'En anglais',
  'search.all': 'Tous',
  'search.from': 'Publié à partir du',
  'search.to': 'Publié jusqu’au',
  'search.sort': 'Trier par',
  'search.sort.relevance': 'Pertinence',
  'search.sort.date': 'Date, du plus récent',
  'search.apply': 'Appliquer',
  'search.clear': 'Effacer les filtres',
  'search.onlyIn.fr': 'Seulement en français',
  'search.onlyIn.en': 'Seulement en anglais',
  'search.duration': 'Durée {duration}',
  'search.shotRange': 'Plan de {in} à {out}',
  'search.pageOf': 'Page {page} sur {pages}',
  'search.resultsMore':
    '{count, plural, one {Plus de # résultat} other {Plus de # résultats}} pour « {query} »',
  'search.pagination': 'Pages de résultats',
  'search.error.empty': 'Tapez un ou plusieurs mots à chercher.',
  'search.error.too_long': 'Votre recherche est trop longue : {max} caractères au plus.',
  'search.error.invalid_characters':
    'Votre recherche contient des caractères de contrôle, qui ne sont pas acceptés. Retapez-la.',
  'search.error.no_words': 'Votre recherche ne contient aucun mot, seulement de la ponctuation.',
  'search.error.stop_words':
    'Votre recherche ne contient que des mots trop courants (comme « le », « de » ou « the ») : ajoutez un mot plus précis.',
  'search.error.invalid_type': 'Type inconnu : choisissez sujet (story), vidéo (video) ou plan (shot).',
  'search.error.invalid_language': 'Langue inconnue : choisissez fr ou en.',
  'search.error.invalid_date': 'Date invalide : utilisez le format AAAA-MM-JJ.',
  'search.error.invalid_range': 'La date de début est après la date de fin.',
  'search.error.invalid_sort': 'Tri inconnu : choisissez relevance ou date.',
  'search.error.invalid_page': 'Page invalide : de 1 à {max}.',
} as const;

const en: Record<keyof typeof fr, string> = {
  'search.intro': 'Search stories, videos and their shotlists, in French and English.',
  'search.hint': 'Quotes for an exact phrase ("sea level"), -word to leave a word out, OR for either word.',
  'search.didYouMean': 'Did you mean:',
  'search.filters': 'Refine',
  'search.facet.type': 'Type',
  'search.facet.lang': 'Language',
  'search.facet.topic': 'Topic',
  'search.facet.date': 'Publication date',
  'search.type.story': 'Story',
  'search.type.video': 'Video',
  'search.type.shot': 'Shot',
  'search.type.photo': 'Photo',
  'search.type.audio': 'Audio',
  'search.lang.fr': 'In French',
  'search.lang.en': 'In English',
  'search.all': 'All',
  'search.from': 'Published from',
  'search.to': 'Published until',
  'search.sort': 'Sort by',
  'search.sort.relevance': 'Relevance',
  'search.sort.date': 'Date, newest first',
  'search.apply': 'Apply',
  'search.clear': 'Clear filters',
  'search.onlyIn.fr': 'Only in French',
  'search.onlyIn.en': 'Only in English',
  'search.duration': 'Duration {duration}',
  'search.shotRange': 'Shot from {in} to {out}',
  'search.pageOf': 'Page {page} of {pages}',
  'search.resultsMore': '{count, plural, one {More than # result} other {More than # results}} for “{query}”',
  'search.pagination': 'Result pages',
  'search.error.empty': 'Type one or more words to search for.',
  'search.error.too_long': 'Your search is too long: {max} characters at most.',
  'search.error.invalid_characters':
    'Your search holds control characters, which are not accepted. Please type it again.',
  'search.error.no_words': 'Your search holds no word, only punctuation.',
  'search.error.stop_words':
    'Your search holds only very common words (such as “the”, “of” or “le”): add a more specific word.',
  'search.error.invalid_type': 'Unknown type: choose story, video or shot.',
  'search.error.invalid_language': 'Unknown language: choose fr or en.',
  'search.error.invalid_date': 'Invalid date: use the YYYY-MM-DD format.',
  'search.error.invalid_range': 'The start date is after the end date.',
  'search.error.invalid_sort': 'Unknown sort: choose relevance or date.',
  'search.error.invalid_page': 'Invalid page: from 1 to {max}.',
};

export const searchMessages = { fr, en };

registerMessages(searchMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    search: typeof searchMessages;
  }
}
