/**
 * The back-office video page: the player beside the shotlist editor (mark In/Out from the frame on
 * screen, add and remove rows, or import CSV), and the metadata form (French and English side by
 * side, credit, terms, restrictions, the embargo and its kind). Plain forms that work without
 * JavaScript; `shotlist-editor.js` adds marking from the player. The revision travels in a hidden field.
 */
import { html, type SafeHtml } from '../web/html.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { instantToLocal } from './schedule.ts';
import type { VideoRecord } from './video-service.ts';

export interface VideoPageInput {
  video: VideoRecord;
  /** The player (catalogue's figure), or null before the preview plays. */
  player: SafeHtml | null;
  csrf: string;
  timeZone: string;
  notice?: string | null;
  errors?: Record<string, string>;
  /** Form values to show instead of the stored ones (a refused save keeps what was typed). */
  typed?: Record<string, string> | null;
  shotRows?: { in: string; out: string; fr: string; en: string }[] | null;
  csv?: string;
}

function errorList(_ctx: PageContext, errors: Record<string, string>): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1"><ul>${entries.map(([, m]) => html`<li>${m}</li>`)}</ul></div>`;
}

function langColumn(ctx: PageContext, input: VideoPageInput, lang: 'fr' | 'en'): SafeHtml {
  const v = input.video;
  const typed = input.typed;
  const value = (name: string, stored: string) => (typed ? (typed[name] ?? '') : stored);
  const bad = (field: string) => (input.errors?.[field] ? html` aria-invalid="true"` : html``);
  return html`<fieldset class="story-lang" lang="${lang}">
  <legend lang="${lang}">${ctx.t(lang === 'fr' ? 'videometa.page.french' : 'videometa.page.english')}</legend>
  <div class="field"><label for="title-${lang}">${ctx.t('videometa.page.titleLabel')}</label>
    <input id="title-${lang}" name="${lang}.title" maxlength="200" value="${value(`${lang}.title`, v.translations[lang]?.title ?? '')}"${bad(`translations.${lang}.title`)}></div>
  <div class="field"><label for="description-${lang}">${ctx.t('videometa.page.descriptionLabel')}</label>
    <textarea id="description-${lang}" name="${lang}.description" rows="4" maxlength="5000"${bad(`translations.${lang}.description`)}>${value(`${lang}.description`, v.translations[lang]?.description ?? '')}</textarea></div>
  <div class="field"><label for="terms-${lang}">${ctx.t('videometa.page.usageTermsLabel')}</label>
    <textarea id="terms-${lang}" name="${lang}.usageTerms" rows="3" maxlength="5000"${bad(`usageTerms.${lang}`)}>${value(`${lang}.usageTerms`, v.usageTerms[lang])}</textarea></div>
  <div class="field"><label for="restrictions-${lang}">${ctx.t('videometa.page.restrictionsLabel')}</label>
    <textarea id="restrictions-${lang}" name="${lang}.restrictions" rows="2" maxlength="5000"${bad(`restrictions.${lang}`)}>${value(`${lang}.restrictions`, v.restrictions[lang])}</textarea></div>
</fieldset>`;
}

function metadataForm(ctx: PageContext, input: VideoPageInput): SafeHtml {
  const v = input.video;
  const typed = input.typed;
  const until = typed
    ? (typed.embargoUntil ?? '')
    : v.embargoUntil
      ? instantToLocal(new Date(v.embargoUntil), input.timeZone)
      : '';
  const kind = typed ? (typed.embargoKind ?? 'none') : v.embargoUntil ? v.embargoKind : 'none';
  const radio = (value: string, label: string) =>
    html`<label class="choice"><input type="radio" name="embargoKind" value="${value}"${kind === value ? html` checked` : ''}> ${label}</label>`;
  return html`<form method="post" action="${localPath(ctx.lang, `/admin/videos/${v.id}`)}" class="video-metadata" novalidate>
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <input type="hidden" name="revision" value="${String(v.revision)}">
  <h2>${ctx.t('videometa.page.metadata')}</h2>
  <p class="meta">${ctx.t('videometa.page.oneLanguage')}</p>
  <div class="bilingual">${langColumn(ctx, input, 'fr')}${langColumn(ctx, input, 'en')}</div>
  <div class="field"><label for="credit">${ctx.t('videometa.page.creditLabel')}</label>
    <input id="credit" name="credit" maxlength="200" value="${typed ? (typed.credit ?? '') : v.credit}"></div>
  <fieldset class="embargo"><legend>${ctx.t('videometa.page.embargo')}</legend>
    ${radio('none', ctx.t('videometa.page.embargoNone'))}
    ${radio('hidden', ctx.t('videometa.page.embargoHidden'))}
    ${radio('available', ctx.t('videometa.page.embargoAvailable'))}
    <div class="field"><label for="embargo-until">${ctx.t('videometa.page.embargoUntil', { zone: input.timeZone })}</label>
      <input id="embargo-until" name="embargoUntil" type="datetime-local" value="${until}"${input.errors?.embargoUntil ? html` aria-invalid="true"` : ''}>
      <input type="hidden" name="timeZone" value="${input.timeZone}"></div>
  </fieldset>
  <p><button type="submit" class="button-primary">${ctx.t('videometa.page.save')}</button></p>
</form>`;
}

function shotRow(
  ctx: PageContext,
  row: { in: string; out: string; fr: string; en: string },
  n: number,
): SafeHtml {
  return html`<tr data-shot-row>
  <td><input name="in" aria-label="${ctx.t('videometa.page.in')} ${n}" value="${row.in}" size="11" inputmode="numeric" data-tc="in">
    <button type="button" class="secondary" data-mark="in" hidden>${ctx.t('videometa.page.markIn')}</button></td>
  <td><input name="out" aria-label="${ctx.t('videometa.page.out')} ${n}" value="${row.out}" size="11" inputmode="numeric" data-tc="out">
    <button type="button" class="secondary" data-mark="out" hidden>${ctx.t('videometa.page.markOut')}</button></td>
  <td><textarea name="fr" lang="fr" rows="2" aria-label="${ctx.t('videometa.page.descriptionFr')} ${n}">${row.fr}</textarea></td>
  <td><textarea name="en" lang="en" rows="2" aria-label="${ctx.t('videometa.page.descriptionEn')} ${n}">${row.en}</textarea>
    <button type="button" class="secondary" data-remove-row hidden>${ctx.t('videometa.page.removeRow')}</button></td>
</tr>`;
}

function shotlistForm(ctx: PageContext, input: VideoPageInput): SafeHtml {
  const v = input.video;
  const rows =
    input.shotRows ??
    v.shotlist.map((s) => ({ in: s.in ?? '', out: s.out ?? '', fr: s.description.fr, en: s.description.en }));
  const withBlank = [...rows, { in: '', out: '', fr: '', en: '' }];
  const action = localPath(ctx.lang, `/admin/videos/${v.id}/shotlist`);
  return html`<section class="shotlist-editor" aria-labelledby="shotlist-heading">
  <h2 id="shotlist-heading">${ctx.t('videometa.page.shotlist')}</h2>
  <p class="meta">${ctx.t('videometa.page.shotlistHelp')}</p>
  <form method="post" action="${action}" data-shotlist-form data-fps="${v.fps ?? '25/1'}" data-start-timecode="${v.startTimecode ?? '00:00:00:00'}" data-duration-frames="${String(v.durationFrames ?? 0)}">
    <input type="hidden" name="_csrf" value="${input.csrf}">
    <input type="hidden" name="revision" value="${String(v.revision)}">
    <div class="table-scroll"><table class="shotlist-rows">
      <thead><tr><th scope="col">${ctx.t('videometa.page.in')}</th><th scope="col">${ctx.t('videometa.page.out')}</th><th scope="col">${ctx.t('videometa.page.descriptionFr')}</th><th scope="col">${ctx.t('videometa.page.descriptionEn')}</th></tr></thead>
      <tbody>${withBlank.map((row, i) => shotRow(ctx, row, i + 1))}</tbody>
    </table></div>
    <p><button type="button" class="secondary" data-add-row hidden>${ctx.t('videometa.page.addRow')}</button>
      <button type="submit" class="button-primary">${ctx.t('videometa.page.saveShotlist')}</button></p>
  </form>
  <form method="post" action="${action}" class="csv-import">
    <input type="hidden" name="_csrf" value="${input.csrf}">
    <input type="hidden" name="revision" value="${String(v.revision)}">
    <div class="field"><label for="csv">${ctx.t('videometa.page.csv')}</label>
      <textarea id="csv" name="csv" rows="4" spellcheck="false">${input.csv ?? ''}</textarea></div>
    <p><button type="submit" class="secondary">${ctx.t('videometa.page.csvImport')}</button></p>
  </form>
</section>`;
}

export function videoEditView(ctx: PageContext, input: VideoPageInput): SafeHtml {
  const v = input.video;
  const title = v.translations[ctx.lang]?.title;
  const other = ctx.lang === 'fr' ? 'en' : 'fr';
  const shown = title ?? v.translations[other]?.title ?? v.id;
  return html`<p><a href="${localPath(ctx.lang, '/admin/videos')}">${ctx.t('videometa.page.back')}</a></p>
<h1>${title ? shown : html`<span lang="${other}">${shown}</span>`}</h1>
${title ? '' : html`<p class="notice">${ctx.t(`videometa.page.onlyIn.${other}`)}</p>`}
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${errorList(ctx, input.errors ?? {})}
<div class="video-workspace">
  <div class="video-player-column">${input.player ?? html`<p class="status">${ctx.t('videometa.page.noPlayer')}</p>`}</div>
  ${shotlistForm(ctx, input)}
</div>
${metadataForm(ctx, input)}
<form method="post" action="${localPath(ctx.lang, `/admin/videos/${v.id}/delete`)}" class="danger" data-confirm="${ctx.t('videometa.page.deleteConfirm')}">
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <button type="submit" class="danger">${ctx.t('videometa.page.delete')}</button>
</form>`;
}
