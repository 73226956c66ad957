/** The language of a request: from the /fr or /en prefix for pages, Accept-Language for the API. */
import type { FastifyRequest } from 'fastify';
import { isLang, type Lang, negotiateLanguage } from './i18n/index.ts';

export function requestLang(request: FastifyRequest): Lang {
  const prefix = request.url.split('/')[1];
  if (isLang(prefix)) return prefix;
  const query = request.query as Record<string, unknown> | undefined;
  if (query && isLang(query.lang)) return query.lang;
  return negotiateLanguage(request.headers['accept-language']);
}
