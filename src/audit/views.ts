/** The audit log page: filters (who, action, from, to) as a plain GET form, the entries, paging. */

import { backofficeTabs } from '../backoffice/public.ts';
import { formatInZone } from '../web/format-zone.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n/index.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { isKnownAction, KNOWN_ACTIONS } from './actions.ts';
import type { AuditEntry } from './store.ts';

export const AUDIT_HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">
<link rel="stylesheet" href="/static/admin.css">`;

export interface AuditPageInput {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
  actors: { id: string; name: string }[];
  filters: Record<'actor' | 'action' | 'from' | 'to', string>;
  errors: Record<string, string>;
  timeZone: string;
}

export function actionText(ctx: PageContext, action: string): string {
  return isKnownAction(action) ? ctx.t(`audit.action.${action}` as MessageKey) : action;
}

function targetLink(ctx: PageContext, e: AuditEntry): SafeHtml | string {
  const label = e.target.label || `${e.target.kind} ${e.target.id}`;
  const path =
    e.action === 'story.delete' || e.action === 'user.delete'
      ? null
      : e.target.kind === 'story'
        ? `/admin/stories/${e.target.id}`
        : e.target.kind === 'video'
          ? `/videos/${e.target.id}`
          : e.target.kind === 'user'
            ? `/admin/users?q=${encodeURIComponent(e.target.label)}`
            : e.target.kind === 'topic'
              ? '/admin/topics'
              : null;
  return path ? html`<a href="${localPath(ctx.lang, path)}">${label}</a>` : label;
}

function select(
  name: string,
  label: string,
  any: string,
  options: { value: string; text: string }[],
  current: string,
): SafeHtml {
  return html`<div class="field"><label for="audit-${name}">${label}</label>
<select id="audit-${name}" name="${name}"><option value="">${any}</option>${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.text}</option>`,
  )}</select></div>`;
}

/** The back office's tabs (one row for every back-office page), the audit log current. */
function tabs(ctx: PageContext): SafeHtml {
  return backofficeTabs(ctx, 'audit', true);
}

export function auditView(ctx: PageContext, input: AuditPageInput): SafeHtml {
  const { t, lang } = ctx;
  const areas = ['story', 'topic', 'video', 'user'] as const;
  const actionOptions = [
    ...areas.map((a) => ({ value: a, text: t(`audit.area.${a}`) })),
    ...KNOWN_ACTIONS.map((a) => ({ value: a, text: `${a} – ${actionText(ctx, a)}` })),
  ];
  const errorText = (field: string) => {
    const code = input.errors[field];
    return code
      ? html`<p class="field-error" id="audit-${field}-error">${t(`audit.code.${code}` as MessageKey)}</p>`
      : '';
  };
  const day = (name: 'from' | 'to') =>
    html`<div class="field"><label for="audit-${name}">${t(`audit.field.${name}`)}</label>
<input id="audit-${name}" name="${name}" type="date" value="${input.filters[name]}"${input.errors[name] ? html` aria-invalid="true" aria-describedby="audit-${name}-error"` : ''}>${errorText(name)}</div>`;
  const pages = Math.max(1, Math.ceil(input.total / input.pageSize));
  const query = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(input.filters)) if (v) params.set(k, v);
    params.set('page', String(page));
    return `${localPath(lang, '/admin/audit')}?${params}`;
  };
  const row = (e: AuditEntry) => html`<tr data-action="${e.action}">
  <td>${formatInZone(e.at, input.timeZone, lang)}</td>
  <td>${e.actor.id === null ? html`<em>${t('audit.portal')}</em>` : e.actor.name}</td>
  <td>${actionText(ctx, e.action)}<br><code class="meta">${e.action}</code></td>
  <td>${targetLink(ctx, e)}</td>
</tr>`;
  return html`${tabs(ctx)}
<h1>${t('audit.title')}</h1>
<p>${t('audit.intro')}</p>
${
  Object.keys(input.errors).length > 0
    ? html`<p class="error-summary" role="alert">${t('audit.invalid', {
        detail: Object.entries(input.errors)
          .map(([f, c]) => `${t(`audit.field.${f}` as MessageKey)} : ${t(`audit.code.${c}` as MessageKey)}`)
          .join(' '),
      })}</p>`
    : ''
}
<form method="get" action="${localPath(lang, '/admin/audit')}" class="filters" aria-label="${t('audit.filters')}">
  ${select(
    'actor',
    t('audit.field.actor'),
    t('audit.filter.anyActor'),
    input.actors.map((a) => ({ value: a.id, text: a.name })),
    input.filters.actor,
  )}
  ${select('action', t('audit.field.action'), t('audit.filter.anyAction'), actionOptions, input.filters.action)}
  ${day('from')}${day('to')}
  <div class="filter-actions"><button type="submit">${t('audit.filter.apply')}</button>
  <a href="${localPath(lang, '/admin/audit')}">${t('audit.filter.reset')}</a></div>
</form>
${
  input.entries.length === 0
    ? html`<p>${t('audit.empty')}</p>`
    : html`<div class="table-scroll"><table class="backoffice-videos audit-log">
  <caption>${t('audit.caption', { total: input.total })}</caption>
  <thead><tr><th scope="col">${t('audit.col.at')}</th><th scope="col">${t('audit.col.actor')}</th><th scope="col">${t('audit.col.action')}</th><th scope="col">${t('audit.col.target')}</th></tr></thead>
  <tbody>${input.entries.map(row)}</tbody>
</table></div>
<nav class="pager" aria-label="${t('audit.pageOf', { page: input.page, pages })}">
  ${input.page > 1 ? html`<a rel="prev" href="${query(input.page - 1)}">${t('audit.previous')}</a>` : ''}
  <span>${t('audit.pageOf', { page: input.page, pages })}</span>
  ${input.page < pages ? html`<a rel="next" href="${query(input.page + 1)}">${t('audit.next')}</a>` : ''}
</nav>`
}`;
}
