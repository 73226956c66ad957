/**
 * Reading a `multipart/form-data` body (the API's `POST /photos` and the back-office upload form):
 * the body is counted as it arrives and refused past `maxBytes` (413), parsed by Node's own WHATWG
 * `Response.formData()` (undici's maintained parser; it holds the body in memory, bounded by
 * `maxBytes`), and each file is then streamed to a temporary file under `photos/.incoming/`, hashed
 * on the way. Text fields (the form's `_csrf`) are kept as strings. The temporaries are removed when
 * the response is sent, unless the route moved them into the store. Nothing is read for a caller
 * `allow` refuses: the route then answers 401/403.
 */

import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MediaStorage } from '../platform/storage/index.ts';
import { HttpError } from '../web/errors.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { requestLang } from '../web/request-lang.ts';
import { type ReceivedFile, receiveToDisk } from './store.ts';

export interface MultipartBody {
  /** The form's CSRF token, where the kit's check looks for it (src/web/csrf.ts). */
  _csrf?: string;
  /** False when `allow` refused the caller: nothing was read. */
  read: boolean;
  fields: Record<string, string>;
  files: ReceivedFile[];
}

export interface MultipartLimits {
  maxBytes: number;
  maxFiles: number;
}

export function isMultipartBody(body: unknown): body is MultipartBody {
  return typeof body === 'object' && body !== null && 'files' in body && 'fields' in body;
}

/** Registers the parser in this plugin's scope, with the cleanup of what it received. */
export function acceptMultipart(
  app: FastifyInstance,
  storage: MediaStorage,
  limits: MultipartLimits,
  allow: (request: FastifyRequest) => boolean,
): void {
  app.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: Readable) => {
    if (!allow(request)) {
      payload.resume();
      return { read: false, fields: {}, files: [] } satisfies MultipartBody;
    }
    const tooLarge = () =>
      new HttpError(413, 'too_large', 'photos.error.tooLarge', {
        max: formatBytes(limits.maxBytes, requestLang(request)),
      });
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limits.maxBytes) {
      payload.resume();
      throw tooLarge();
    }
    let seen = 0;
    const counted = payload.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length;
          done(seen > limits.maxBytes ? tooLarge() : null, chunk);
        },
      }),
    );
    payload.on('error', (error) => counted.destroy(error));
    let form: FormData;
    try {
      form = await new Response(Readable.toWeb(counted) as ReadableStream, {
        headers: { 'content-type': String(request.headers['content-type']) },
      }).formData();
    } catch (error) {
      if (seen > limits.maxBytes) throw tooLarge();
      void error;
      throw new HttpError(400, 'bad_multipart', 'photos.error.noFile');
    }
    const body: MultipartBody = { read: true, fields: {}, files: [] };
    request.receivedFiles = body.files;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') {
        if (name.length <= 100 && value.length <= 10_000) body.fields[name] = value;
        continue;
      }
      if (value.size === 0 && value.name === '') continue; // an empty file input
      if (body.files.length >= limits.maxFiles)
        throw new HttpError(413, 'too_many_files', 'photos.error.tooMany', { max: limits.maxFiles });
      body.files.push(await receiveToDisk(storage, value.stream(), cleanName(value.name)));
    }
    if (typeof body.fields._csrf === 'string') body._csrf = body.fields._csrf;
    return body;
  });
  app.addHook('onResponse', async (request) => {
    await Promise.all((request.receivedFiles ?? []).map((f) => rm(f.path, { force: true })));
  });
}

/** A file name to show back: its last segment, printable, at most 200 characters. */
export function cleanName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters.
  const printable = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return printable.slice(0, 200) || 'photo';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Files the multipart parser received for this request (removed once it is answered). */
    receivedFiles?: ReceivedFile[];
  }
}
