/**
 * The one guard of back-office pages (the back office's and the newsroom's): editors and admins
 * pass; a signed-out visitor is sent to sign in and back (to the page itself for a GET, else to
 * `fallbackPath`); anyone else gets the 403 page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../accounts/public.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { backofficeAccess } from './access.ts';
import { forbiddenView } from './views.ts';

/** True when the page may be shown; otherwise the reply (sign-in redirect or 403) is sent. */
export function backofficePageAllowed(
  request: FastifyRequest,
  reply: FastifyReply,
  fallbackPath: string,
): boolean {
  const access = backofficeAccess(request.auth);
  if (access.kind === 'ok') return true;
  const lang = requestLang(request);
  if (access.kind === 'signed-out') {
    const here = request.method === 'GET' ? request.url : localPath(lang, fallbackPath);
    reply.redirect(`${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(here)}`, 303);
    return false;
  }
  sendPage(request, reply, (t) => ({ title: t('backoffice.forbidden.title') }), forbiddenView, 403);
  return false;
}
