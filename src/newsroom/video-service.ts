/**
 * Videos as the newsroom edits them: titles and descriptions FR/EN (media's table), credit, usage
 * terms, restrictions and embargo (downloads' table), the shotlist, deletion. Every write runs in one
 * transaction that checks and bumps the video's revision (If-Match: 412 when stale, nothing written),
 * records who did it in the audit log (`video.metadata` for details and shotlist, `video.delete`) in
 * that same transaction, and then tells `onVideoChanged` (the search index follows this way).
 */
import type { AuditRecord } from '../audit/public.ts';
import { parseEmbargoUntil, storiesShowingVideo } from '../catalog/public.ts';
import { clipFilesOfVideo } from '../clips/public.ts';
import { createDownloadsRepository } from '../downloads/public.ts';
import {
  deleteVideoRow,
  masterStillUsed,
  type PosterFrameResult,
  preparePosterFrame,
  previewRelativeDir,
  readPosterFrame,
  readVideoMetadata,
  removeStored,
  type Shot,
  type VideoMetadata,
  writePosterFrame,
  writeVideoMetadata,
} from '../media/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { Actor } from './service.ts';
import {
  type ShotlistResult,
  type ShotTiming,
  shotlistFromCsv,
  shotlistFromJson,
  shotlistJson,
  shotTiming,
} from './shotlist-input.ts';
import type { FieldErrors } from './story-input.ts';
import {
  changedVideoFields,
  mergeVideoMeta,
  type VideoMetaInput,
  type VideoMetaValues,
} from './video-input.ts';

export interface VideoRecord {
  id: string;
  kind: 'video';
  status: string;
  translations: Partial<Record<'fr' | 'en', { title: string; description: string }>>;
  credit: string;
  usageTerms: { fr: string; en: string };
  restrictions: { fr: string; en: string };
  embargoUntil: string | null;
  embargoKind: 'hidden' | 'available';
  revision: number;
  fps: string | null;
  durationFrames: number | null;
  startTimecode: string | null;
  shotlist: ReturnType<typeof shotlistJson>;
  /** The frame the poster shows when an editor chose it (null: the ingest's choice). */
  posterFrame: number | null;
}

export type VideoOutcome =
  | { kind: 'ok'; video: VideoRecord }
  | { kind: 'not_found' }
  | { kind: 'stale'; video: VideoRecord }
  | { kind: 'invalid'; errors: FieldErrors };

export type DeleteOutcome =
  | { kind: 'deleted' }
  | { kind: 'not_found' }
  | { kind: 'in_use'; stories: { id: number; slug: string; status: string; title: string }[] };

export interface VideoServiceOptions {
  db: TablelessDb;
  /** The media storage: deleting a video removes its files (none removed without one). */
  storage?: MediaStorage;
  onVideoChanged?: (videoId: string) => Promise<void>;
  /** The audit log: metadata, shotlist and deletion recorded in the write's transaction. */
  record?: AuditRecord;
}

class Stale extends Error {}

function valuesOf(meta: VideoMetadata, usage: Awaited<ReturnType<typeof usageOf>>): VideoMetaValues {
  return {
    title: { ...meta.title },
    description: { ...meta.description },
    credit: usage?.credit ?? '',
    usageTerms: { fr: usage?.termsFr ?? '', en: usage?.termsEn ?? '' },
    restrictions: { fr: usage?.restrictionsFr ?? '', en: usage?.restrictionsEn ?? '' },
    embargoUntil: usage?.embargoUntil ?? null,
    embargoKind: usage?.embargoKind ?? 'available',
  };
}

async function usageOf(db: TablelessDb, id: string) {
  return (await createDownloadsRepository(db).usageFor([id])).get(id);
}

function recordOf(meta: VideoMetadata, values: VideoMetaValues, posterFrame: number | null): VideoRecord {
  const translations: VideoRecord['translations'] = {};
  for (const lang of ['fr', 'en'] as const)
    if (values.title[lang])
      translations[lang] = { title: values.title[lang], description: values.description[lang] };
  return {
    id: meta.id,
    kind: 'video',
    status: meta.status,
    translations,
    credit: values.credit,
    usageTerms: values.usageTerms,
    restrictions: values.restrictions,
    embargoUntil: values.embargoUntil?.toISOString() ?? null,
    embargoKind: values.embargoKind,
    revision: meta.revision,
    fps: meta.fpsNum && meta.fpsDen ? `${meta.fpsNum}/${meta.fpsDen}` : null,
    durationFrames: meta.durationFrames,
    startTimecode: meta.startTimecode,
    shotlist: shotlistJson(meta.shotlist, shotTiming(meta)),
    posterFrame,
  };
}

export function createVideoService(options: VideoServiceOptions) {
  const { db } = options;
  const changed = async (id: string) => {
    if (options.onVideoChanged) await options.onVideoChanged(id);
  };
  /** One audit entry for an editor's change to a video (none for the portal's own writes). */
  const audit = async (
    trx: TablelessDb,
    actor: Actor | undefined,
    action: 'video.metadata' | 'video.delete',
    meta: VideoMetadata,
  ) => {
    if (!actor || !options.record) return;
    const label = meta.title.fr || meta.title.en || meta.id;
    await options.record({ actor, action, target: { kind: 'video', id: meta.id, label } }, { within: trx });
  };

  async function read(id: string, executor: TablelessDb = db): Promise<VideoRecord | null> {
    const meta = await readVideoMetadata(executor, id);
    if (!meta) return null;
    return recordOf(meta, valuesOf(meta, await usageOf(executor, id)), await readPosterFrame(executor, id));
  }

  async function guarded(
    id: string,
    work: (trx: TablelessDb) => Promise<VideoOutcome>,
  ): Promise<VideoOutcome> {
    try {
      const outcome = await db.transaction().execute(work);
      if (outcome.kind === 'ok') await changed(id);
      return outcome;
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
      const video = await read(id);
      return video ? { kind: 'stale', video } : { kind: 'not_found' };
    }
  }

  /** Cuts the poster an edit asks for (before its transaction), or says why not. */
  async function preparePoster(
    id: string,
    frame: unknown,
  ): Promise<{ poster: Extract<PosterFrameResult, { kind: 'ready' }> | null; error?: string }> {
    if (frame === undefined || frame === null) return { poster: null };
    if (typeof frame !== 'number' || !Number.isInteger(frame) || frame < 0)
      return { poster: null, error: 'invalid' };
    if (!options.storage) return { poster: null, error: 'not_ready' };
    const result = await preparePosterFrame(db, options.storage, id, frame);
    if (result.kind === 'ready') return { poster: result };
    return { poster: null, error: result.kind === 'failed' ? 'poster_failed' : result.kind };
  }

  /** Applies a metadata change (PATCH body or form); `posterFrame` cuts a new poster from the master. */
  async function update(
    id: string,
    input: VideoMetaInput,
    ifMatch?: number,
    actor?: Actor,
  ): Promise<VideoOutcome> {
    const frame = typeof input.posterFrame === 'number' ? input.posterFrame : null;
    const { poster, error } = await preparePoster(id, input.posterFrame);
    if (error) {
      if (!(await readVideoMetadata(db, id))) return { kind: 'not_found' };
      return { kind: 'invalid', errors: { posterFrame: error } };
    }
    const outcome = await guarded(id, async (trx) => {
      const meta = await readVideoMetadata(trx, id);
      if (!meta) return { kind: 'not_found' };
      if (ifMatch !== undefined && ifMatch !== meta.revision) throw new Stale();
      const before = valuesOf(meta, await usageOf(trx, id));
      const { values, errors } = mergeVideoMeta(before, input, parseEmbargoUntil);
      if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
      const changes = changedVideoFields(before, values);
      const posterBefore = await readPosterFrame(trx, id);
      if (changes.length === 0 && !poster) return { kind: 'ok', video: recordOf(meta, values, posterBefore) };
      const revision = await writeVideoMetadata(trx, id, { texts: values }, meta.revision);
      if (revision === null) throw new Stale();
      await createDownloadsRepository(trx).setUsage(id, {
        credit: values.credit,
        termsFr: values.usageTerms.fr,
        termsEn: values.usageTerms.en,
        restrictionsFr: values.restrictions.fr,
        restrictionsEn: values.restrictions.en,
        embargoUntil: values.embargoUntil,
        embargoKind: values.embargoKind,
      });
      if (poster) await writePosterFrame(trx, id, frame);
      await audit(trx, actor, 'video.metadata', { ...meta, title: values.title });
      return { kind: 'ok', video: recordOf({ ...meta, revision }, values, poster ? frame : posterBefore) };
    }).catch(async (error: unknown) => {
      await poster?.discard();
      throw error;
    });
    if (poster) await (outcome.kind === 'ok' ? poster.commit() : poster.discard());
    return outcome;
  }

  /** Replaces the shotlist from JSON rows or CSV text (checked against the master's timing). */
  async function setShotlist(
    id: string,
    body: { items: unknown } | { csv: string },
    ifMatch?: number,
    actor?: Actor,
  ): Promise<VideoOutcome> {
    return guarded(id, async (trx) => {
      const meta = await readVideoMetadata(trx, id);
      if (!meta) return { kind: 'not_found' };
      if (ifMatch !== undefined && ifMatch !== meta.revision) throw new Stale();
      const timing: ShotTiming | null = shotTiming(meta);
      if (!timing) return { kind: 'invalid', errors: { video: 'not_ready' } };
      const result: ShotlistResult =
        'csv' in body ? shotlistFromCsv(body.csv, timing) : shotlistFromJson(body.items, timing);
      if (!result.ok) return { kind: 'invalid', errors: result.errors };
      const revision = await writeVideoMetadata(trx, id, { shotlist: result.shots }, meta.revision);
      if (revision === null) throw new Stale();
      await audit(trx, actor, 'video.metadata', meta);
      const values = valuesOf(meta, await usageOf(trx, id));
      const shotlist = result.shots as Shot[];
      return {
        kind: 'ok',
        video: recordOf({ ...meta, revision, shotlist }, values, await readPosterFrame(trx, id)),
      };
    });
  }

  /**
   * Deletes a video no published or scheduled story shows (drafts and unpublished stories just lose
   * it), then its files: preview, renditions, clips, and the master unless another video stores it.
   */
  async function remove(id: string, lang: 'fr' | 'en', actor?: Actor): Promise<DeleteOutcome> {
    const files: string[] = [];
    type Step = DeleteOutcome | { kind: 'gone'; sha: string | null };
    const outcome: Step = await db.transaction().execute(async (trx) => {
      const meta = await readVideoMetadata(trx, id);
      if (!meta) return { kind: 'not_found' } as Step;
      const stories = (await storiesShowingVideo(trx, id, lang)).filter(
        (s) => s.status === 'published' || s.status === 'scheduled',
      );
      if (stories.length > 0) return { kind: 'in_use', stories } as Step;
      const renditions = (await createDownloadsRepository(trx).renditions([id])).get(id) ?? [];
      files.push(...renditions.flatMap((r) => (r.path ? [r.path] : [])));
      files.push(...(await clipFilesOfVideo(trx, id)));
      files.push(previewRelativeDir(id));
      await audit(trx, actor, 'video.delete', meta);
      const row = await deleteVideoRow(trx, id);
      const sha =
        row?.masterSha256 && !(await masterStillUsed(trx, row.masterSha256)) ? row.masterSha256 : null;
      return { kind: 'gone', sha } as Step;
    });
    if (outcome.kind !== 'gone') return outcome;
    if (options.storage) {
      const storage = options.storage;
      for (const key of files) await storage.remove(key, { recursive: true });
      if (outcome.sha) await removeStored(storage, outcome.sha);
    }
    await changed(id);
    return { kind: 'deleted' };
  }

  return { read, update, setShotlist, remove };
}

export type VideoService = ReturnType<typeof createVideoService>;
