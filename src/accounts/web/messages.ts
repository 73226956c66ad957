/**
 * Strings of the account pages and API that the building blocks' catalog (messages.ts) does not
 * have: profile, two-factor setup, error summary, CSRF and rate-limit pages. French and English.
 */
import { registerMessages } from '../../web/i18n/index.ts';

const fr = {
  'accountsWeb.choose': 'Choisissez…',
  'accountsWeb.listSeparator': ' ; ',
  'accountsWeb.errorSummary': 'Il y a un problème',
  'accountsWeb.invalidFields': 'Certains champs ne sont pas valides.',
  'accountsWeb.csrf': 'Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.',
  'accountsWeb.jsonRequired': 'Envoyez le corps de la requête en JSON (Content-Type: application/json).',
  'accountsWeb.signInRequired': 'Connectez-vous pour continuer.',
  'accountsWeb.register.intro':
    'Créez votre compte pour télécharger les vidéos en qualité broadcast, en version complète ou partielle.',
  'accountsWeb.register.haveAccount': 'Vous avez déjà un compte ?',
  'accountsWeb.code.submit': 'Vérifier',
  'accountsWeb.code.notReceived': 'Vous n’avez pas reçu de code ?',
  'accountsWeb.code.sendNew': 'Envoyer un nouveau code',
  'accountsWeb.reset.codeIntro':
    'Si un compte existe pour cette adresse, nous y avons envoyé un code pour réinitialiser votre mot de passe. Ce code expirera dans 30 minutes.',
  'accountsWeb.welcome.browse': 'Parcourir les actualités',
  'accountsWeb.signIn.forgot': 'Mot de passe oublié ?',
  'accountsWeb.signIn.noAccount': 'Pas encore de compte ?',
  'accountsWeb.rateLimited.title': 'Trop de tentatives',
  'accountsWeb.rateLimited.at': 'Vous pourrez réessayer à partir de {time} (UTC).',
  'accountsWeb.profile.title': 'Mon compte',
  'accountsWeb.profile.signedInAs': 'Connecté avec {email}',
  'accountsWeb.profile.roleIs': 'rôle : {role}',
  'accountsWeb.profile.details': 'Informations personnelles',
  'accountsWeb.profile.save': 'Enregistrer',
  'accountsWeb.profile.saved': 'Vos informations ont été enregistrées.',
  'accountsWeb.profile.changePassword': 'Changer le mot de passe',
  'accountsWeb.profile.currentPassword': 'Mot de passe actuel',
  'accountsWeb.profile.newPassword': 'Nouveau mot de passe',
  'accountsWeb.profile.passwordChanged':
    'Votre mot de passe a été modifié. Vos autres sessions ont été fermées.',
  'accountsWeb.profile.wrongPassword': 'Le mot de passe actuel n’est pas le bon.',
  'accountsWeb.profile.signOutEverywhereIntro':
    'Ferme toutes vos sessions, sur tous vos appareils, y compris celle-ci, et révoque vos jetons d’API.',
  'accountsWeb.role.journalist': 'journaliste',
  'accountsWeb.role.editor': 'éditeur',
  'accountsWeb.role.admin': 'administrateur',
  'accountsWeb.newsletter.off': 'Vous n’êtes pas abonné à la newsletter.',
  'accountsWeb.newsletter.unsubscribe': 'Se désabonner de la newsletter',
  'accountsWeb.totp.title': 'Connexion en deux étapes',
  'accountsWeb.totp.on': 'La connexion en deux étapes est activée.',
  'accountsWeb.totp.off': 'La connexion en deux étapes est désactivée.',
  'accountsWeb.totp.enable': 'Activer la connexion en deux étapes',
  'accountsWeb.totp.disable': 'Désactiver la connexion en deux étapes',
  'accountsWeb.totp.enabled': 'Connexion en deux étapes activée',
  'accountsWeb.totp.qrAlt': 'Code QR à scanner avec votre application d’authentification',
  'accountsWeb.totp.manual': 'Ou saisissez cette clé dans l’application :',
  'accountsWeb.totp.signInTitle': 'Vérification en deux étapes',
  'accountsWeb.totp.signInIntro':
    'Entrez le code affiché par votre application d’authentification, ou l’un de vos codes de secours.',
  'accountsWeb.totp.codeOrRecovery': 'Code de l’application ou code de secours',
  'accountsWeb.totp.required': 'Ce compte demande aussi un code d’authentification (otp).',
  'accountsWeb.delete.title': 'Supprimer mon compte',
  'accountsWeb.delete.intro':
    'Vos données personnelles seront effacées. Les statistiques de téléchargement sont conservées de façon anonyme.',
  'accountsWeb.delete.confirm': 'Je comprends que cette action est définitive',
  'accountsWeb.delete.confirmRequired': 'Cochez la case pour confirmer la suppression.',
  'accountsWeb.delete.done': 'Votre compte a été supprimé',
} as const;

export type AccountsWebMessageKey = keyof typeof fr;

const en: Record<AccountsWebMessageKey, string> = {
  'accountsWeb.choose': 'Choose…',
  'accountsWeb.listSeparator': '; ',
  'accountsWeb.errorSummary': 'There is a problem',
  'accountsWeb.invalidFields': 'Some fields are not valid.',
  'accountsWeb.csrf': 'This form has expired or does not come from this site. Reload the page and try again.',
  'accountsWeb.jsonRequired': 'Send the request body as JSON (Content-Type: application/json).',
  'accountsWeb.signInRequired': 'Sign in to continue.',
  'accountsWeb.register.intro':
    'Create your account to download broadcast-quality videos, in full or in part.',
  'accountsWeb.register.haveAccount': 'Already have an account?',
  'accountsWeb.code.submit': 'Verify',
  'accountsWeb.code.notReceived': 'Didn’t receive a code?',
  'accountsWeb.code.sendNew': 'Send a new code',
  'accountsWeb.reset.codeIntro':
    'If an account exists for this address, we have sent it a code to reset your password. This code will expire in 30 minutes.',
  'accountsWeb.welcome.browse': 'Browse the news',
  'accountsWeb.signIn.forgot': 'Forgot your password?',
  'accountsWeb.signIn.noAccount': 'No account yet?',
  'accountsWeb.rateLimited.title': 'Too many attempts',
  'accountsWeb.rateLimited.at': 'You can try again from {time} (UTC).',
  'accountsWeb.profile.title': 'My account',
  'accountsWeb.profile.signedInAs': 'Signed in as {email}',
  'accountsWeb.profile.roleIs': 'role: {role}',
  'accountsWeb.profile.details': 'Personal details',
  'accountsWeb.profile.save': 'Save',
  'accountsWeb.profile.saved': 'Your details have been saved.',
  'accountsWeb.profile.changePassword': 'Change the password',
  'accountsWeb.profile.currentPassword': 'Current password',
  'accountsWeb.profile.newPassword': 'New password',
  'accountsWeb.profile.passwordChanged':
    'Your password has been changed. Your other sessions have been signed out.',
  'accountsWeb.profile.wrongPassword': 'The current password is not right.',
  'accountsWeb.profile.signOutEverywhereIntro':
    'Ends all your sessions, on all your devices, including this one, and revokes your API tokens.',
  'accountsWeb.role.journalist': 'journalist',
  'accountsWeb.role.editor': 'editor',
  'accountsWeb.role.admin': 'administrator',
  'accountsWeb.newsletter.off': 'You are not subscribed to the newsletter.',
  'accountsWeb.newsletter.unsubscribe': 'Unsubscribe from the newsletter',
  'accountsWeb.totp.title': 'Two-step sign-in',
  'accountsWeb.totp.on': 'Two-step sign-in is on.',
  'accountsWeb.totp.off': 'Two-step sign-in is off.',
  'accountsWeb.totp.enable': 'Turn on two-step sign-in',
  'accountsWeb.totp.disable': 'Turn off two-step sign-in',
  'accountsWeb.totp.enabled': 'Two-step sign-in is now on',
  'accountsWeb.totp.qrAlt': 'QR code to scan with your authenticator app',
  'accountsWeb.totp.manual': 'Or enter this key in the app:',
  'accountsWeb.totp.signInTitle': 'Two-step verification',
  'accountsWeb.totp.signInIntro':
    'Enter the code your authenticator app shows, or one of your recovery codes.',
  'accountsWeb.totp.codeOrRecovery': 'App code or recovery code',
  'accountsWeb.totp.required': 'This account also needs an authentication code (otp).',
  'accountsWeb.delete.title': 'Delete my account',
  'accountsWeb.delete.intro': 'Your personal data will be erased. Download statistics are kept anonymously.',
  'accountsWeb.delete.confirm': 'I understand that this cannot be undone',
  'accountsWeb.delete.confirmRequired': 'Tick the box to confirm the deletion.',
  'accountsWeb.delete.done': 'Your account has been deleted',
};

export const accountsWebMessages = { fr, en };

registerMessages(accountsWebMessages);

declare module '../../web/i18n/index.ts' {
  interface MessageCatalogs {
    accountsWeb: typeof accountsWebMessages;
  }
}
