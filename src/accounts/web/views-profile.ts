/** Password reset pages and the profile (details, newsletter, password, 2FA, API tokens, sessions, deletion). */
import { html, type SafeHtml } from '../../web/html.ts';
import { localPath, type PageContext } from '../../web/layout.ts';
import type { PasswordRule } from '../rules/password-policy.ts';
import type { AccountView } from '../service/profile.ts';
import type { ApiTokenView } from '../service/tokens.ts';
import {
  checkbox,
  countrySelect,
  csrfInput,
  errorSummary,
  type FormState,
  field,
  languageSelect,
  notice,
  PASSWORD_SCRIPT,
  passwordRules,
  timeZoneSelect,
} from './views.ts';
import { apiTokensBody } from './views-tokens.ts';

export function resetRequestView(
  ctx: PageContext,
  csrf: string,
  state: FormState,
  returnTo: string,
): SafeHtml {
  const t = ctx.t;
  return html`<h1>${t('accounts.reset.title')}</h1>
<p>${t('accounts.reset.intro')}</p>
${errorSummary(ctx, state)}
<form class="stacked" method="post" action="${localPath(ctx.lang, '/password-reset')}" novalidate>
  ${csrfInput(csrf)}
  <input type="hidden" name="returnTo" value="${returnTo}">
  ${field(state, { name: 'email', label: t('accounts.field.email.label'), type: 'email', autocomplete: 'email', required: true })}
  <div><button type="submit">${t('accounts.reset.title')}</button></div>
</form>`;
}

export function newPasswordView(
  ctx: PageContext,
  csrf: string,
  state: FormState,
  o: { email: string; code: string; returnTo: string; failed: PasswordRule[] },
): SafeHtml {
  const t = ctx.t;
  return html`<h1>${t('accounts.reset.newPassword.title')}</h1>
${errorSummary(ctx, state)}
<form class="stacked" method="post" action="${localPath(ctx.lang, '/password-reset/new-password')}" novalidate>
  ${csrfInput(csrf)}
  <input type="hidden" name="email" value="${o.email}">
  <input type="hidden" name="code" value="${o.code}">
  <input type="hidden" name="returnTo" value="${o.returnTo}">
  <input type="text" name="username" value="${o.email}" autocomplete="username" hidden>
  ${field(state, { name: 'password', label: t('accounts.field.password.label'), type: 'password', autocomplete: 'new-password', required: true, hintId: 'password-policy', hint: passwordRules(ctx, 'password-policy', o.failed) })}
  ${field(state, { name: 'passwordConfirm', label: t('accounts.field.passwordConfirm.label'), type: 'password', autocomplete: 'new-password', required: true })}
  <div><button type="submit">${t('accounts.reset.newPassword.title')}</button></div>
</form>
${PASSWORD_SCRIPT}`;
}

export function resetDoneView(ctx: PageContext, returnTo: string): SafeHtml {
  const t = ctx.t;
  return html`<h1>${t('accounts.reset.done.title')}</h1>
<p>${t('accounts.reset.done.intro')}</p>
<p><a class="button-primary" href="${returnTo}">${t('accounts.reset.done.back')}</a></p>`;
}

function section(id: string, title: string, body: SafeHtml): SafeHtml {
  return html`<section class="profile-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${body}</section>`;
}

export function profileView(
  ctx: PageContext,
  csrf: string,
  account: AccountView,
  tokens: readonly ApiTokenView[],
  state: FormState,
): SafeHtml {
  const t = ctx.t;
  const a = localPath(ctx.lang, '/account');
  const values = state.values ?? {
    firstName: account.firstName,
    lastName: account.lastName,
    organisation: account.organisation,
    jobTitle: account.jobTitle,
    country: account.country,
    language: account.language,
    timeZone: account.timeZone,
  };
  const details = { ...state, values };
  return html`<h1>${t('accountsWeb.profile.title')}</h1>
<p>${t('accountsWeb.profile.signedInAs', { email: account.email })} · ${t('accountsWeb.profile.roleIs', { role: t(`accountsWeb.role.${account.role}`) })}</p>
<p><a href="${localPath(ctx.lang, '/account/downloads')}">${t('downloads.myDownloads')}</a></p>
${notice(state)}
${errorSummary(ctx, state)}
${section(
  'profile-details',
  t('accountsWeb.profile.details'),
  html`<form class="stacked" method="post" action="${a}" novalidate>
    ${csrfInput(csrf)}
    ${field(details, { name: 'firstName', label: t('accounts.field.firstName.label'), autocomplete: 'given-name', required: true })}
    ${field(details, { name: 'lastName', label: t('accounts.field.lastName.label'), autocomplete: 'family-name', required: true })}
    ${field(details, { name: 'organisation', label: t('accounts.field.organisation.label'), autocomplete: 'organization', required: true })}
    ${field(details, { name: 'jobTitle', label: t('accounts.field.jobTitle.label'), autocomplete: 'organization-title' })}
    ${countrySelect(ctx, details)}
    ${languageSelect(ctx, details)}
    ${timeZoneSelect(ctx, details)}
    <div><button type="submit">${t('accountsWeb.profile.save')}</button></div>
  </form>`,
)}
${section(
  'profile-newsletter',
  t('accounts.newsletter.title'),
  html`<form method="post" action="${a}/newsletter">
    ${csrfInput(csrf)}
    <input type="hidden" name="newsletter" value="${account.newsletter ? 'off' : 'on'}">
    <p>${account.newsletter ? t('accounts.newsletter.subscribed') : t('accountsWeb.newsletter.off')}</p>
    <button type="submit" class="secondary">${account.newsletter ? t('accountsWeb.newsletter.unsubscribe') : t('accounts.newsletter.subscribe')}</button>
  </form>`,
)}
${section(
  'profile-password',
  t('accountsWeb.profile.changePassword'),
  html`<form class="stacked" method="post" action="${a}/password" novalidate>
    ${csrfInput(csrf)}
    <input type="text" name="username" value="${account.email}" autocomplete="username" hidden>
    ${field(state, { name: 'currentPassword', label: t('accountsWeb.profile.currentPassword'), type: 'password', autocomplete: 'current-password', required: true })}
    ${field(state, { name: 'password', label: t('accountsWeb.profile.newPassword'), type: 'password', autocomplete: 'new-password', required: true, hintId: 'password-policy', hint: passwordRules(ctx, 'password-policy') })}
    <div><button type="submit">${t('accountsWeb.profile.changePassword')}</button></div>
  </form>`,
)}
${section(
  'profile-2fa',
  t('accountsWeb.totp.title'),
  account.twoFactor
    ? html`<p>${t('accountsWeb.totp.on')}</p>
  <form class="stacked" method="post" action="${a}/two-factor/disable" novalidate>
    ${csrfInput(csrf)}
    ${field(state, { name: 'disablePassword', label: t('accountsWeb.profile.currentPassword'), type: 'password', autocomplete: 'current-password', required: true })}
    <div><button type="submit" class="secondary">${t('accountsWeb.totp.disable')}</button></div>
  </form>`
    : html`<p>${t('accountsWeb.totp.off')}</p><p><a class="button-primary" href="${a}/two-factor">${t('accountsWeb.totp.enable')}</a></p>`,
)}
${section('profile-api-tokens', t('apiTokens.title'), apiTokensBody(ctx, csrf, tokens, state))}
${section(
  'profile-sessions',
  t('accounts.signOutEverywhere'),
  html`<p>${t('accountsWeb.profile.signOutEverywhereIntro')}</p>
  <form method="post" action="${a}/sign-out-everywhere">${csrfInput(csrf)}<button type="submit" class="secondary">${t('accounts.signOutEverywhere')}</button></form>`,
)}
${section(
  'profile-delete',
  t('accountsWeb.delete.title'),
  html`<p>${t('accountsWeb.delete.intro')}</p>
  <form class="stacked" method="post" action="${a}/delete" novalidate>
    ${csrfInput(csrf)}
    ${field(state, { name: 'deletePassword', label: t('accountsWeb.profile.currentPassword'), type: 'password', autocomplete: 'current-password', required: true })}
    ${checkbox(state, 'confirmDelete', t('accountsWeb.delete.confirm'), false)}
    <div><button type="submit" class="danger">${t('accountsWeb.delete.title')}</button></div>
  </form>`,
)}
${PASSWORD_SCRIPT}`;
}

export function totpSetupView(
  ctx: PageContext,
  csrf: string,
  state: FormState,
  setup: { qrSvg: string; secret: string },
): SafeHtml {
  const t = ctx.t;
  const svg = `data:image/svg+xml;base64,${Buffer.from(setup.qrSvg).toString('base64')}`;
  return html`<h1>${t('accountsWeb.totp.enable')}</h1>
<p>${t('accounts.totp.scan')}</p>
${errorSummary(ctx, state)}
<p><img class="qr" src="${svg}" width="220" height="220" alt="${t('accountsWeb.totp.qrAlt')}"></p>
<p>${t('accountsWeb.totp.manual')} <code>${setup.secret}</code></p>
<form class="stacked" method="post" action="${localPath(ctx.lang, '/account/two-factor')}" novalidate>
  ${csrfInput(csrf)}
  ${field(state, { name: 'otp', label: t('accounts.totp.label'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true, maxlength: 8 })}
  <div><button type="submit">${t('accountsWeb.totp.enable')}</button></div>
</form>`;
}

export function recoveryCodesView(ctx: PageContext, codes: readonly string[]): SafeHtml {
  const t = ctx.t;
  return html`<h1>${t('accountsWeb.totp.enabled')}</h1>
<p>${t('accounts.totp.recovery.intro')}</p>
<ul class="recovery-codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
<p><a class="button-primary" href="${localPath(ctx.lang, '/account')}">${t('accountsWeb.profile.title')}</a></p>`;
}

export function accountDeletedView(ctx: PageContext): SafeHtml {
  return html`<h1>${ctx.t('accountsWeb.delete.done')}</h1>
<p><a href="${localPath(ctx.lang, '')}">${ctx.t('error.backHome')}</a></p>`;
}
