/** Strings of the portal's settings (admin page, API errors, default privacy text). FR and EN. */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'settings.title': 'Réglages du portail',
  'settings.tab': 'Réglages',
  'settings.intro':
    'Ce que le portail affiche de l’institution. Un champ vide reprend la valeur de la configuration du serveur (indiquée en dessous).',
  'settings.adminOnly': 'Les réglages du portail sont réservés aux administrateurs.',
  'settings.signInRequired': 'Connectez-vous avec un compte administrateur pour continuer.',
  'settings.invalid': 'Certains réglages sont à corriger : {detail}',
  'settings.stale':
    'Quelqu’un a modifié les réglages pendant que vous les éditiez (version {revision}). Vérifiez vos valeurs ci-dessous et enregistrez à nouveau.',
  'settings.saved': 'Réglages enregistrés.',
  'settings.logoSaved': 'Logo enregistré.',
  'settings.save': 'Enregistrer les réglages',
  'settings.default': 'Par défaut : {value}',
  'settings.lastChange': 'Dernière modification par {who}, le {at} (version {revision}).',
  'settings.neverChanged': 'Aucun réglage enregistré : tout vient de la configuration.',
  'settings.group.names': 'Noms',
  'settings.group.look': 'Apparence',
  'settings.group.contact': 'Contact',
  'settings.group.texts': 'Conditions et confidentialité',
  'settings.group.logo': 'Logo',
  'settings.field.name.fr': 'Nom du portail (français)',
  'settings.field.name.en': 'Nom du portail (anglais)',
  'settings.field.institution.fr': 'Institution (français)',
  'settings.field.institution.en': 'Institution (anglais)',
  'settings.field.shortName': 'Nom court de l’institution (crédits)',
  'settings.field.tagline.fr': 'Slogan (français)',
  'settings.field.tagline.en': 'Slogan (anglais)',
  'settings.field.colours.primary': 'Couleur principale',
  'settings.field.contactEmail': 'Adresse de contact',
  'settings.field.terms.fr': 'Conditions d’utilisation (français, Markdown)',
  'settings.field.terms.en': 'Conditions d’utilisation (anglais, Markdown)',
  'settings.field.privacy.fr': 'Politique de confidentialité (français, Markdown)',
  'settings.field.privacy.en': 'Politique de confidentialité (anglais, Markdown)',
  'settings.field.logo': 'Logo',
  'settings.field.body': 'Requête',
  'settings.hint.colour':
    'Au format #rrggbb. Elle sert de fond à l’en-tête (texte blanc) et de couleur des liens : un contraste d’au moins 4,5:1 avec le blanc et le gris clair est exigé.',
  'settings.hint.markdown': 'Markdown : titres, listes, liens, citations. Pas de HTML.',
  'settings.hint.logo':
    'PNG, JPEG, WebP ou SVG, au plus 2 Mo. L’image est réencodée (un SVG est dessiné) en PNG d’au plus 640 × 160 pixels, sans ses métadonnées.',
  'settings.logo.none': 'Aucun logo : l’en-tête montre le nom seul.',
  'settings.logo.current': 'Logo actuel',
  'settings.logo.upload': 'Envoyer ce logo',
  'settings.logo.file': 'Fichier image',
  'settings.logo.remove': 'Retirer le logo',
  'settings.preview': 'Aperçu',
  'settings.preview.link': 'Un lien',
  'settings.preview.button': 'Un bouton',
  'settings.code.too_long': 'au plus {max} caractères.',
  'settings.code.one_line': 'une seule ligne, sans les caractères < > ".',
  'settings.code.control_characters': 'contient des caractères de contrôle.',
  'settings.code.invalid_email': 'adresse électronique invalide (exemple : presse@exemple.org).',
  'settings.code.invalid_colour':
    'couleur invalide : six chiffres hexadécimaux précédés de #, par exemple #0b4f8a.',
  'settings.code.low_contrast':
    'trop claire : contraste de {ratio}:1 avec le blanc ou le gris clair, il faut au moins {min}:1 pour que le texte reste lisible.',
  'settings.code.logo_upload':
    'un logo s’envoie comme fichier (POST /settings/logo) ; ici, seul null le retire.',
  'settings.code.not_image':
    'ce fichier n’est pas une image PNG, JPEG, WebP ou SVG lisible ; rien n’a été conservé.',
  'settings.code.svg_external':
    'ce SVG déclare des entités ou renvoie à des fichiers ou adresses extérieurs ; il doit se suffire à lui-même. Rien n’a été conservé.',
  'settings.code.image_too_large':
    'image trop grande (au plus 2 Mo et 25 mégapixels) ; rien n’a été conservé.',
  'settings.code.no_file': 'aucun fichier reçu.',
  'settings.code.invalid': 'valeur invalide.',
  'settings.code.required': 'obligatoire.',
  'settings.noFile': 'Choisissez un fichier image à envoyer.',
  'settings.privacy.title': 'Confidentialité',
  'settings.privacy.body':
    'Ce portail conserve les données de votre compte (nom, adresse électronique, organisation) et l’historique de vos téléchargements pour vous fournir le service et répondre aux demandes des ayants droit. Elles ne sont ni vendues ni cédées. Vous pouvez les consulter et supprimer votre compte depuis votre profil.',
};

const en: typeof fr = {
  'settings.title': 'Portal settings',
  'settings.tab': 'Settings',
  'settings.intro':
    'What the portal shows of the institution. An empty field falls back to the server’s configuration (shown below it).',
  'settings.adminOnly': 'The portal’s settings are for administrators only.',
  'settings.signInRequired': 'Sign in with an administrator account to continue.',
  'settings.invalid': 'Some settings need correcting: {detail}',
  'settings.stale':
    'Someone changed the settings while you were editing them (revision {revision}). Check your values below and save again.',
  'settings.saved': 'Settings saved.',
  'settings.logoSaved': 'Logo saved.',
  'settings.save': 'Save settings',
  'settings.default': 'Default: {value}',
  'settings.lastChange': 'Last changed by {who} on {at} (revision {revision}).',
  'settings.neverChanged': 'No setting stored: everything comes from the configuration.',
  'settings.group.names': 'Names',
  'settings.group.look': 'Appearance',
  'settings.group.contact': 'Contact',
  'settings.group.texts': 'Terms and privacy',
  'settings.group.logo': 'Logo',
  'settings.field.name.fr': 'Portal name (French)',
  'settings.field.name.en': 'Portal name (English)',
  'settings.field.institution.fr': 'Institution (French)',
  'settings.field.institution.en': 'Institution (English)',
  'settings.field.shortName': 'Institution’s short name (credits)',
  'settings.field.tagline.fr': 'Tagline (French)',
  'settings.field.tagline.en': 'Tagline (English)',
  'settings.field.colours.primary': 'Primary colour',
  'settings.field.contactEmail': 'Contact address',
  'settings.field.terms.fr': 'Terms of use (French, Markdown)',
  'settings.field.terms.en': 'Terms of use (English, Markdown)',
  'settings.field.privacy.fr': 'Privacy policy (French, Markdown)',
  'settings.field.privacy.en': 'Privacy policy (English, Markdown)',
  'settings.field.logo': 'Logo',
  'settings.field.body': 'Request',
  'settings.hint.colour':
    'As #rrggbb. It is the header’s background (white text) and the links’ colour: a contrast of at least 4.5:1 with white and light grey is required.',
  'settings.hint.markdown': 'Markdown: headings, lists, links, quotes. No HTML.',
  'settings.hint.logo':
    'PNG, JPEG, WebP or SVG, at most 2 MB. The image is re-encoded (an SVG is drawn) as a PNG of at most 640 × 160 pixels, without its metadata.',
  'settings.logo.none': 'No logo: the header shows the name alone.',
  'settings.logo.current': 'Current logo',
  'settings.logo.upload': 'Upload this logo',
  'settings.logo.file': 'Image file',
  'settings.logo.remove': 'Remove the logo',
  'settings.preview': 'Preview',
  'settings.preview.link': 'A link',
  'settings.preview.button': 'A button',
  'settings.code.too_long': 'at most {max} characters.',
  'settings.code.one_line': 'one line only, without the characters < > ".',
  'settings.code.control_characters': 'contains control characters.',
  'settings.code.invalid_email': 'not a valid email address (example: press@example.org).',
  'settings.code.invalid_colour': 'not a valid colour: # followed by six hexadecimal digits, e.g. #0b4f8a.',
  'settings.code.low_contrast':
    'too light: its contrast with white or light grey is {ratio}:1, at least {min}:1 is needed for text to stay readable.',
  'settings.code.logo_upload': 'a logo is sent as a file (POST /settings/logo); here only null removes it.',
  'settings.code.not_image': 'this file is not a readable PNG, JPEG, WebP or SVG image; nothing was kept.',
  'settings.code.svg_external':
    'this SVG declares entities or refers to files or addresses outside itself; it must stand alone. Nothing was kept.',
  'settings.code.image_too_large': 'image too large (at most 2 MB and 25 megapixels); nothing was kept.',
  'settings.code.no_file': 'no file received.',
  'settings.code.invalid': 'invalid value.',
  'settings.code.required': 'required.',
  'settings.noFile': 'Choose an image file to upload.',
  'settings.privacy.title': 'Privacy',
  'settings.privacy.body':
    'This portal keeps your account’s data (name, email address, organisation) and your download history to provide the service and to answer rights holders’ requests. They are neither sold nor passed on. You can see them and delete your account from your profile.',
};

export const settingsMessages = { fr, en };

registerMessages(settingsMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    settings: typeof settingsMessages;
  }
}
