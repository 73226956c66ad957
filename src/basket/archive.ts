/**
 * The basket as one ZIP, streamed as it is written: no temporary copy of the archive anywhere. Files
 * are stored as they are (video does not compress; storing keeps the archive's cost to reading the
 * files), ZIP64 when the archive may pass 4 GiB, the manifest first (text and JSON), then the files in the
basket's order, as numbered. Each file is
 * recorded in the download history when the archive starts; its bytes are counted once the archive
 * has taken the whole file. Nothing is sent until every item is settled: an item still being
 * prepared answers 409 with Retry-After, refused and failed items are left out and named in the
 * manifest.
 */
import { ZipArchive } from 'archiver';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { type LeftOut, type ManifestEntry, manifestJson, manifestText } from './manifest.ts';
import { type BasketDeps, itemStates } from './service.ts';
import type { BasketFile } from './sources.ts';

/** Below this the classic ZIP fields hold every size and offset (4 GiB, less room for headers). */
const ZIP32_LIMIT = 0xffff_ffff - 64 * 1024 * 1024;
const RETRY_AFTER_SECONDS = 10;

/** A name safe in every unzip tool: numbered in the basket's order, so names never collide. */
export function entryName(index: number, fileName: string): string {
  const safe = fileName.replace(/[^\w.-]+/g, '-');
  return `${String(index + 1).padStart(2, '0')}_${safe}`;
}

/** Whether the archive needs ZIP64 (a file or the whole past the classic 32-bit fields). */
export function needsZip64(sizes: readonly number[]): boolean {
  return sizes.some((size) => size >= ZIP32_LIMIT) || sizes.reduce((a, b) => a + b, 0) >= ZIP32_LIMIT;
}

export async function sendArchive(
  deps: BasketDeps & { publicUrl: string },
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
): Promise<FastifyReply> {
  const lang = requestLang(request);
  const states = await itemStates(deps, request, userId);
  if (states.length === 0) throw new HttpError(409, 'basket_empty', 'basket.error.empty');
  const pending = states.filter(
    (s) => !s.refusal && (s.file?.kind === 'preparing' || s.file?.kind === 'waiting'),
  );
  if (pending.length > 0) {
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    throw new HttpError(409, 'not_ready', 'basket.error.notReady', { count: pending.length });
  }
  const ready: (ManifestEntry & { file: BasketFile })[] = [];
  const left: LeftOut[] = [];
  for (const s of states) {
    if (s.file?.kind === 'file') {
      ready.push({
        fileName: entryName(ready.length, s.file.fileName),
        size: s.file.size,
        row: s.row,
        video: s.video,
        file: s.file,
      });
    } else {
      const reason = s.refusal?.message ?? (s.file && 'message' in s.file ? s.file.message : '');
      left.push({ row: s.row, video: s.video, reason });
    }
  }
  if (ready.length === 0) {
    const refused = states.find((s) => s.refusal);
    if (refused?.refusal) {
      return reply
        .code(403)
        .send({ error: { code: refused.refusal.code, message: refused.refusal.message } });
    }
    throw new HttpError(409, 'basket_empty', 'basket.error.empty');
  }

  const at = deps.clock();
  const historyIds = new Map<string, string>();
  for (const entry of ready)
    historyIds.set(entry.fileName, await deps.sources.recordDownload(userId, entry.file.history, entry.size));

  // One file looked at a time: archiver queues a file once its stat returns, and with several stats
  // at once (its default, 4) the entries followed the order they returned in, not the numbering.
  const archive = new ZipArchive({
    store: true,
    forceZip64: needsZip64(ready.map((e) => e.size)),
    statConcurrency: 1,
  });
  archive.on('entry', (data) => {
    const id = historyIds.get(data.name);
    const entry = ready.find((e) => e.fileName === data.name);
    if (id && entry)
      deps.sources
        .addBytes(id, entry.size)
        .catch((error) => request.log.error({ err: error }, 'recording basket bytes failed'));
  });
  archive.on('warning', (error) => request.log.warn({ err: error }, 'basket archive warning'));
  archive.on('error', (error) => {
    request.log.error({ err: error }, 'basket archive failed');
    reply.raw.destroy(error);
  });
  // The client went away: stop reading files.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) archive.abort();
  });

  const text = manifestText(lang, at, deps.publicUrl, ready, left, request.server.timeZone);
  archive.append(`\ufeff${text}`, {
    name: translate(lang, 'basket.manifest.fileName'),
    date: at,
    store: false,
  });
  archive.append(JSON.stringify(manifestJson(lang, at, ready, left), null, 2), {
    name: 'manifest.json',
    date: at,
    store: false,
  });
  for (const entry of ready)
    archive.file(entry.file.path, { name: entry.fileName, date: entry.file.lastModified });
  void archive.finalize();

  const name = `selection_${at.toISOString().slice(0, 10)}.zip`;
  return reply
    .header('content-type', 'application/zip')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(archive);
}
