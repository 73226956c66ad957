/**
 * Resumable uploads of masters (the tus protocol, @tus/server over @tus/file-store): bytes go straight
 * from the request stream to `$DATA_DIR/uploads/<id>` (never held in memory); `<id>.json` keeps the
 * upload's size and metadata. A finished upload is handed to ingest once (`ensureIngested`, also
 * reached again after a crash between the last byte and the hand-over); the video id is written back
 * into the metadata. The file stays until its video is ready or refused (a failed ingest can be
 * retried from it), then `sweep` removes it, with unfinished uploads older than `expireAfterMs`.
 */
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import {
  clearUploadSource,
  type IngestRequest,
  IngestRequestError,
  setUploadSource,
  videoStates,
} from '../media/public.ts';
import { type AnyDb, tablelessDb } from '../platform/db/schema.ts';
import { type MessageKey, negotiateLanguage, type Params, translate } from '../web/i18n/index.ts';
import { isUploadId } from './access.ts';
import { parseUploadMeta, readUploadMeta, type UploadMeta, videoTitle } from './upload-meta.ts';

/** Header naming the video a finished upload became (final PATCH response). */
export const VIDEO_ID_HEADER = 'Upload-Video-Id';

/** What the back office needs of stories (the catalogue's, given by the composition root). */
export interface BackofficeStories {
  exists(slug: string): Promise<boolean>;
  choices(lang: 'fr' | 'en'): Promise<{ slug: string; title: string }[]>;
}

export interface UploadsDeps {
  /** Handed to the media feature's functions (the videos table is media's); it names no table. */
  db: AnyDb;
  /** Media's ingest request, linked to the catalogue's stories by the composition root. */
  requestIngest: (request: IngestRequest) => Promise<{ id: string }>;
  stories: BackofficeStories;
  /** `$DATA_DIR/uploads` */
  directory: string;
  /** Mount path of the tus endpoint, e.g. /api/v1/uploads. */
  path: string;
  maxBytes: number;
  /** Origins allowed to call the endpoint from a browser (the portal's own). */
  allowedOrigins: string[];
  expireAfterMs?: number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Told once per upload handed to ingest (the audit log's `video.upload`), right after the hand-over. */
  onIngested?: (event: {
    videoId: string;
    userId: string;
    actorName: string;
    filename: string;
  }) => Promise<void>;
}

export type IngestOutcome =
  | { kind: 'ingested'; videoId: string }
  | { kind: 'not_found' }
  | { kind: 'incomplete'; offset: number; size: number | null };

interface TusError {
  status_code: number;
  body: string;
}

/** A refusal in the API's error shape, in the request's language (Accept-Language). */
const tusError = (
  req: { headers: Headers },
  status_code: number,
  code: string,
  key: MessageKey,
  params: Params = {},
): TusError => {
  const message = translate(negotiateLanguage(req.headers.get('accept-language') ?? undefined), key, params);
  return { status_code, body: `${JSON.stringify({ error: { code, message } })}\n` };
};

export function createUploads(deps: UploadsDeps) {
  const db = tablelessDb(deps.db);
  const expireAfterMs = deps.expireAfterMs ?? 7 * 24 * 3600 * 1000;
  const store = new FileStore({ directory: deps.directory, expirationPeriodInMilliseconds: expireAfterMs });
  const inFlight = new Map<string, Promise<IngestOutcome>>();
  const filePath = (id: string) => join(deps.directory, id);
  /** The signed-in user of each request handed to tus (set by the route after its access check). */
  const users = new WeakMap<IncomingMessage, string>();
  /** The display name of that user (for the audit log). */
  const names = new WeakMap<IncomingMessage, string>();
  /** The upload id the route authorised for each request: the only id tus may act on. */
  const authorisedIds = new WeakMap<IncomingMessage, string>();
  const nodeRequest = (req: unknown) =>
    (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
  const userOf = (req: unknown) => {
    const raw = nodeRequest(req);
    return raw ? (users.get(raw) ?? '') : '';
  };

  async function handOver(id: string, actorName: string): Promise<IngestOutcome> {
    const info = await store.configstore.get(id);
    if (!info) return { kind: 'not_found' };
    const meta = readUploadMeta(info.metadata);
    if (meta.videoId) return { kind: 'ingested', videoId: meta.videoId };
    const upload = await store.getUpload(id).catch(() => null);
    if (!upload) return { kind: 'not_found' };
    if (upload.size === undefined || upload.offset < upload.size)
      return { kind: 'incomplete', offset: upload.offset, size: upload.size ?? null };
    const request = {
      sourcePath: filePath(id),
      title: videoTitle(meta),
      // A typed title is in the upload page's language only; a file name stands for both.
      titleLanguage: meta.title ? meta.language : undefined,
      storySlug: meta.story || undefined,
    };
    let video: { id: string };
    try {
      video = await deps.requestIngest(request);
    } catch (error) {
      // The story went away while the file was uploading: keep the video, unlinked.
      if (!(error instanceof IngestRequestError) || error.code !== 'story_not_found') throw error;
      deps.log.warn({ uploadId: id, story: meta.story }, 'story gone: ingesting the upload without it');
      video = await deps.requestIngest({ ...request, storySlug: undefined });
    }
    await setUploadSource(db, video.id, filePath(id), meta.filename ?? null);
    info.metadata = { ...info.metadata, videoId: video.id };
    await store.configstore.set(id, info);
    // Right after, not in one transaction: the ingest request is the media feature's own writes.
    await deps.onIngested?.({
      videoId: video.id,
      userId: meta.userId ?? '',
      actorName,
      filename: meta.filename ?? '',
    });
    return { kind: 'ingested', videoId: video.id };
  }

  /** Hands a finished upload to ingest exactly once (concurrent callers share the hand-over). */
  function ensureIngested(id: string, actorName = ''): Promise<IngestOutcome> {
    if (!isUploadId(id)) return Promise.resolve({ kind: 'not_found' });
    let pending = inFlight.get(id);
    if (!pending) {
      pending = handOver(id, actorName).finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    return pending;
  }

  const server = new Server({
    path: deps.path,
    datastore: store,
    maxSize: deps.maxBytes,
    relativeLocation: true,
    respectForwardedHeaders: false,
    allowedOrigins: deps.allowedOrigins,
    exposedHeaders: [VIDEO_ID_HEADER],
    // tus would take the last segment of the whole URL, query string included
    // (`/uploads/<mine>?x=/<victim>` names the victim): act only on the id the route authorised.
    getFileIdFromRequest(req) {
      const raw = nodeRequest(req);
      return raw ? authorisedIds.get(raw) : undefined;
    },
    async onUploadCreate(req, upload) {
      const meta = parseUploadMeta(upload.metadata, userOf(req));
      if (meta !== 'filename_required' && meta.userId === '')
        throw tusError(req, 401, 'unauthenticated', 'backoffice.signInRequired');
      if (meta === 'filename_required')
        throw tusError(req, 400, 'filename_required', 'backoffice.filenameRequired');
      if (meta.story && !(await deps.stories.exists(meta.story)))
        throw tusError(req, 422, 'story_not_found', 'backoffice.storyNotFound', { story: meta.story });
      const metadata: Record<string, string> = {
        filename: meta.filename,
        title: meta.title,
        story: meta.story,
        ...(meta.language ? { language: meta.language } : {}),
        userId: meta.userId,
      } satisfies Omit<UploadMeta, 'videoId'>;
      return { metadata };
    },
    async onUploadFinish(req, upload) {
      const raw = nodeRequest(req);
      const outcome = await ensureIngested(upload.id, raw ? (names.get(raw) ?? '') : '');
      if (outcome.kind !== 'ingested') throw tusError(req, 500, 'ingest_failed', 'backoffice.ingestFailed');
      return { headers: { [VIDEO_ID_HEADER]: outcome.videoId } };
    },
    onResponseError(_req, error) {
      if (error instanceof Error) deps.log.error({ err: error }, 'upload request failed');
      return undefined;
    },
  });

  /** The owner recorded at creation (null when the upload does not exist). */
  async function ownerOf(id: string): Promise<{ exists: boolean; userId: string | null }> {
    if (!isUploadId(id)) return { exists: false, userId: null };
    const info = await store.configstore.get(id).catch(() => undefined);
    if (!info) return { exists: false, userId: null };
    return { exists: true, userId: readUploadMeta(info.metadata).userId ?? null };
  }

  /**
   * Removes uploads whose video no longer needs them (ready, or refused: a retry cannot help) and
   * unfinished uploads older than the expiry. Returns how many files were removed.
   */
  async function sweep(): Promise<number> {
    let removed = await store.deleteExpired().catch((error) => {
      deps.log.warn({ err: error }, 'removing expired uploads failed');
      return 0;
    });
    const ids = (await store.configstore.list?.()) ?? [];
    const byVideo = new Map<string, string>();
    for (const id of ids) {
      const info = await store.configstore.get(id);
      const videoId = readUploadMeta(info?.metadata).videoId;
      if (videoId) byVideo.set(videoId, id);
    }
    if (byVideo.size === 0) return removed;
    const rows = await videoStates(db, [...byVideo.keys()]);
    const needed = new Set(
      rows.filter((r) => r.status !== 'ready' && r.error_code === null).map((r) => r.id),
    );
    // Ready, refused, or the video was deleted: the upload is no longer needed.
    const done = [...byVideo.keys()].filter((videoId) => !needed.has(videoId)).map((id) => ({ id }));
    for (const { id: videoId } of done) {
      const id = byVideo.get(videoId);
      if (!id) continue;
      await rm(filePath(id), { force: true });
      await rm(`${filePath(id)}.json`, { force: true });
      await clearUploadSource(db, videoId, filePath(id));
      removed += 1;
    }
    return removed;
  }

  /**
   * Serves one tus request for a user whose access the caller has checked; `uploadId` is the id the
   * caller authorised from the URL's path (none for creation), the only one tus may act on.
   */
  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    userId: string,
    uploadId?: string,
    actorName = '',
  ): Promise<void> {
    users.set(req, userId);
    names.set(req, actorName);
    if (uploadId !== undefined) authorisedIds.set(req, uploadId);
    await server.handle(req, res);
  }

  return { handle, store, ensureIngested, ownerOf, sweep, filePath };
}

export type Uploads = ReturnType<typeof createUploads>;
