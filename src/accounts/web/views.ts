/**
 * Server-rendered account pages (readable without JavaScript): form helpers with labels, an error
 * summary linked to the fields and aria-describedby, and the registration, code and sign-in pages.
 */

import { dateTimeFormat } from '../../lib/intl/formatters.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { MessageKey } from '../../web/i18n/index.ts';
import { localPath, type PageContext } from '../../web/layout.ts';
import { countryOptions } from '../rules/countries.ts';
import {
  PASSWORD_RULES,
  type PasswordRule,
  passwordPolicyForBrowser,
  passwordRuleMessageKey,
} from '../rules/password-policy.ts';
import { timeZoneNames } from '../rules/time-zones.ts';

export interface FormState {
  /** Values to show again (never passwords). */
  readonly values?: Readonly<Record<string, string>>;
  /** Error messages per field name, already translated. */
  readonly errors?: Readonly<Record<string, readonly string[]>>;
  /** A message for the whole form (shown in the summary). */
  readonly formError?: string;
  readonly notice?: string;
}

export interface FieldOptions {
  readonly name: string;
  readonly label: string;
  readonly type?: string;
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly hint?: SafeHtml;
  readonly hintId?: string;
  readonly inputmode?: string;
  readonly pattern?: string;
  readonly maxlength?: number;
}

export const fieldId = (name: string) => `field-${name}`;

export function csrfInput(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export function errorSummary(ctx: PageContext, state: FormState): SafeHtml {
  const entries = Object.entries(state.errors ?? {}).flatMap(([name, messages]) =>
    messages.map((message) => ({ name, message })),
  );
  if (entries.length === 0 && !state.formError) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">${ctx.t('accountsWeb.errorSummary')}</h2>
  ${state.formError ? html`<p>${state.formError}</p>` : ''}
  ${entries.length > 0 ? html`<ul>${entries.map((e) => html`<li><a href="#${fieldId(e.name)}">${e.message}</a></li>`)}</ul>` : ''}
</div>`;
}

export function notice(state: FormState): SafeHtml {
  return state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : html``;
}

export function field(state: FormState, o: FieldOptions): SafeHtml {
  const id = fieldId(o.name);
  const errors = state.errors?.[o.name] ?? [];
  const errorId = `${id}-error`;
  const describedBy = [o.hintId, errors.length > 0 ? errorId : null].filter(Boolean).join(' ');
  const value = o.type === 'password' ? '' : (state.values?.[o.name] ?? '');
  return html`<div class="field">
  <label for="${id}">${o.label}</label>
  ${o.hint ?? ''}
  ${errors.length > 0 ? html`<p class="field-error" id="${errorId}">${errors.join(' ')}</p>` : ''}
  <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${value}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.required ? html` required` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.pattern ? html` pattern="${o.pattern}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${errors.length > 0 ? html` aria-invalid="true"` : ''}>
</div>`;
}

/** The policy sentence and one line per rule; /static/password-rules.js marks them live. */
export function passwordRules(ctx: PageContext, id: string, failed: readonly PasswordRule[] = []): SafeHtml {
  const rules = PASSWORD_RULES.filter((r) => r !== 'maxLength');
  return html`<div id="${id}" class="password-policy">
  <p>${ctx.t('accounts.password.policy')}</p>
  <ul class="rules" data-password-rules data-policy="${JSON.stringify(passwordPolicyForBrowser)}">
    ${rules.map((r) => html`<li data-rule="${r}"${failed.includes(r) ? html` data-met="false"` : ''}>${ctx.t(passwordRuleMessageKey(r))}</li>`)}
  </ul>
</div>`;
}

export const PASSWORD_SCRIPT = html`<script type="module" src="/static/password-rules.js"></script>`;

function select(
  state: FormState,
  name: string,
  label: string,
  options: readonly { value: string; label: string }[],
  placeholder?: string,
): SafeHtml {
  const id = fieldId(name);
  const errors = state.errors?.[name] ?? [];
  const current = state.values?.[name] ?? '';
  return html`<div class="field">
  <label for="${id}">${label}</label>
  ${errors.length > 0 ? html`<p class="field-error" id="${id}-error">${errors.join(' ')}</p>` : ''}
  <select id="${id}" name="${name}" required${errors.length > 0 ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
    ${placeholder !== undefined ? html`<option value="">${placeholder}</option>` : ''}
    ${options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`)}
  </select>
</div>`;
}

export function countrySelect(ctx: PageContext, state: FormState): SafeHtml {
  return select(
    state,
    'country',
    ctx.t('accounts.field.country.label'),
    countryOptions(ctx.lang).map((c) => ({ value: c.code, label: c.name })),
    ctx.t('accountsWeb.choose'),
  );
}

export function languageSelect(ctx: PageContext, state: FormState): SafeHtml {
  return select(state, 'language', ctx.t('accounts.field.language.label'), [
    { value: 'fr', label: ctx.t('accounts.language.fr') },
    { value: 'en', label: ctx.t('accounts.language.en') },
  ]);
}

/** The account's time zone: the portal's (value '') first, then every IANA zone by name. */
export function timeZoneSelect(ctx: PageContext, state: FormState): SafeHtml {
  const id = fieldId('timeZone');
  const errors = state.errors?.timeZone ?? [];
  const current = state.values?.timeZone ?? '';
  const portal = ctx.portalTimeZone ?? ctx.timeZone ?? 'UTC';
  return html`<div class="field">
  <label for="${id}">${ctx.t('accounts.field.timeZone.label')}</label>
  ${errors.length > 0 ? html`<p class="field-error" id="${id}-error">${errors.join(' ')}</p>` : ''}
  <select id="${id}" name="timeZone"${errors.length > 0 ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
    <option value="">${ctx.t('accounts.timeZone.portal', { zone: portal.replaceAll('_', ' ') })}</option>
    ${timeZoneNames().map((zone) => html`<option value="${zone}"${zone === current ? html` selected` : ''}>${zone.replaceAll('_', ' ')}</option>`)}
  </select>
</div>`;
}

export function checkbox(
  state: FormState,
  name: string,
  label: SafeHtml | string,
  checked: boolean,
): SafeHtml {
  const id = fieldId(name);
  const errors = state.errors?.[name] ?? [];
  return html`<div class="field checkbox">
  ${errors.length > 0 ? html`<p class="field-error" id="${id}-error">${errors.join(' ')}</p>` : ''}
  <input type="checkbox" id="${id}" name="${name}" value="on"${checked ? html` checked` : ''}${errors.length > 0 ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
  <label for="${id}">${label}</label>
</div>`;
}

export function registerView(
  ctx: PageContext,
  csrf: string,
  state: FormState,
  failedRules: PasswordRule[],
  returnTo: string | null = null,
): SafeHtml {
  const t = ctx.t;
  const v = state.values ?? {};
  const signIn = `${localPath(ctx.lang, '/sign-in')}${returnTo === null ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`;
  return html`<h1>${t('accounts.register.title')}</h1>
<p>${t('accountsWeb.register.intro')}</p>
${errorSummary(ctx, state)}
<form class="stacked" method="post" action="${localPath(ctx.lang, '/register')}" novalidate>
  ${csrfInput(csrf)}
  ${returnTo === null ? '' : html`<input type="hidden" name="returnTo" value="${returnTo}">`}
  ${field(state, { name: 'email', label: t('accounts.field.email.label'), type: 'email', autocomplete: 'email', required: true })}
  ${field(state, { name: 'password', label: t('accounts.field.password.label'), type: 'password', autocomplete: 'new-password', required: true, hintId: 'password-policy', hint: passwordRules(ctx, 'password-policy', failedRules) })}
  ${field(state, { name: 'passwordConfirm', label: t('accounts.field.passwordConfirm.label'), type: 'password', autocomplete: 'new-password', required: true })}
  ${field(state, { name: 'firstName', label: t('accounts.field.firstName.label'), autocomplete: 'given-name', required: true })}
  ${field(state, { name: 'lastName', label: t('accounts.field.lastName.label'), autocomplete: 'family-name', required: true })}
  ${field(state, { name: 'organisation', label: t('accounts.field.organisation.label'), autocomplete: 'organization', required: true })}
  ${field(state, { name: 'jobTitle', label: t('accounts.field.jobTitle.label'), autocomplete: 'organization-title' })}
  ${countrySelect(ctx, state)}
  ${languageSelect(ctx, { ...state, values: { ...v, language: v.language ?? ctx.lang } })}
  ${checkbox(state, 'acceptTerms', html`${t('accounts.field.acceptTerms.label')} (<a href="${localPath(ctx.lang, '/terms')}">${t('footer.terms')}</a>)`, v.acceptTerms === 'on')}
  ${checkbox(state, 'newsletter', t('accounts.field.newsletter.label'), v.newsletter === 'on')}
  <div><button type="submit">${t('accounts.register.title')}</button></div>
</form>
<p>${t('accountsWeb.register.haveAccount')} <a href="${signIn}">${t('accounts.signIn.title')}</a></p>
${PASSWORD_SCRIPT}`;
}

/** The "check your inbox" page: one code field, then the resend form. */
export function codeView(
  ctx: PageContext,
  csrf: string,
  state: FormState,
  o: {
    title: MessageKey;
    intro: MessageKey;
    action: string;
    resendAction: string;
    email: string;
    returnTo?: string;
  },
): SafeHtml {
  const t = ctx.t;
  const returnTo = o.returnTo ? html`<input type="hidden" name="returnTo" value="${o.returnTo}">` : '';
  return html`<h1>${t(o.title)}</h1>
<p>${t(o.intro)}</p>
${notice(state)}
${errorSummary(ctx, state)}
<form class="stacked" method="post" action="${o.action}" novalidate>
  ${csrfInput(csrf)}
  <input type="hidden" name="email" value="${o.email}">
  ${returnTo}
  ${field(state, { name: 'code', label: t('accounts.code.label'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true, maxlength: 12 })}
  <div><button type="submit">${t('accountsWeb.code.submit')}</button></div>
</form>
<form class="inline-form" method="post" action="${o.resendAction}">
  ${csrfInput(csrf)}
  <input type="hidden" name="email" value="${o.email}">
  ${returnTo}
  <p>${t('accountsWeb.code.notReceived')} <button type="submit" class="secondary">${t('accountsWeb.code.sendNew')}</button></p>
</form>`;
}

export function welcomeView(ctx: PageContext, csrf: string, subscribed: boolean): SafeHtml {
  const t = ctx.t;
  return html`<h1>${t('accounts.verify.success.title')}</h1>
<p>${t('accounts.verify.success.downloads')}</p>
<section aria-labelledby="newsletter-title">
  <h2 id="newsletter-title">${t('accounts.newsletter.title')}</h2>
  ${
    subscribed
      ? html`<p class="notice" role="status">${t('accounts.newsletter.subscribed')}</p>`
      : html`<p>${t('accounts.newsletter.intro')}</p>
  <form method="post" action="${localPath(ctx.lang, '/welcome/newsletter')}">
    ${csrfInput(csrf)}
    <button type="submit">${t('accounts.newsletter.subscribe')}</button>
  </form>`
  }
</section>
<p><a href="${localPath(ctx.lang, '')}">${t('accountsWeb.welcome.browse')}</a> · <a href="${localPath(ctx.lang, '/account')}">${t('accountsWeb.profile.title')}</a></p>`;
}

export function signInView(ctx: PageContext, csrf: string, state: FormState, returnTo: string): SafeHtml {
  const t = ctx.t;
  const rt = encodeURIComponent(returnTo);
  return html`<h1>${t('accounts.signIn.title')}</h1>
${notice(state)}
${errorSummary(ctx, state)}
<form class="stacked" method="post" action="${localPath(ctx.lang, '/sign-in')}" novalidate>
  ${csrfInput(csrf)}
  <input type="hidden" name="returnTo" value="${returnTo}">
  ${field(state, { name: 'email', label: t('accounts.field.email.label'), type: 'email', autocomplete: 'username', required: true })}
  ${field(state, { name: 'password', label: t('accounts.field.password.label'), type: 'password', autocomplete: 'current-password', required: true })}
  <div><button type="submit">${t('accounts.signIn.title')}</button></div>
</form>
<p><a href="${localPath(ctx.lang, '/password-reset')}?returnTo=${rt}">${t('accountsWeb.signIn.forgot')}</a></p>
<p>${t('accountsWeb.signIn.noAccount')} <a href="${localPath(ctx.lang, '/register')}${returnTo === localPath(ctx.lang, '') ? '' : `?returnTo=${rt}`}">${t('accounts.register.title')}</a></p>`;
}

export function secondFactorView(
  ctx: PageContext,
  csrf: string,
  state: FormState,
  returnTo: string,
): SafeHtml {
  const t = ctx.t;
  return html`<h1>${t('accountsWeb.totp.signInTitle')}</h1>
<p>${t('accountsWeb.totp.signInIntro')}</p>
${errorSummary(ctx, state)}
<form class="stacked" method="post" action="${localPath(ctx.lang, '/sign-in/second-factor')}" novalidate>
  ${csrfInput(csrf)}
  <input type="hidden" name="returnTo" value="${returnTo}">
  ${field(state, { name: 'otp', label: t('accountsWeb.totp.codeOrRecovery'), autocomplete: 'one-time-code', required: true, maxlength: 20 })}
  <div><button type="submit">${t('accounts.signIn.title')}</button></div>
</form>`;
}

export function rateLimitedView(ctx: PageContext, retryAfterSeconds: number, at: Date): SafeHtml {
  const time = dateTimeFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(at);
  return html`<h1>${ctx.t('accountsWeb.rateLimited.title')}</h1>
<p role="alert">${ctx.t('accounts.rateLimited', { seconds: retryAfterSeconds })}</p>
<p>${ctx.t('accountsWeb.rateLimited.at', { time })}</p>
<p><a href="${localPath(ctx.lang, '')}">${ctx.t('error.backHome')}</a></p>`;
}
