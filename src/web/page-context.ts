/** Builds the PageContext of a page request (language, path without prefix, query to keep). */
import type { FastifyRequest } from 'fastify';
import { translator } from './i18n/index.ts';
import type { PageContext } from './layout.ts';
import { requestLang } from './request-lang.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Extra page context contributed by features (e.g. the signed-in user's navigation). */
    pageExtras?: Partial<PageContext>;
  }
  interface FastifyInstance {
    publicUrl: string;
    /** The zone pages show dates and times in (TZ_DEFAULT). */
    timeZone: string;
  }
}

export function pageContext(request: FastifyRequest): PageContext {
  const lang = requestLang(request);
  const [pathname = '/', search = ''] = request.url.split('?', 2);
  const withoutLang = pathname.replace(/^\/(fr|en)(?=\/|$)/, '');
  const path = withoutLang === '/' ? '' : withoutLang;
  return {
    lang,
    t: translator(lang),
    path,
    query: search ? `?${search}` : '',
    publicUrl: request.server.publicUrl,
    timeZone: request.server.timeZone,
    ...request.pageExtras,
  };
}
