/**
 * Every user-facing string of accounts, in French and English. The web layer's i18n merges this
 * catalog; mail templates read it through accountsText(). Placeholders are written {name}.
 * French wording follows the account pages of the institution's former portal, which our users know
 * (create an account, a code by mail valid 30 minutes, resend it, reset the password).
 */
import { registerMessages } from '../web/i18n/index.ts';

const fr = {
  // Password policy
  'accounts.password.policy':
    'Le mot de passe doit comporter au moins 12 caractères, sans espaces, inclure des lettres majuscules/minuscules, des chiffres et des symboles.',
  'accounts.password.rule.length': 'Au moins 12 caractères',
  'accounts.password.rule.maxLength': 'Au plus 256 caractères',
  'accounts.password.rule.whitespace': 'Sans espaces',
  'accounts.password.rule.uppercase': 'Au moins une lettre majuscule',
  'accounts.password.rule.lowercase': 'Au moins une lettre minuscule',
  'accounts.password.rule.digit': 'Au moins un chiffre',
  'accounts.password.rule.symbol': 'Au moins un symbole',
  'accounts.password.rule.email': 'Ne contient pas la partie de votre adresse e-mail avant le « @ »',
  'accounts.password.rule.common': 'Ne figure pas parmi les mots de passe les plus courants',
  'accounts.password.invalid': 'Ce mot de passe ne respecte pas les règles suivantes :',

  // Registration form fields
  'accounts.field.email.label': 'Adresse e-mail',
  'accounts.field.email.required': 'Indiquez votre adresse e-mail.',
  'accounts.field.email.invalid': 'Cette adresse e-mail n’est pas valide.',
  'accounts.field.email.tooLong': 'Cette adresse e-mail est trop longue.',
  'accounts.field.password.label': 'Mot de passe',
  'accounts.field.password.required': 'Choisissez un mot de passe.',
  'accounts.field.passwordConfirm.label': 'Confirmez le mot de passe',
  'accounts.field.passwordConfirm.mismatch': 'Les deux mots de passe ne sont pas identiques.',
  'accounts.field.firstName.label': 'Prénom',
  'accounts.field.firstName.required': 'Indiquez votre prénom.',
  'accounts.field.firstName.invalid': 'Ce prénom n’est pas valide.',
  'accounts.field.firstName.tooLong': 'Ce prénom est trop long (100 caractères au plus).',
  'accounts.field.lastName.label': 'Nom',
  'accounts.field.lastName.required': 'Indiquez votre nom.',
  'accounts.field.lastName.invalid': 'Ce nom n’est pas valide.',
  'accounts.field.lastName.tooLong': 'Ce nom est trop long (100 caractères au plus).',
  'accounts.field.organisation.label': 'Organisation (média)',
  'accounts.field.organisation.required': 'Indiquez votre organisation.',
  'accounts.field.organisation.invalid': 'Ce nom d’organisation n’est pas valide.',
  'accounts.field.organisation.tooLong': 'Ce nom d’organisation est trop long (200 caractères au plus).',
  'accounts.field.jobTitle.label': 'Fonction',
  'accounts.field.jobTitle.invalid': 'Cette fonction n’est pas valide.',
  'accounts.field.jobTitle.tooLong': 'Cette fonction est trop longue (100 caractères au plus).',
  'accounts.field.country.label': 'Pays',
  'accounts.field.country.required': 'Choisissez votre pays.',
  'accounts.field.country.invalid': 'Choisissez un pays dans la liste.',
  'accounts.field.language.label': 'Langue préférée',
  'accounts.field.language.required': 'Choisissez votre langue préférée.',
  'accounts.field.language.invalid': 'Choisissez le français ou l’anglais.',
  'accounts.field.timeZone.label': 'Fuseau horaire des dates et heures affichées',
  'accounts.field.timeZone.invalid': 'Choisissez un fuseau horaire de la liste.',
  'accounts.timeZone.portal': 'Celui du portail ({zone})',
  'accounts.field.acceptTerms.label': 'J’accepte les conditions d’utilisation',
  'accounts.field.acceptTerms.required': 'Vous devez accepter les conditions d’utilisation.',
  'accounts.field.newsletter.label': 'Je souhaite recevoir la newsletter',
  // Language names in their own language, as language pickers show them.
  'accounts.language.fr': 'Français',
  'accounts.language.en': 'English',

  // Codes (verification and reset)
  'accounts.code.label': 'Code de vérification',
  'accounts.code.wrong':
    'Ce code n’est pas le bon. {attemptsLeft, plural, =0 {Il ne vous reste aucun essai} one {Il vous reste # essai} other {Il vous reste # essais}}.',
  'accounts.code.expired': 'Ce code a expiré. Demandez un nouveau code.',
  'accounts.code.exhausted': 'Trop d’essais avec ce code. Demandez un nouveau code.',
  'accounts.code.none': 'Aucun code valide. Demandez un nouveau code.',
  'accounts.code.cooldown':
    'Un code vient d’être envoyé. Vous pourrez en demander un nouveau dans {seconds} secondes.',
  'accounts.code.capped': 'Trop de codes demandés. Réessayez dans {minutes} minutes.',
  'accounts.code.resend': 'Vous n’avez pas reçu de code ? Envoyer un nouveau code',
  'accounts.code.sent': 'Un nouveau code vous a été envoyé.',

  // Pages
  'accounts.register.title': 'Créer un compte',
  'accounts.verify.title': 'Vérifiez votre boîte de réception et entrez le code de vérification',
  'accounts.verify.intro':
    'Nous avons envoyé un code de vérification à votre adresse e-mail. Entrez le code pour vérifier votre compte. Ce code expirera dans 30 minutes.',
  'accounts.verify.success.title': 'Vous avez créé votre compte avec succès',
  'accounts.verify.success.downloads':
    'Désormais, vous pouvez télécharger des versions complètes ou partielles de nos vidéos depuis notre site Web.',
  'accounts.newsletter.title': 'Abonnez-vous à notre newsletter',
  'accounts.newsletter.intro':
    'Si vous souhaitez également vous abonner à la newsletter et recevoir nos dernières mises à jour, cliquez sur le bouton ci-dessous.',
  'accounts.newsletter.subscribe': 'S’abonner à la newsletter',
  'accounts.newsletter.subscribed': 'Vous êtes abonné à la newsletter.',
  'accounts.signIn.title': 'Se connecter',
  'accounts.signIn.failed': 'Adresse e-mail ou mot de passe incorrect.',
  'accounts.signIn.unverified':
    'Confirmez d’abord votre adresse e-mail avec le code que nous vous avons envoyé.',
  'accounts.signOut': 'Se déconnecter',
  'accounts.signOutEverywhere': 'Se déconnecter partout',
  'accounts.reset.title': 'Réinitialiser le mot de passe',
  'accounts.reset.intro':
    'Entrez l’adresse e-mail avec laquelle vous vous êtes inscrit et nous vous enverrons un code pour réinitialiser votre mot de passe.',
  'accounts.reset.newPassword.title': 'Créer un nouveau mot de passe',
  'accounts.reset.done.title': 'Votre mot de passe a été mis à jour',
  'accounts.reset.done.intro':
    'Cliquez sur le bouton pour revenir à la page sur laquelle vous étiez et connectez-vous avec votre nouveau mot de passe.',
  'accounts.reset.done.back': 'Revenir à la page',
  'accounts.rateLimited': 'Trop de tentatives. Réessayez dans {seconds} secondes.',

  // Two-factor sign-in
  'accounts.totp.label': 'Code de l’application d’authentification',
  'accounts.totp.invalid': 'Ce code n’est pas valide.',
  'accounts.totp.scan':
    'Scannez ce code QR avec votre application d’authentification, puis entrez le code affiché.',
  'accounts.totp.recovery.intro':
    'Conservez ces codes de secours en lieu sûr. Chacun ne sert qu’une fois et ils ne seront plus affichés.',
  'accounts.totp.recovery.label': 'Code de secours',

  // Emails
  'accounts.mail.greeting': 'Bonjour {name},',
  'accounts.mail.greetingNoName': 'Bonjour,',
  'accounts.mail.signature': 'L’équipe de {site}',
  'accounts.mail.notYou': 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
  'accounts.mail.verify.subject': 'Votre code de vérification : {code}',
  'accounts.mail.verify.intro':
    'Voici votre code pour vérifier votre adresse e-mail et activer votre compte :',
  'accounts.mail.verify.expiry': 'Ce code expirera dans {minutes} minutes.',
  'accounts.mail.duplicate.subject': 'Tentative d’inscription avec votre adresse e-mail',
  'accounts.mail.duplicate.intro':
    'Quelqu’un, peut-être vous, a essayé de créer un compte avec cette adresse e-mail. Vous avez déjà un compte : aucun nouveau compte n’a été créé.',
  'accounts.mail.duplicate.signIn': 'Pour vous connecter : {url}',
  'accounts.mail.duplicate.reset': 'Mot de passe oublié ? Réinitialisez-le ici : {url}',
  'accounts.mail.reset.subject': 'Votre code de réinitialisation : {code}',
  'accounts.mail.reset.intro': 'Voici votre code pour réinitialiser votre mot de passe :',
  'accounts.mail.reset.expiry': 'Ce code expirera dans {minutes} minutes.',
  'accounts.mail.passwordChanged.subject': 'Votre mot de passe a été modifié',
  'accounts.mail.passwordChanged.intro':
    'Le mot de passe de votre compte a été modifié le {date}. Toutes vos sessions ont été fermées.',
  'accounts.mail.passwordChanged.notYou':
    'Si vous n’êtes pas à l’origine de ce changement, réinitialisez votre mot de passe sans attendre : {url}',
  'accounts.mail.lockout.subject': 'Tentatives bloquées sur votre compte',
  'accounts.mail.lockout.signIn':
    'Plusieurs mots de passe erronés ont été essayés pour votre compte. Nous bloquons les connexions avec mot de passe pour cette adresse jusqu’au {date}.',
  'accounts.mail.lockout.code':
    'Plusieurs codes erronés ont été essayés pour votre adresse e-mail. Nous bloquons la vérification des codes pour cette adresse jusqu’au {date}.',
  'accounts.mail.lockout.safe':
    'Personne n’est entré dans votre compte. Si c’était vous, patientez jusqu’à cette heure. Sinon, vous n’avez rien à faire ; si vous ne pouvez plus vous connecter, réinitialisez votre mot de passe : {url}',
} as const;

export type AccountsMessageKey = keyof typeof fr;

const en: Record<AccountsMessageKey, string> = {
  'accounts.password.policy':
    'The password must be at least 12 characters long, without spaces, and include upper- and lowercase letters, digits and symbols.',
  'accounts.password.rule.length': 'At least 12 characters',
  'accounts.password.rule.maxLength': 'At most 256 characters',
  'accounts.password.rule.whitespace': 'No spaces',
  'accounts.password.rule.uppercase': 'At least one uppercase letter',
  'accounts.password.rule.lowercase': 'At least one lowercase letter',
  'accounts.password.rule.digit': 'At least one digit',
  'accounts.password.rule.symbol': 'At least one symbol',
  'accounts.password.rule.email': 'Does not contain the part of your email address before the “@”',
  'accounts.password.rule.common': 'Is not one of the most common passwords',
  'accounts.password.invalid': 'This password breaks the following rules:',

  'accounts.field.email.label': 'Email address',
  'accounts.field.email.required': 'Enter your email address.',
  'accounts.field.email.invalid': 'This email address is not valid.',
  'accounts.field.email.tooLong': 'This email address is too long.',
  'accounts.field.password.label': 'Password',
  'accounts.field.password.required': 'Choose a password.',
  'accounts.field.passwordConfirm.label': 'Confirm the password',
  'accounts.field.passwordConfirm.mismatch': 'The two passwords do not match.',
  'accounts.field.firstName.label': 'First name',
  'accounts.field.firstName.required': 'Enter your first name.',
  'accounts.field.firstName.invalid': 'This first name is not valid.',
  'accounts.field.firstName.tooLong': 'This first name is too long (100 characters at most).',
  'accounts.field.lastName.label': 'Last name',
  'accounts.field.lastName.required': 'Enter your last name.',
  'accounts.field.lastName.invalid': 'This last name is not valid.',
  'accounts.field.lastName.tooLong': 'This last name is too long (100 characters at most).',
  'accounts.field.organisation.label': 'Organisation (media outlet)',
  'accounts.field.organisation.required': 'Enter your organisation.',
  'accounts.field.organisation.invalid': 'This organisation name is not valid.',
  'accounts.field.organisation.tooLong': 'This organisation name is too long (200 characters at most).',
  'accounts.field.jobTitle.label': 'Job title',
  'accounts.field.jobTitle.invalid': 'This job title is not valid.',
  'accounts.field.jobTitle.tooLong': 'This job title is too long (100 characters at most).',
  'accounts.field.country.label': 'Country',
  'accounts.field.country.required': 'Choose your country.',
  'accounts.field.country.invalid': 'Choose a country from the list.',
  'accounts.field.language.label': 'Preferred language',
  'accounts.field.language.required': 'Choose your preferred language.',
  'accounts.field.language.invalid': 'Choose French or English.',
  'accounts.field.timeZone.label': 'Time zone for the dates and times shown',
  'accounts.field.timeZone.invalid': 'Choose a time zone from the list.',
  'accounts.timeZone.portal': 'The portal’s ({zone})',
  'accounts.field.acceptTerms.label': 'I accept the terms of use',
  'accounts.field.acceptTerms.required': 'You must accept the terms of use.',
  'accounts.field.newsletter.label': 'I would like to receive the newsletter',
  'accounts.language.fr': 'Français',
  'accounts.language.en': 'English',

  'accounts.code.label': 'Verification code',
  'accounts.code.wrong':
    'This code is not the right one. {attemptsLeft, plural, =0 {No attempts left} one {# attempt left} other {# attempts left}}.',
  'accounts.code.expired': 'This code has expired. Request a new code.',
  'accounts.code.exhausted': 'Too many attempts with this code. Request a new code.',
  'accounts.code.none': 'No valid code. Request a new code.',
  'accounts.code.cooldown': 'A code was just sent. You can request a new one in {seconds} seconds.',
  'accounts.code.capped': 'Too many codes requested. Try again in {minutes} minutes.',
  'accounts.code.resend': 'Didn’t receive a code? Send a new code',
  'accounts.code.sent': 'A new code has been sent to you.',

  'accounts.register.title': 'Create an account',
  'accounts.verify.title': 'Check your inbox and enter the verification code',
  'accounts.verify.intro':
    'We have sent a verification code to your email address. Enter the code to verify your account. This code will expire in 30 minutes.',
  'accounts.verify.success.title': 'You have successfully created your account',
  'accounts.verify.success.downloads':
    'You can now download full or partial versions of our videos from our website.',
  'accounts.newsletter.title': 'Subscribe to our newsletter',
  'accounts.newsletter.intro':
    'If you would also like to subscribe to the newsletter and receive our latest updates, click the button below.',
  'accounts.newsletter.subscribe': 'Subscribe to the newsletter',
  'accounts.newsletter.subscribed': 'You are subscribed to the newsletter.',
  'accounts.signIn.title': 'Sign in',
  'accounts.signIn.failed': 'Incorrect email address or password.',
  'accounts.signIn.unverified': 'First confirm your email address with the code we sent you.',
  'accounts.signOut': 'Sign out',
  'accounts.signOutEverywhere': 'Sign out everywhere',
  'accounts.reset.title': 'Reset your password',
  'accounts.reset.intro':
    'Enter the email address you registered with and we will send you a code to reset your password.',
  'accounts.reset.newPassword.title': 'Create a new password',
  'accounts.reset.done.title': 'Your password has been updated',
  'accounts.reset.done.intro':
    'Click the button to go back to the page you were on and sign in with your new password.',
  'accounts.reset.done.back': 'Back to the page',
  'accounts.rateLimited': 'Too many attempts. Try again in {seconds} seconds.',

  'accounts.totp.label': 'Authenticator app code',
  'accounts.totp.invalid': 'This code is not valid.',
  'accounts.totp.scan': 'Scan this QR code with your authenticator app, then enter the code it shows.',
  'accounts.totp.recovery.intro':
    'Keep these recovery codes somewhere safe. Each works only once, and they will not be shown again.',
  'accounts.totp.recovery.label': 'Recovery code',

  'accounts.mail.greeting': 'Hello {name},',
  'accounts.mail.greetingNoName': 'Hello,',
  'accounts.mail.signature': 'The {site} team',
  'accounts.mail.notYou': 'If you did not make this request, ignore this message.',
  'accounts.mail.verify.subject': 'Your verification code: {code}',
  'accounts.mail.verify.intro': 'Here is your code to verify your email address and activate your account:',
  'accounts.mail.verify.expiry': 'This code will expire in {minutes} minutes.',
  'accounts.mail.duplicate.subject': 'Attempt to register with your email address',
  'accounts.mail.duplicate.intro':
    'Someone, perhaps you, tried to create an account with this email address. You already have an account: no new account was created.',
  'accounts.mail.duplicate.signIn': 'To sign in: {url}',
  'accounts.mail.duplicate.reset': 'Forgot your password? Reset it here: {url}',
  'accounts.mail.reset.subject': 'Your password reset code: {code}',
  'accounts.mail.reset.intro': 'Here is your code to reset your password:',
  'accounts.mail.reset.expiry': 'This code will expire in {minutes} minutes.',
  'accounts.mail.passwordChanged.subject': 'Your password has been changed',
  'accounts.mail.passwordChanged.intro':
    'The password of your account was changed on {date}. All your sessions have been signed out.',
  'accounts.mail.passwordChanged.notYou':
    'If you did not make this change, reset your password at once: {url}',
  'accounts.mail.lockout.subject': 'Attempts blocked on your account',
  'accounts.mail.lockout.signIn':
    'Several wrong passwords were tried for your account. We are blocking password sign-in for this address until {date}.',
  'accounts.mail.lockout.code':
    'Several wrong codes were tried for your email address. We are blocking code checks for this address until {date}.',
  'accounts.mail.lockout.safe':
    'Nobody got into your account. If it was you, wait until then. If not, you need do nothing; if you cannot sign in, reset your password: {url}',
};

export type AccountsLanguage = 'fr' | 'en';

export const accountsMessages: { readonly fr: Record<AccountsMessageKey, string>; readonly en: typeof en } = {
  fr,
  en,
};

export type MessageParams = Readonly<Record<string, string | number>>;

/** Replace each {name} with params[name]; unknown placeholders stay as written. */
export function formatMessage(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** A translator for one language over this catalog. */
export function accountsText(
  language: AccountsLanguage,
): (key: AccountsMessageKey, params?: MessageParams) => string {
  const catalog = accountsMessages[language];
  return (key, params) => formatMessage(catalog[key], params);
}

registerMessages(accountsMessages);

declare module '../web/i18n/index.ts' {
  interface MessageCatalogs {
    accounts: typeof accountsMessages;
  }
}
