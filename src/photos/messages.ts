/** Strings of the photos feature (upload refusals, API errors, back-office page, story figures). FR and EN. */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'photos.error.noFile': 'Aucun fichier reçu : choisissez une ou plusieurs photos.',
  'photos.error.notImage':
    '« {name} » n’est pas une image JPEG, PNG, TIFF, WebP ou AVIF (son contenu a été vérifié, pas son nom). Rien n’a été enregistré.',
  'photos.error.heic':
    '« {name} » est une image HEIC/HEIF : la bibliothèque d’images du portail ne sait pas la lire. Exportez-la en JPEG (sur iPhone : Réglages › Appareil photo › Formats › « Le plus compatible ») puis recommencez. Rien n’a été enregistré.',
  'photos.error.unreadable':
    '« {name} » a l’en-tête d’une image mais ne peut pas être lue (fichier tronqué ou abîmé). Rien n’a été enregistré.',
  'photos.error.tooLarge': 'Envoi trop volumineux : {max} au plus par envoi. Rien n’a été enregistré.',
  'photos.error.tooManyPixels':
    '« {name} » est trop grande ({megapixels} mégapixels, 200 au plus). Rien n’a été enregistré.',
  'photos.error.tooMany': 'Trop de fichiers dans un envoi : {max} au plus. Rien n’a été enregistré.',
  'photos.error.notFound': 'Aucune photo avec cet identifiant.',
  'photos.error.renditionNotFound': 'Cette taille de photo n’existe pas (encore).',
  'photos.error.verifiedOnly':
    'L’original n’est téléchargeable que par les journalistes dont le compte est vérifié.',
  'photos.error.inUse':
    'Cette photo est montrée par des sujets publiés : {stories}. Retirez-la de ces sujets ou dépubliez-les d’abord.',
  'photos.error.invalid': 'Certains champs sont à corriger : {detail}',
  'photos.error.captionTooLong': 'la légende dépasse {max} caractères.',
  'photos.error.creditTooLong': 'le crédit dépasse {max} caractères.',
  'photos.fieldError': '{field} : {message}',
  'photos.failed': 'Les tailles web n’ont pas pu être faites.',
  'photos.title': 'Photos',
  'photos.intro':
    'Envoyez une ou plusieurs photos (JPEG, PNG, TIFF, WebP, AVIF ; pas de HEIC). L’original est gardé tel quel ; les tailles web sont faites sans métadonnées (ni GPS ni EXIF).',
  'photos.upload.label': 'Photos à envoyer',
  'photos.upload.help': '{max} au plus par envoi, {files} fichiers au plus.',
  'photos.upload.submit': 'Envoyer',
  'photos.uploaded':
    '{count, plural, one {# photo envoyée} other {# photos envoyées}}. Les tailles web se préparent.',
  'photos.caption': 'Légendes',
  'photos.list.caption': 'Photos, les plus récentes d’abord',
  'photos.empty': 'Aucune photo pour l’instant.',
  'photos.field.captionFr': 'Légende (français)',
  'photos.field.captionEn': 'Légende (anglais)',
  'photos.field.credit': 'Crédit',
  'photos.save': 'Enregistrer',
  'photos.saved': 'Photo enregistrée.',
  'photos.delete': 'Supprimer',
  'photos.deleted': 'Photo supprimée.',
  'photos.status.processing': 'Tailles web en préparation…',
  'photos.status.failed': 'Échec : {reason}',
  'photos.meta': '{width} × {height} px, {size}',
  'photos.takenAt': 'Prise le {date}',
  'photos.download.original': 'Original',
  'photos.download.large': 'Grande taille',
  'photos.figure.credit': 'Photo : {credit}',
  'photos.figure.downloads': 'Télécharger :',
  'photos.figure.downloadSignIn': 'Connectez-vous pour télécharger l’original.',
  'photos.story.media': 'Médias',
  'photos.noCaption': 'Photo sans légende',
};

const en: typeof fr = {
  'photos.error.noFile': 'No file received: choose one or more photos.',
  'photos.error.notImage':
    '“{name}” is not a JPEG, PNG, TIFF, WebP or AVIF image (its content was checked, not its name). Nothing was kept.',
  'photos.error.heic':
    '“{name}” is a HEIC/HEIF image: the portal’s image library cannot read it. Export it as JPEG (on an iPhone: Settings › Camera › Formats › “Most Compatible”) and try again. Nothing was kept.',
  'photos.error.unreadable':
    '“{name}” starts like an image but cannot be read (truncated or damaged). Nothing was kept.',
  'photos.error.tooLarge': 'Upload too large: at most {max} per upload. Nothing was kept.',
  'photos.error.tooManyPixels':
    '“{name}” is too large ({megapixels} megapixels, at most 200). Nothing was kept.',
  'photos.error.tooMany': 'Too many files in one upload: at most {max}. Nothing was kept.',
  'photos.error.notFound': 'No photo with this id.',
  'photos.error.renditionNotFound': 'This size of the photo does not exist (yet).',
  'photos.error.verifiedOnly': 'Only journalists with a verified account may download the original.',
  'photos.error.inUse':
    'Published stories show this photo: {stories}. Remove it from them or unpublish them first.',
  'photos.error.invalid': 'Some fields need correcting: {detail}',
  'photos.error.captionTooLong': 'the caption is longer than {max} characters.',
  'photos.error.creditTooLong': 'the credit is longer than {max} characters.',
  'photos.fieldError': '{field}: {message}',
  'photos.failed': 'The web sizes could not be made.',
  'photos.title': 'Photos',
  'photos.intro':
    'Upload one or more photos (JPEG, PNG, TIFF, WebP, AVIF; not HEIC). The original is kept as it is; the web sizes are made without metadata (no GPS, no EXIF).',
  'photos.upload.label': 'Photos to upload',
  'photos.upload.help': 'At most {max} per upload, {files} files at most.',
  'photos.upload.submit': 'Upload',
  'photos.uploaded':
    '{count, plural, one {# photo uploaded} other {# photos uploaded}}. The web sizes are being made.',
  'photos.caption': 'Captions',
  'photos.list.caption': 'Photos, most recent first',
  'photos.empty': 'No photos yet.',
  'photos.field.captionFr': 'Caption (French)',
  'photos.field.captionEn': 'Caption (English)',
  'photos.field.credit': 'Credit',
  'photos.save': 'Save',
  'photos.saved': 'Photo saved.',
  'photos.delete': 'Delete',
  'photos.deleted': 'Photo deleted.',
  'photos.status.processing': 'Web sizes being made…',
  'photos.status.failed': 'Failed: {reason}',
  'photos.meta': '{width} × {height} px, {size}',
  'photos.takenAt': 'Taken on {date}',
  'photos.download.original': 'Original',
  'photos.download.large': 'Large size',
  'photos.figure.credit': 'Photo: {credit}',
  'photos.figure.downloads': 'Download:',
  'photos.figure.downloadSignIn': 'Sign in to download the original.',
  'photos.story.media': 'Media',
  'photos.noCaption': 'Photo without caption',
};

export const photosMessages = { fr, en };

registerMessages(photosMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    photos: typeof photosMessages;
  }
}
