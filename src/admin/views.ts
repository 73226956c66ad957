/** Admin area pages: tabs, the users list (search, role filter, paging) and one user's page. */
import type { AdminUserView, Role } from '../accounts/public.ts';
import { ROLES } from '../accounts/public.ts';
import { backofficeTabs } from '../backoffice/public.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { formatDate } from '../web/i18n/index.ts';
import { localPath, type PageContext } from '../web/layout.ts';

export const ADMIN_HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">
<link rel="stylesheet" href="/static/admin.css">`;

export function adminTabs(
  ctx: PageContext,
  current: 'dashboard' | 'users' | 'audit',
  admin: boolean,
): SafeHtml {
  return backofficeTabs(ctx, current, admin);
}

export function roleText(ctx: PageContext, role: Role): string {
  return ctx.t(`admin.role.${role}`);
}

function notices(input: { notice?: string | null; error?: string | null }): SafeHtml {
  return html`${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? html`<p class="error-summary" role="alert">${input.error}</p>` : ''}`;
}

function stateText(ctx: PageContext, u: AdminUserView): SafeHtml {
  return html`<span class="user-state ${u.disabled ? 'state-disabled' : 'state-active'}">${ctx.t(u.disabled ? 'admin.users.disabled' : 'admin.users.active')}</span>${u.verified ? '' : html`<br><span class="meta">${ctx.t('admin.users.unverified')}</span>`}`;
}

export interface UsersPageInput {
  items: AdminUserView[];
  total: number;
  page: number;
  perPage: number;
  q: string;
  role: string;
  selfId: string;
  notice?: string | null;
  error?: string | null;
}

export function usersView(ctx: PageContext, input: UsersPageInput): SafeHtml {
  const { t, lang } = ctx;
  const pages = Math.max(1, Math.ceil(input.total / input.perPage));
  const link = (page: number) => {
    const p = new URLSearchParams();
    if (input.q) p.set('q', input.q);
    if (input.role) p.set('role', input.role);
    p.set('page', String(page));
    return `${localPath(lang, '/admin/users')}?${p}`;
  };
  const row = (u: AdminUserView) => {
    const name = `${u.firstName} ${u.lastName}`.trim();
    return html`<tr data-user-id="${u.id}" data-role="${u.role}" data-disabled="${String(u.disabled)}">
  <th scope="row"><a href="${localPath(lang, `/admin/users/${u.id}`)}" aria-label="${t('admin.users.manageLabel', { email: u.email })}">${u.email}</a> ${u.id === input.selfId ? t('admin.users.you') : ''}
    ${name ? html`<br><span class="meta">${name}${u.organisation ? ` · ${u.organisation}` : ''}</span>` : ''}</th>
  <td>${roleText(ctx, u.role)}</td>
  <td>${stateText(ctx, u)}</td>
  <td class="nowrap">${formatDate(lang, new Date(u.createdAt))}</td>
</tr>`;
  };
  return html`${adminTabs(ctx, 'users', true)}
<h1>${t('admin.users.title')}</h1>
${notices(input)}
<p>${t('admin.users.intro')}</p>
<form method="get" action="${localPath(lang, '/admin/users')}" class="filters" role="search">
  <div class="field"><label for="users-q">${t('admin.users.search')}</label>
    <input id="users-q" name="q" type="search" maxlength="200" value="${input.q}"></div>
  <div class="field"><label for="users-role">${t('admin.users.role')}</label>
    <select id="users-role" name="role"><option value="">${t('admin.users.anyRole')}</option>
    ${ROLES.map((r) => html`<option value="${r}"${r === input.role ? html` selected` : ''}>${roleText(ctx, r)}</option>`)}</select></div>
  <div class="filter-actions"><button type="submit">${t('admin.users.filter')}</button>
    <a href="${localPath(lang, '/admin/users')}">${t('admin.users.reset')}</a></div>
</form>
${
  input.items.length === 0
    ? html`<p>${t('admin.users.empty')}</p>`
    : html`<div class="table-scroll"><table class="backoffice-videos admin-users">
  <caption>${t('admin.users.caption', { total: input.total })}</caption>
  <thead><tr><th scope="col">${t('admin.users.col.user')}</th><th scope="col">${t('admin.users.col.role')}</th><th scope="col">${t('admin.users.col.state')}</th><th scope="col">${t('admin.users.col.created')}</th></tr></thead>
  <tbody>${input.items.map(row)}</tbody>
</table></div>
<nav class="pager" aria-label="${t('admin.users.pageOf', { page: input.page, pages })}">
  ${input.page > 1 ? html`<a rel="prev" href="${link(input.page - 1)}">${t('admin.users.previous')}</a>` : ''}
  <span>${t('admin.users.pageOf', { page: input.page, pages })}</span>
  ${input.page < pages ? html`<a rel="next" href="${link(input.page + 1)}">${t('admin.users.next')}</a>` : ''}
</nav>`
}`;
}

export function userView(
  ctx: PageContext,
  input: { user: AdminUserView; csrf: string; selfId: string; notice?: string | null; error?: string | null },
): SafeHtml {
  const { t, lang } = ctx;
  const u = input.user;
  const action = localPath(lang, `/admin/users/${u.id}`);
  const csrf = html`<input type="hidden" name="_csrf" value="${input.csrf}">`;
  const name = `${u.firstName} ${u.lastName}`.trim() || '–';
  return html`${adminTabs(ctx, 'users', true)}
<p><a href="${localPath(lang, '/admin/users')}">${t('admin.user.back')}</a></p>
<h1>${t('admin.user.title', { email: u.email })} ${u.id === input.selfId ? t('admin.users.you') : ''}</h1>
${notices(input)}
<p>${t('admin.user.details', { name, organisation: u.organisation || '–' })}</p>
<p>${roleText(ctx, u.role)} · ${stateText(ctx, u)}</p>
<div class="admin-user-actions">
<form method="post" action="${action}" class="stacked">
  ${csrf}
  <fieldset><legend>${t('admin.user.roleLegend')}</legend>
  ${ROLES.map(
    (r) =>
      html`<div class="choice"><input type="radio" id="role-${r}" name="role" value="${r}"${r === u.role ? html` checked` : ''}><label for="role-${r}">${roleText(ctx, r)}</label></div>`,
  )}
  <button type="submit">${t('admin.user.roleSave')}</button></fieldset>
</form>
<form method="post" action="${action}" class="stacked">
  ${csrf}
  <fieldset><legend>${t('admin.user.disableLegend')}</legend>
  <p class="hint">${t('admin.user.disableHint')}</p>
  <input type="hidden" name="disabled" value="${u.disabled ? 'false' : 'true'}">
  <button type="submit"${u.disabled ? '' : html` class="danger"`}>${t(u.disabled ? 'admin.user.enable' : 'admin.user.disable')}</button></fieldset>
</form>
<form method="post" action="${action}/delete" class="stacked">
  ${csrf}
  <fieldset><legend>${t('admin.user.deleteLegend')}</legend>
  <p class="hint">${t('admin.user.deleteHint')}</p>
  <div class="choice"><input type="checkbox" id="delete-confirm" name="confirm" value="yes" required><label for="delete-confirm">${t('admin.user.deleteConfirm')}</label></div>
  <button type="submit" class="danger">${t('admin.user.delete')}</button></fieldset>
</form>
</div>`;
}
