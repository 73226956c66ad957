/**
 * Builds the PageContext of a page request (language, path without prefix, query to keep, the
 * institution's names, the zone times are shown in; features add theirs through `pageExtras`).
 */
import type { FastifyRequest } from 'fastify';
import { type Identity, identityTranslator } from './identity.ts';
import type { PageContext } from './layout.ts';
import { requestLang } from './request-lang.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Extra page context contributed by features (e.g. the signed-in user's navigation). */
    pageExtras?: Partial<PageContext>;
  }
  interface FastifyInstance {
    publicUrl: string;
    /** The zone pages show dates and times in (TZ_DEFAULT) unless the visitor chose another. */
    timeZone: string;
    /** The institution's names in both languages (SITE_NAME_*, INSTITUTION_*). */
    identity: Identity;
  }
}

export function pageContext(request: FastifyRequest): PageContext {
  const lang = requestLang(request);
  const [pathname = '/', search = ''] = request.url.split('?', 2);
  const withoutLang = pathname.replace(/^\/(fr|en)(?=\/|$)/, '');
  const path = withoutLang === '/' ? '' : withoutLang;
  return {
    lang,
    t: identityTranslator(lang, request.server.identity),
    path,
    query: search ? `?${search}` : '',
    publicUrl: request.server.publicUrl,
    timeZone: request.server.timeZone,
    portalTimeZone: request.server.timeZone,
    identity: request.server.identity,
    ...request.pageExtras,
  };
}
