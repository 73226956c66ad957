/**
 * Receiving a photo upload (`multipart/form-data`: the API's `POST /photos`, where the back office's
 * form posts too) with @fastify/multipart (busboy underneath): each file is streamed to a temporary
 * file under `photos/.incoming/` as it arrives, hashed on the way, never held in memory. The whole
 * body is bounded by `maxBytes` (a declared length over it is refused before reading, the bytes are
 * counted while reading) and the files by `maxFiles`: either answers 413 and what was received is
 * removed. Text fields are kept as strings (at most 100). The temporaries are removed once the request
 * is answered, unless the service moved them into the store. The route reads the body only after its
 * access check, so nothing is received for a caller it refuses.
 */
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MediaStorage } from '../platform/storage/index.ts';
import { HttpError } from '../web/errors.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { requestLang } from '../web/request-lang.ts';
import { type ReceivedFile, receiveToDisk } from './store.ts';

export interface MultipartLimits {
  /** The whole body, every file together. */
  maxBytes: number;
  maxFiles: number;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

/** Removes, once each request of this scope is answered, the files it received. */
export function cleanUpReceived(app: FastifyInstance): void {
  app.addHook('onResponse', async (request) => {
    await Promise.all((request.receivedFiles ?? []).map((f) => rm(f.path, { force: true })));
  });
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

/** Reads the request's parts, files to disk. Throws HttpError 415 (not multipart), 400 or 413. */
export async function receiveUpload(
  request: FastifyRequest,
  storage: MediaStorage,
  limits: MultipartLimits,
): Promise<ReceivedUpload> {
  if (!request.isMultipart()) throw new HttpError(415, 'multipart_required', 'photos.error.noFile');
  const tooLarge = () =>
    new HttpError(413, 'too_large', 'photos.error.tooLarge', {
      max: formatBytes(limits.maxBytes, requestLang(request)),
    });
  if (Number(request.headers['content-length'] ?? 0) > limits.maxBytes) throw tooLarge();
  const upload: ReceivedUpload = { fields: {}, files: [] };
  request.receivedFiles = upload.files;
  let total = 0;
  let over = false;
  try {
    const parts = request.parts({
      limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: 100, fieldSize: 10_000 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') upload.fields[part.fieldname] = part.value;
        continue;
      }
      if (part.filename === '') {
        part.file.resume(); // an empty file input
        continue;
      }
      // Every file's bytes count against the one limit of the whole upload.
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          total += chunk.length;
          over ||= total > limits.maxBytes;
          done(over ? tooLarge() : null, chunk);
        },
      });
      upload.files.push(await receiveToDisk(storage, part.file, cleanName(part.filename), [counter]));
      if (part.file.truncated) over = true;
      if (over) throw tooLarge();
    }
  } catch (error) {
    const code = errorCode(error);
    if (over || code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT')
      throw new HttpError(413, 'too_many_files', 'photos.error.tooMany', { max: limits.maxFiles });
    throw new HttpError(400, 'bad_multipart', 'photos.error.noFile');
  }
  return upload;
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
    /** Photo files received for this request (removed once it is answered). */
    receivedFiles?: ReceivedFile[];
  }
}
