/**
 * Refuses control characters in any text a request carries, before a route sees it (400 in the
 * request's language, never a 500 from the database choking on a NUL byte): the URL (path and query,
 * raw or percent-encoded) may hold no C0 control character and no DEL; a parsed body (JSON or form),
 * keys and values at any depth, may hold tab, CR and LF (a textarea sends them) but no other C0
 * character and no DEL. Bodies a route streams itself (tus uploads) are not parsed, so not looked at.
 */
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from './errors.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const IN_URL = /[\u0000-\u001f\u007f]|%(?:[01][0-9a-f]|7f)/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when a string anywhere in `value` (keys included) holds a refused control character. */
export function holdsControlCharacters(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return IN_TEXT.test(value);
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some((item) => holdsControlCharacters(item, depth + 1));
  return Object.entries(value).some(
    ([key, item]) => IN_TEXT.test(key) || holdsControlCharacters(item, depth + 1),
  );
}

export function urlHoldsControlCharacters(url: string): boolean {
  return IN_URL.test(url);
}

const refused = () => new HttpError(400, 'invalid_characters', 'error.controlCharacters');

export const controlCharacters: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request) => {
    if (urlHoldsControlCharacters(request.url)) throw refused();
  });
  app.addHook('preValidation', async (request) => {
    if (holdsControlCharacters(request.body)) throw refused();
  });
};
