/**
 * Admins only: the audit log's and the users' pages and API (the back office's access rule: signed out is "sign
 * in first", an editor or journalist is "forbidden").
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { backofficeAccess } from '../backoffice/public.ts';
import { HttpError } from '../web/errors.ts';
import { html } from '../web/html.ts';
import { layout, localPath } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';

export function adminAccess(request: FastifyRequest): 'ok' | 'signed-out' | 'forbidden' {
  const access = backofficeAccess(request.auth);
  if (access.kind === 'signed-out') return 'signed-out';
  return access.kind === 'ok' && access.admin ? 'ok' : 'forbidden';
}

/** The API's check: 401 signed out, 403 not an admin. */
export function apiAdmin(request: FastifyRequest): void {
  const access = adminAccess(request);
  if (access === 'signed-out') throw new HttpError(401, 'unauthenticated', 'audit.signInRequired');
  if (access === 'forbidden') throw new HttpError(403, 'forbidden', 'audit.adminOnly');
}

/** The pages' check: true when allowed; otherwise the sign-in redirect or the 403 page is sent. */
export function adminPageAllowed(request: FastifyRequest, reply: FastifyReply): boolean {
  const access = adminAccess(request);
  if (access === 'ok') return true;
  const lang = requestLang(request);
  if (access === 'signed-out') {
    const here = request.method === 'GET' ? request.url : localPath(lang, '/admin');
    reply.redirect(`${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(here)}`, 303);
    return false;
  }
  const ctx = pageContext(request);
  reply
    .code(403)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      layout(
        ctx,
        { title: ctx.t('backoffice.forbidden.title') },
        html`<h1>${ctx.t('backoffice.forbidden.title')}</h1><p>${ctx.t('audit.adminOnly')}</p>
<p><a href="${localPath(ctx.lang, '/admin')}">${ctx.t('backoffice.nav')}</a></p>`,
      ),
    );
  return false;
}
