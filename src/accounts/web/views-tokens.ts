/** API tokens on the profile page (list, create, revoke; forms without JavaScript) and the new token. */
import { html, type SafeHtml } from '../../web/html.ts';
import { formatDateTime } from '../../web/i18n/index.ts';
import { localPath, type PageContext } from '../../web/layout.ts';
import { API_TOKEN_NAME_MAX } from '../rules/api-tokens.ts';
import type { ApiTokenView } from '../service/tokens.ts';
import { csrfInput, type FormState, field } from './views.ts';

function when(ctx: PageContext, iso: string | null): SafeHtml {
  if (iso === null) return html`${ctx.t('apiTokens.neverUsed')}`;
  return html`<time datetime="${iso}" data-time="datetime">${formatDateTime(ctx.lang, new Date(iso), ctx.timeZone)}</time>`;
}

function tokenTable(ctx: PageContext, csrf: string, tokens: readonly ApiTokenView[]): SafeHtml {
  const t = ctx.t;
  return html`<div class="table-scroll"><table class="tokens">
  <thead><tr><th scope="col">${t('apiTokens.col.name')}</th><th scope="col">${t('apiTokens.col.prefix')}</th><th scope="col">${t('apiTokens.col.created')}</th><th scope="col">${t('apiTokens.col.lastUsed')}</th><th scope="col"><span class="visually-hidden">${t('apiTokens.col.actions')}</span></th></tr></thead>
  <tbody>${tokens.map(
    (token) =>
      html`<tr><td>${token.name}</td><td><code>${token.prefix}…</code></td><td>${when(ctx, token.createdAt)}</td><td>${when(ctx, token.lastUsedAt)}</td><td><form class="inline-form" method="post" action="${localPath(ctx.lang, `/account/tokens/${token.id}/revoke`)}">${csrfInput(csrf)}<button type="submit" class="secondary" aria-label="${t('apiTokens.revokeLabel', { name: token.name })}">${t('apiTokens.revoke')}</button></form></td></tr>`,
  )}</tbody>
</table></div>`;
}

/** The profile section's content: the active tokens, and the form to create one. */
export function apiTokensBody(
  ctx: PageContext,
  csrf: string,
  tokens: readonly ApiTokenView[],
  state: FormState,
): SafeHtml {
  const t = ctx.t;
  return html`<p>${t('apiTokens.intro')}</p>
  ${tokens.length === 0 ? html`<p>${t('apiTokens.none')}</p>` : tokenTable(ctx, csrf, tokens)}
  <form class="stacked" method="post" action="${localPath(ctx.lang, '/account/tokens')}" novalidate>
    ${csrfInput(csrf)}
    ${field(state, { name: 'tokenName', label: t('apiTokens.name.label'), required: true, maxlength: API_TOKEN_NAME_MAX, hintId: 'token-name-hint', hint: html`<p class="field-hint" id="token-name-hint">${t('apiTokens.name.hint', { max: API_TOKEN_NAME_MAX })}</p>` })}
    <div><button type="submit">${t('apiTokens.create')}</button></div>
  </form>`;
}

/** The new token, shown this once, with how to use it. */
export function apiTokenCreatedView(ctx: PageContext, created: { name: string; token: string }): SafeHtml {
  const t = ctx.t;
  const example = `curl -H "Authorization: Bearer ${created.token}" -C - -O -J ${ctx.publicUrl}/api/v1/videos/VIDEO_ID/renditions/master/file`;
  return html`<h1>${t('apiTokens.created.title')}</h1>
<p><strong>${created.name}</strong></p>
<p role="alert">${t('apiTokens.created.once')}</p>
<pre class="secret"><code id="api-token">${created.token}</code></pre>
<p>${t('apiTokens.created.usage')}</p>
<pre class="command"><code>${example}</code></pre>
<p><a class="button-primary" href="${localPath(ctx.lang, '/account')}">${t('apiTokens.created.back')}</a></p>`;
}
