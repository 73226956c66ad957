/**
 * A raw tus 1.0 client for tests (no library between the test and the protocol): create, HEAD, and a
 * streamed PATCH from a file offset that can be cut after N bytes like a dropped connection.
 */
import { createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { scaled } from './time-scale.ts';

export const TUS = { 'tus-resumable': '1.0.0' };

export function encodeMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([k, v]) => (v === '' ? k : `${k} ${Buffer.from(v).toString('base64')}`))
    .join(',');
}

export async function createUpload(
  baseUrl: string,
  cookie: string,
  size: number,
  metadata: Record<string, string>,
): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      ...TUS,
      'upload-length': String(size),
      'upload-metadata': encodeMetadata(metadata),
      ...(cookie ? { cookie } : {}),
    },
  });
}

export async function headUpload(url: string, cookie: string): Promise<Response> {
  return fetch(url, { method: 'HEAD', headers: { ...TUS, ...(cookie ? { cookie } : {}) } });
}

export interface PatchResult {
  status: number | null;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Bytes written to the socket before the end or the cut. */
  sent: number;
  aborted: boolean;
}

/**
 * PATCHes `file` from `offset` to its end; with `cutAfter`, destroys the connection once that many
 * bytes have been written (the server keeps what reached it).
 */
export function patchFromFile(
  url: string,
  cookie: string,
  file: string,
  offset: number,
  options: { cutAfter?: number; onChunk?: (sent: number) => void } = {},
): Promise<PatchResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'PATCH',
      headers: {
        ...TUS,
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
        ...(cookie ? { cookie } : {}),
      },
    });
    let sent = 0;
    let aborted = false;
    const source = createReadStream(file, { start: offset, highWaterMark: 1024 * 1024 });
    source.on('data', (chunk: string | Buffer) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (options.cutAfter !== undefined && sent + buffer.length >= options.cutAfter) {
        const part = buffer.subarray(0, options.cutAfter - sent);
        sent += part.length;
        source.destroy();
        req.write(part, () => {
          // Let the part reach the server, then drop the connection like a network failure.
          setTimeout(() => {
            aborted = true;
            req.destroy();
            resolve({ status: null, headers: {}, body: '', sent, aborted });
          }, scaled(200));
        });
        return;
      }
      sent += buffer.length;
      options.onChunk?.(sent);
      if (!req.write(buffer)) {
        source.pause();
        req.once('drain', () => source.resume());
      }
    });
    source.on('end', () => req.end());
    source.on('error', reject);
    req.on('error', (error) => {
      if (!aborted) reject(error);
    });
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? null, headers: response.headers, body, sent, aborted }),
      );
    });
  });
}
