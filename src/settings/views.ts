/**
 * The settings' pages (HTML): the admins' settings form (names, tagline, colour, contact, terms and
 * privacy side by side in French and English, each field with the configuration's value it falls back
 * to; the logo's own upload form; a preview of the logo and colour as saved) and the public terms and
 * privacy pages, whose Markdown goes through the stories' sanitised pipeline.
 */
import { backofficeTabs } from '../backoffice/public.ts';
import { sanitizedBodyHtml } from '../catalog/public.ts';
import { html, raw, type SafeHtml } from '../web/html.ts';
import { formatDateTime, type MessageKey } from '../web/i18n/index.ts';
import type { Identity } from '../web/identity.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { LANGS } from './values.ts';

export const SETTINGS_HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">
<link rel="stylesheet" href="/static/admin.css">
<link rel="stylesheet" href="/static/newsroom.css">
<link rel="stylesheet" href="/static/settings.css">`;

/** The back office's tabs, Settings current (only admins reach this page). */
function tabs(ctx: PageContext): SafeHtml {
  return backofficeTabs(ctx, 'settings', true);
}

export interface SettingsPageInput {
  /** The form's values (stored ones, or what was just submitted). */
  values: Record<string, string>;
  /** What each field falls back to (the configuration's). */
  defaults: Record<string, string>;
  /** Field -> message. */
  errors: Record<string, string>;
  revision: number;
  updatedAt: Date | null;
  updatedBy: string | null;
  notice: string | null;
  problem: string | null;
  identity: Identity;
}

const LINE_FIELDS = ['name', 'institution', 'tagline'] as const;
const TEXT_FIELDS = ['terms', 'privacy'] as const;

export function settingsView(ctx: PageContext, input: SettingsPageInput): SafeHtml {
  const { t, lang } = ctx;
  const id = (field: string) => `s-${field.replace('.', '-')}`;
  const describedBy = (field: string, hint?: string) => {
    const ids = [hint, input.errors[field] ? `${id(field)}-error` : ''].filter(Boolean).join(' ');
    return ids ? html` aria-describedby="${ids}"` : '';
  };
  const invalid = (field: string) => (input.errors[field] ? html` aria-invalid="true"` : '');
  const error = (field: string) =>
    input.errors[field]
      ? html`<p id="${id(field)}-error" class="field-error">${input.errors[field]}</p>`
      : '';
  const fallback = (field: string) =>
    input.defaults[field]
      ? html`<p class="hint" id="${id(field)}-default">${t('settings.default', { value: input.defaults[field] ?? '' })}</p>`
      : '';
  const line = (
    field: string,
    options: { type?: string; fieldLang?: string; extraHint?: string } = {},
  ) => html`<div class="field">
    <label for="${id(field)}">${t(`settings.field.${field}` as MessageKey)}</label>
    ${fallback(field)}
    <input id="${id(field)}" name="${field}" type="${options.type ?? 'text'}" value="${input.values[field] ?? ''}"${options.fieldLang ? html` lang="${options.fieldLang}"` : ''}${describedBy(field, [input.defaults[field] ? `${id(field)}-default` : '', options.extraHint ?? ''].filter(Boolean).join(' '))}${invalid(field)}>
    ${error(field)}
  </div>`;
  const area = (field: string, fieldLang: string) => html`<div class="field">
    <label for="${id(field)}">${t(`settings.field.${field}` as MessageKey)}</label>
    <textarea id="${id(field)}" name="${field}" lang="${fieldLang}" rows="8"${describedBy(field, 'markdown-hint')}${invalid(field)}>${input.values[field] ?? ''}</textarea>
    ${error(field)}
  </div>`;
  const summary = Object.values(input.errors);
  const logo = input.identity.logo;
  const changed =
    input.updatedAt && input.updatedBy
      ? t('settings.lastChange', {
          who: input.updatedBy,
          at: formatDateTime(lang, input.updatedAt, ctx.timeZone ?? 'UTC'),
          revision: input.revision,
        })
      : t('settings.neverChanged');
  const csrf = html`<input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">`;
  return html`${tabs(ctx)}
<h1>${t('settings.title')}</h1>
<p>${t('settings.intro')}</p>
<p class="hint">${changed}</p>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.problem ? html`<p class="error-summary" role="alert">${input.problem}</p>` : ''}
${summary.length > 0 ? html`<div class="error-summary" role="alert"><p>${t('settings.invalid', { detail: '' })}</p><ul>${summary.map((m) => html`<li>${m}</li>`)}</ul></div>` : ''}
<section aria-labelledby="preview-title" class="settings-preview">
  <h2 id="preview-title">${t('settings.preview')}</h2>
  <div class="settings-preview-bar">
    ${logo ? html`<img src="${logo.url}" alt="" width="${logo.width}" height="${logo.height}">` : ''}
    <span>${input.identity.siteName[lang]}</span>
  </div>
  <p><a href="#preview-title">${t('settings.preview.link')}</a> <span class="settings-preview-button">${t('settings.preview.button')}</span></p>
</section>
<section aria-labelledby="logo-title" class="settings-logo">
  <h2 id="logo-title">${t('settings.group.logo')}</h2>
  ${
    logo
      ? html`<figure class="settings-logo-current"><img src="${logo.url}" alt="${t('settings.logo.current')}" width="${logo.width}" height="${logo.height}"><figcaption>${t('settings.logo.current')} (${logo.width} × ${logo.height})</figcaption></figure>`
      : html`<p>${t('settings.logo.none')}</p>`
  }
  <form method="post" action="/api/v1/settings/logo?return=${lang}" enctype="multipart/form-data">
    <div class="field">
      <label for="logo-file">${t('settings.logo.file')}</label>
      <p class="hint" id="logo-hint">${t('settings.hint.logo')}</p>
      <input id="logo-file" name="logo" type="file" accept="image/png,image/jpeg,image/webp,image/svg+xml" required aria-describedby="logo-hint">
    </div>
    <button type="submit">${t('settings.logo.upload')}</button>
  </form>
  ${logo ? html`<form method="post" action="${localPath(lang, '/admin/settings')}" class="inline-form">${csrf}<input type="hidden" name="revision" value="${input.revision}"><button type="submit" name="removeLogo" value="1" class="secondary">${t('settings.logo.remove')}</button></form>` : ''}
</section>
<form method="post" action="${localPath(lang, '/admin/settings')}" class="story-form settings-form" novalidate>
  ${csrf}
  <input type="hidden" name="revision" value="${input.revision}">
  <h2>${t('settings.group.names')}</h2>
  <div class="bilingual">
    ${LANGS.map(
      (
        l,
      ) => html`<fieldset class="story-lang" lang="${l}"><legend>${l === 'fr' ? 'Français' : 'English'}</legend>
      ${LINE_FIELDS.map((f) => line(`${f}.${l}`, { fieldLang: l }))}
    </fieldset>`,
    )}
  </div>
  ${line('shortName')}
  <h2>${t('settings.group.look')}</h2>
  <p class="hint" id="colour-hint">${t('settings.hint.colour')}</p>
  ${line('colours.primary', { extraHint: 'colour-hint' })}
  <h2>${t('settings.group.contact')}</h2>
  ${line('contactEmail', { type: 'email' })}
  <h2>${t('settings.group.texts')}</h2>
  <p class="hint" id="markdown-hint">${t('settings.hint.markdown')}</p>
  <div class="bilingual">
    ${LANGS.map(
      (
        l,
      ) => html`<fieldset class="story-lang" lang="${l}"><legend>${l === 'fr' ? 'Français' : 'English'}</legend>
      ${TEXT_FIELDS.map((f) => area(`${f}.${l}`, l))}
    </fieldset>`,
    )}
  </div>
  <p><button type="submit">${t('settings.save')}</button></p>
</form>`;
}

/** A terms or privacy page: the stored Markdown (sanitised), or the built-in plain text. */
export function textPageView(title: string, markdown: string | undefined, fallback: string): SafeHtml {
  return markdown
    ? html`<h1>${title}</h1><div class="story-body">${raw(sanitizedBodyHtml(markdown))}</div>`
    : html`<h1>${title}</h1><p>${fallback}</p>`;
}
