/** The basket's FR/EN strings (page, API errors, the archive's manifest), registered with the kit. */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'basket.nav': 'Ma sélection',
  'basket.title': 'Ma sélection',
  'basket.intro':
    'Mettez de côté des vidéos entières et des parties de vidéos, puis téléchargez-les une à une ou toutes ensemble dans un fichier ZIP, avec un manifeste (titres, crédits, conditions d’utilisation, timecodes).',
  'basket.empty': 'Votre sélection est vide. Ajoutez-y des vidéos ou des parties depuis la page d’une vidéo.',
  'basket.count': '{count, plural, one {# élément} other {# éléments}}',
  'basket.col.item': 'Élément',
  'basket.col.what': 'Contenu',
  'basket.col.state': 'État',
  'basket.col.actions': 'Actions',
  'basket.what.master': 'Vidéo entière, original (master)',
  'basket.what.web': 'Vidéo entière, version web (H.264 MP4)',
  'basket.what.clip':
    'Partie {profile} : de {first} à {last} ({frames, plural, one {# image} other {# images}}, {seconds} s)',
  'basket.profile.broadcast': 'diffusion',
  'basket.profile.web': 'web',
  'basket.state.ready': 'Prêt ({size})',
  'basket.state.preparing': 'En préparation ({percent} %)',
  'basket.state.refused': 'Refusé : {reason}',
  'basket.name': 'Nom',
  'basket.rename': 'Renommer',
  'basket.remove': 'Retirer',
  'basket.download': 'Télécharger',
  'basket.downloadAll': 'Tout télécharger (ZIP)',
  'basket.emptyAll': 'Vider la sélection',
  'basket.notReadyYet':
    'Certains éléments sont en préparation : le ZIP sera disponible quand tous seront prêts. Cette page se met à jour seule.',
  'basket.refusedNote': 'Les éléments refusés ne seront pas dans le ZIP.',
  'basket.add': 'Ajouter à ma sélection',
  'basket.addWhole': 'Ajouter la vidéo entière à ma sélection',
  'basket.added': 'Ajouté à votre sélection ({count}).',
  'basket.addedLink': 'Voir ma sélection',
  'basket.client.network': 'La connexion a échoué. Réessayez.',
  'basket.error.full':
    'Votre sélection contient déjà {max} éléments : téléchargez-la ou retirez-en avant d’en ajouter.',
  'basket.error.notFound': 'Cet élément n’est pas dans votre sélection.',
  'basket.error.name': 'Le nom ne doit pas dépasser {max} caractères.',
  'basket.error.range': 'La partie demandée n’est pas dans la vidéo.',
  'basket.error.empty': 'Votre sélection ne contient rien à télécharger.',
  'basket.error.notReady':
    '{count, plural, one {# élément de votre sélection est encore en préparation} other {# éléments de votre sélection sont encore en préparation}}. Réessayez quand ils seront prêts.',
  'basket.manifest.fileName': 'manifeste.txt',
  'basket.manifest.heading': 'Sélection téléchargée le {date}',
  'basket.manifest.file': 'Fichier',
  'basket.manifest.title': 'Titre',
  'basket.manifest.content': 'Contenu',
  'basket.manifest.credit': 'Crédit',
  'basket.manifest.terms': 'Conditions d’utilisation',
  'basket.manifest.restrictions': 'Restrictions',
  'basket.manifest.embargo': 'Ne pas publier avant le {date}',
  'basket.manifest.startTimecode': 'Timecode de début',
  'basket.manifest.left': 'Non inclus',
  'basket.manifest.page': 'Page de la vidéo',
};

const en: Record<keyof typeof fr, string> = {
  'basket.nav': 'My selection',
  'basket.title': 'My selection',
  'basket.intro':
    'Put whole videos and parts of videos aside, then download them one by one or all together in a ZIP file, with a manifest (titles, credits, usage terms, timecodes).',
  'basket.empty': 'Your selection is empty. Add videos or parts to it from a video’s page.',
  'basket.count': '{count, plural, one {# item} other {# items}}',
  'basket.col.item': 'Item',
  'basket.col.what': 'Content',
  'basket.col.state': 'State',
  'basket.col.actions': 'Actions',
  'basket.what.master': 'Whole video, original (master)',
  'basket.what.web': 'Whole video, web version (H.264 MP4)',
  'basket.what.clip':
    '{profile} part: {first} to {last} ({frames, plural, one {# frame} other {# frames}}, {seconds} s)',
  'basket.profile.broadcast': 'Broadcast',
  'basket.profile.web': 'Web',
  'basket.state.ready': 'Ready ({size})',
  'basket.state.preparing': 'Being prepared ({percent}%)',
  'basket.state.refused': 'Refused: {reason}',
  'basket.name': 'Name',
  'basket.rename': 'Rename',
  'basket.remove': 'Remove',
  'basket.download': 'Download',
  'basket.downloadAll': 'Download all (ZIP)',
  'basket.emptyAll': 'Empty the selection',
  'basket.notReadyYet':
    'Some items are being prepared: the ZIP will be available once they are all ready. This page updates itself.',
  'basket.refusedNote': 'Refused items will not be in the ZIP.',
  'basket.add': 'Add to my selection',
  'basket.addWhole': 'Add the whole video to my selection',
  'basket.added': 'Added to your selection ({count}).',
  'basket.addedLink': 'See my selection',
  'basket.client.network': 'The connection failed. Try again.',
  'basket.error.full':
    'Your selection already holds {max} items: download it or remove some before adding more.',
  'basket.error.notFound': 'This item is not in your selection.',
  'basket.error.name': 'The name must not be longer than {max} characters.',
  'basket.error.range': 'The part asked for is not in the video.',
  'basket.error.empty': 'Your selection holds nothing to download.',
  'basket.error.notReady':
    '{count, plural, one {# item of your selection is still being prepared} other {# items of your selection are still being prepared}}. Try again once they are ready.',
  'basket.manifest.fileName': 'manifest.txt',
  'basket.manifest.heading': 'Selection downloaded on {date}',
  'basket.manifest.file': 'File',
  'basket.manifest.title': 'Title',
  'basket.manifest.content': 'Content',
  'basket.manifest.credit': 'Credit',
  'basket.manifest.terms': 'Usage terms',
  'basket.manifest.restrictions': 'Restrictions',
  'basket.manifest.embargo': 'Not for publication before {date}',
  'basket.manifest.startTimecode': 'Start timecode',
  'basket.manifest.left': 'Not included',
  'basket.manifest.page': 'Video page',
};

export const basketMessages = registerMessages({ fr, en });

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    basket: typeof basketMessages;
  }
}
