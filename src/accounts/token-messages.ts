/** Strings of API tokens: the profile section, the page showing a new token, API errors. FR and EN. */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  'apiTokens.title': 'Jetons d’API',
  'apiTokens.intro':
    'Un jeton d’API permet à un script de télécharger sans navigateur, avec les droits de votre compte. Gardez-le secret comme un mot de passe ; révoquez-le dès qu’il ne sert plus.',
  'apiTokens.none': 'Vous n’avez aucun jeton actif.',
  'apiTokens.col.name': 'Nom',
  'apiTokens.col.prefix': 'Début du jeton',
  'apiTokens.col.created': 'Créé le',
  'apiTokens.col.lastUsed': 'Dernière utilisation',
  'apiTokens.col.actions': 'Actions',
  'apiTokens.neverUsed': 'jamais',
  'apiTokens.name.label': 'Nom du nouveau jeton',
  'apiTokens.name.hint':
    'Pour le reconnaître, par exemple « script de la rédaction » ({max} caractères au plus).',
  'apiTokens.name.required': 'Donnez un nom au jeton.',
  'apiTokens.name.tooLong': 'Le nom du jeton doit faire au plus {max} caractères.',
  'apiTokens.name.invalid': 'Le nom du jeton ne peut pas contenir de caractères de contrôle.',
  'apiTokens.create': 'Créer un jeton',
  'apiTokens.revoke': 'Révoquer',
  'apiTokens.revokeLabel': 'Révoquer le jeton « {name} »',
  'apiTokens.revoked': 'Le jeton a été révoqué : il ne permet plus aucun accès.',
  'apiTokens.created.title': 'Votre nouveau jeton d’API',
  'apiTokens.created.once':
    'Copiez-le maintenant : il ne sera plus jamais affiché. Le portail n’en garde qu’une empreinte.',
  'apiTokens.created.usage':
    'Envoyez-le dans l’en-tête Authorization. Par exemple, pour télécharger un master (et reprendre un téléchargement interrompu) :',
  'apiTokens.created.back': 'Retour à mon compte',
  'apiTokens.error.invalid':
    'Jeton d’API inconnu, révoqué ou mal formé. Vérifiez l’en-tête « Authorization: Bearer … » ou créez un nouveau jeton depuis votre compte.',
  'apiTokens.error.sessionRequired':
    'Cette action demande une session connectée (navigateur ou POST /api/v1/session), pas un jeton d’API : créer ou révoquer des jetons, activer la double authentification, se déconnecter partout.',
  'apiTokens.error.notFound': 'Ce jeton n’existe pas ou a déjà été révoqué.',
  'apiTokens.error.limit':
    'Vous avez déjà {max} jetons actifs, le maximum : révoquez-en un avant d’en créer un autre.',
} as const;

export type ApiTokensMessageKey = keyof typeof fr;

const en: Record<ApiTokensMessageKey, string> = {
  'apiTokens.title': 'API tokens',
  'apiTokens.intro':
    'An API token lets a script download without a browser, with your account’s rights. Keep it as secret as a password; revoke it as soon as it is no longer needed.',
  'apiTokens.none': 'You have no active token.',
  'apiTokens.col.name': 'Name',
  'apiTokens.col.prefix': 'Starts with',
  'apiTokens.col.created': 'Created',
  'apiTokens.col.lastUsed': 'Last used',
  'apiTokens.col.actions': 'Actions',
  'apiTokens.neverUsed': 'never',
  'apiTokens.name.label': 'Name of the new token',
  'apiTokens.name.hint': 'To recognise it, e.g. “newsroom script” (at most {max} characters).',
  'apiTokens.name.required': 'Give the token a name.',
  'apiTokens.name.tooLong': 'The token’s name must be at most {max} characters long.',
  'apiTokens.name.invalid': 'The token’s name cannot contain control characters.',
  'apiTokens.create': 'Create a token',
  'apiTokens.revoke': 'Revoke',
  'apiTokens.revokeLabel': 'Revoke the token “{name}”',
  'apiTokens.revoked': 'The token has been revoked: it no longer gives any access.',
  'apiTokens.created.title': 'Your new API token',
  'apiTokens.created.once':
    'Copy it now: it will never be shown again. The portal keeps only a fingerprint of it.',
  'apiTokens.created.usage':
    'Send it in the Authorization header. For example, to download a master (and resume an interrupted download):',
  'apiTokens.created.back': 'Back to my account',
  'apiTokens.error.invalid':
    'Unknown, revoked or malformed API token. Check the “Authorization: Bearer …” header, or create a new token from your account.',
  'apiTokens.error.sessionRequired':
    'This needs a signed-in session (browser or POST /api/v1/session), not an API token: creating or revoking tokens, setting up two-factor sign-in, signing out everywhere.',
  'apiTokens.error.notFound': 'No such token, or it has already been revoked.',
  'apiTokens.error.limit':
    'You already have {max} active tokens, the maximum: revoke one before creating another.',
};

export const apiTokensMessages = { fr, en };

registerMessages(apiTokensMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    apiTokens: typeof apiTokensMessages;
  }
}
