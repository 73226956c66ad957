/**
 * Receiving an audio upload (`multipart/form-data`) with @fastify/multipart (busboy underneath): each
 * file is streamed to a temporary file under `audio/.incoming/` as it arrives, hashed on the way,
 * never held in memory; a file over `maxFileBytes` or more than `maxFiles` files stop the upload
 * (413) and what was received is removed. Text fields are kept as strings (at most 100). The
 * temporaries are removed once the request is answered, unless the service moved them into the store.
 */
import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MediaStorage } from '../platform/storage/index.ts';
import { HttpError } from '../web/errors.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { requestLang } from '../web/request-lang.ts';
import { type ReceivedFile, receiveToDisk } from './store.ts';

export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

/** Removes, once each request of this scope is answered, the files it received. */
export function cleanUpReceived(app: FastifyInstance): void {
  app.addHook('onResponse', async (request) => {
    await Promise.all((request.audioFiles ?? []).map((f) => rm(f.path, { force: true })));
  });
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

/** Reads the request's parts, files to disk. Throws HttpError 400 (not multipart) or 413 (limits). */
export async function receiveUpload(
  request: FastifyRequest,
  storage: MediaStorage,
  limits: MultipartLimits,
): Promise<ReceivedUpload> {
  if (!request.isMultipart()) throw new HttpError(415, 'multipart_required', 'audio.error.noFile');
  const upload: ReceivedUpload = { fields: {}, files: [] };
  request.audioFiles = upload.files;
  try {
    const parts = request.parts({
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 100, fieldSize: 10_000 },
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
      upload.files.push(await receiveToDisk(storage, part.file, cleanName(part.filename)));
    }
  } catch (error) {
    const code = errorCode(error);
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new HttpError(413, 'too_large', 'audio.error.tooLarge', {
        max: formatBytes(limits.maxFileBytes, requestLang(request)),
      });
    if (code === 'FST_FILES_LIMIT')
      throw new HttpError(413, 'too_many_files', 'audio.error.tooMany', { max: limits.maxFiles });
    throw new HttpError(400, 'bad_multipart', 'audio.error.noFile');
  }
  return upload;
}

/** A file name to show back: its last segment, printable, at most 200 characters. */
export function cleanName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters.
  const printable = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return printable.slice(0, 200) || 'audio';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Audio files received for this request (removed once it is answered). */
    audioFiles?: ReceivedFile[];
  }
}
