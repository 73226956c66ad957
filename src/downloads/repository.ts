/**
 * The downloads feature's SQL: usage terms, derived renditions, the download history. What it shows
 * of videos, stories and users comes from their owners (media's and accounts' public modules, the
 * catalogue's stories given by the composition root), never from their tables.
 */
import { sql } from 'kysely';
import { userEmails } from '../accounts/public.ts';
import { type MediaInfo, videoRecord, videoRecords } from '../media/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { downloadsDb } from './db.ts';
import type { DownloadStories } from './stories.ts';
import type { DerivedRendition, EmbargoKind, HistoryRendition, RenditionStatus } from './tables.ts';

export interface Usage {
  credit: string;
  termsFr: string;
  termsEn: string;
  restrictionsFr: string;
  restrictionsEn: string;
  embargoUntil: Date | null;
  /** What the embargo hides (downloads/video-access.ts). */
  embargoKind: EmbargoKind;
}

export interface DownloadableVideo {
  id: string;
  titleFr: string;
  titleEn: string;
  status: string;
  masterPath: string | null;
  masterSha256: string | null;
  masterSize: number | null;
  info: MediaInfo | null;
  startTimecode: string | null;
  sourceName: string | null;
  story: { slug: string; publishedAt: Date } | null;
  usage: Usage | null;
}

export interface RenditionRow {
  name: DerivedRendition;
  status: RenditionStatus;
  progress: number;
  path: string | null;
  size: number | null;
  sha256: string | null;
  masterSha256: string | null;
  error: string | null;
  updatedAt: Date;
}

export interface ClipTimecodes {
  in: string;
  out: string;
}

export interface DownloadRow {
  id: string;
  videoId: string;
  videoTitleFr: string;
  videoTitleEn: string;
  rendition: HistoryRendition;
  bytes: number;
  fileSize: number;
  range: string | null;
  /** A clip's range in the master's timecode (out: the first frame not included); null otherwise. */
  clip: ClipTimecodes | null;
  at: Date;
  userEmail?: string | null;
}

function toUsage(row: {
  credit: string;
  usage_terms_fr: string;
  usage_terms_en: string;
  restrictions_fr: string;
  restrictions_en: string;
  embargo_until: Date | string | null;
  embargo_kind: EmbargoKind | null;
}): Usage {
  return {
    credit: row.credit,
    termsFr: row.usage_terms_fr,
    termsEn: row.usage_terms_en,
    restrictionsFr: row.restrictions_fr,
    restrictionsEn: row.restrictions_en,
    embargoUntil: row.embargo_until === null ? null : new Date(row.embargo_until),
    embargoKind: row.embargo_kind ?? 'available',
  };
}

/**
 * The repository over the caller's database handle. `stories` (the catalogue's, given by the
 * composition root) is needed by `video` only: a repository made for usage terms may go without.
 */
export function createDownloadsRepository(anyDb: AnyDb, stories?: DownloadStories) {
  const db = downloadsDb(anyDb);
  /** Download history rows with their video's titles (from media), newest first. */
  const history = async (where: { userId?: string; videoId?: string }, limit: number) => {
    let query = db
      .selectFrom('downloads as d')
      .select([
        'd.id',
        'd.user_id',
        'd.video_id',
        'd.rendition',
        'd.bytes',
        'd.file_size',
        'd.range',
        'd.clip_in',
        'd.clip_out',
        'd.at',
      ])
      .orderBy('d.at', 'desc')
      .orderBy('d.id', 'desc');
    if (where.userId !== undefined) query = query.where('d.user_id', '=', where.userId);
    if (where.videoId !== undefined) query = query.where('d.video_id', '=', where.videoId);
    const rows = await query.limit(limit).execute();
    const videos = await videoRecords(
      anyDb,
      rows.flatMap((r) => (r.video_id === null ? [] : [r.video_id])),
    );
    // Rows of a deleted video are deleted with it (cascade): every row has its video. Parts of audio
    // items (video_id null) are not listed here: the audio feature shows its own.
    return rows.flatMap((r) => {
      const video = r.video_id === null ? undefined : videos.get(r.video_id);
      return video && r.video_id !== null
        ? [{ ...r, video_id: r.video_id, title_fr: video.title_fr, title_en: video.title_en }]
        : [];
    });
  };
  return {
    async video(id: string, now = new Date()): Promise<DownloadableVideo | null> {
      if (!stories) throw new Error('this downloads repository was made without the catalogue stories');
      const [video, usage] = await Promise.all([
        videoRecord(anyDb, id),
        db.selectFrom('video_usage').selectAll().where('video_id', '=', id).executeTakeFirst(),
      ]);
      if (!video) return null;
      const story = await stories.latestPublishedStory(id, now);
      return {
        id: video.id,
        titleFr: video.title_fr,
        titleEn: video.title_en,
        status: video.status,
        masterPath: video.master_path,
        masterSha256: video.master_sha256,
        masterSize: video.master_size === null ? null : Number(video.master_size),
        info: video.info,
        startTimecode: video.start_timecode,
        sourceName: video.source_name,
        story,
        usage: usage ? toUsage(usage) : null,
      };
    },

    async usageFor(videoIds: readonly string[]): Promise<Map<string, Usage>> {
      if (videoIds.length === 0) return new Map();
      const rows = await db.selectFrom('video_usage').selectAll().where('video_id', 'in', videoIds).execute();
      return new Map(rows.map((r) => [r.video_id, toUsage(r)]));
    },

    async setUsage(videoId: string, usage: Partial<Usage>): Promise<void> {
      const values = {
        ...(usage.credit !== undefined ? { credit: usage.credit } : {}),
        ...(usage.termsFr !== undefined ? { usage_terms_fr: usage.termsFr } : {}),
        ...(usage.termsEn !== undefined ? { usage_terms_en: usage.termsEn } : {}),
        ...(usage.restrictionsFr !== undefined ? { restrictions_fr: usage.restrictionsFr } : {}),
        ...(usage.restrictionsEn !== undefined ? { restrictions_en: usage.restrictionsEn } : {}),
        ...(usage.embargoUntil !== undefined ? { embargo_until: usage.embargoUntil } : {}),
        ...(usage.embargoKind !== undefined ? { embargo_kind: usage.embargoKind } : {}),
      };
      await db
        .insertInto('video_usage')
        .values({ video_id: videoId, ...values })
        .onConflict((oc) =>
          Object.keys(values).length === 0
            ? oc.column('video_id').doNothing()
            : oc.column('video_id').doUpdateSet({ ...values, updated_at: sql`now()` }),
        )
        .execute();
    },

    async renditions(videoIds: readonly string[]): Promise<Map<string, RenditionRow[]>> {
      const map = new Map<string, RenditionRow[]>();
      if (videoIds.length === 0) return map;
      const rows = await db
        .selectFrom('video_renditions')
        .selectAll()
        .where('video_id', 'in', videoIds)
        .execute();
      for (const r of rows) {
        const list = map.get(r.video_id) ?? [];
        list.push({
          name: r.name,
          status: r.status,
          progress: Number(r.progress),
          path: r.path,
          size: r.size === null ? null : Number(r.size),
          sha256: r.sha256,
          masterSha256: r.master_sha256,
          error: r.error,
          updatedAt: new Date(r.updated_at),
        });
        map.set(r.video_id, list);
      }
      return map;
    },

    /** Queues a rendition unless one is queued, running or ready for this master; true when queued now. */
    async claimRendition(videoId: string, name: DerivedRendition, masterSha256: string): Promise<boolean> {
      const result = await db
        .insertInto('video_renditions')
        .values({ video_id: videoId, name, status: 'queued', master_sha256: masterSha256 })
        .onConflict((oc) =>
          oc
            .columns(['video_id', 'name'])
            .doUpdateSet({
              status: 'queued',
              progress: 0,
              error: null,
              master_sha256: masterSha256,
              updated_at: sql`now()`,
            })
            .where((eb) =>
              eb.or([
                eb('video_renditions.status', '=', 'failed'),
                eb('video_renditions.master_sha256', 'is distinct from', masterSha256),
              ]),
            ),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async updateRendition(
      videoId: string,
      name: DerivedRendition,
      values: {
        status?: RenditionStatus;
        progress?: number;
        path?: string | null;
        size?: number | null;
        sha256?: string | null;
        error?: string | null;
      },
    ): Promise<void> {
      await db
        .updateTable('video_renditions')
        .set({ ...values, updated_at: sql`now()` })
        .where('video_id', '=', videoId)
        .where('name', '=', name)
        .execute();
    },

    async startDownload(input: {
      userId: string | null;
      videoId: string | null;
      audioId?: string | null;
      rendition: HistoryRendition;
      clip: ClipTimecodes | null;
      fileSize: number;
      range: string | null;
    }): Promise<string> {
      const row = await db
        .insertInto('downloads')
        .values({
          user_id: input.userId,
          video_id: input.videoId,
          audio_id: input.audioId ?? null,
          rendition: input.rendition,
          file_size: input.fileSize,
          range: input.range,
          clip_in: input.clip?.in ?? null,
          clip_out: input.clip?.out ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return String(row.id);
    },

    /**
     * The user's latest download of this file since `since`, for a resumed range to count in: the same
     * rendition, and for a clip the same range (another clip of the video is another file).
     */
    async latestDownload(input: {
      userId: string;
      videoId: string | null;
      audioId?: string | null;
      rendition: HistoryRendition;
      clip: ClipTimecodes | null;
      since: Date;
    }): Promise<string | null> {
      const row = await db
        .selectFrom('downloads')
        .select('id')
        .where('user_id', '=', input.userId)
        .where('video_id', 'is not distinct from', input.videoId)
        .where('audio_id', 'is not distinct from', input.audioId ?? null)
        .where('rendition', '=', input.rendition)
        .where('clip_in', 'is not distinct from', input.clip?.in ?? null)
        .where('clip_out', 'is not distinct from', input.clip?.out ?? null)
        .where('last_at', '>=', input.since)
        .orderBy('last_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? String(row.id) : null;
    },

    async addBytes(id: string, bytes: number): Promise<void> {
      await db
        .updateTable('downloads')
        .set({ bytes: sql`bytes + ${bytes}`, last_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    async userDownloads(userId: string, limit = 200): Promise<DownloadRow[]> {
      const rows = await history({ userId }, limit);
      return rows.map(toDownloadRow);
    },

    async videoDownloads(videoId: string, limit = 500): Promise<DownloadRow[]> {
      const rows = await history({ videoId }, limit);
      const emails = await userEmails(
        anyDb,
        rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id])),
      );
      return rows.map((r) => ({
        ...toDownloadRow(r),
        userEmail: r.user_id === null ? null : (emails.get(r.user_id) ?? null),
      }));
    },
  };
}

function toDownloadRow(r: {
  id: string;
  video_id: string;
  title_fr: string;
  title_en: string;
  rendition: HistoryRendition;
  bytes: string;
  file_size: string;
  range: string | null;
  clip_in: string | null;
  clip_out: string | null;
  at: Date;
}): DownloadRow {
  return {
    id: String(r.id),
    videoId: r.video_id,
    videoTitleFr: r.title_fr,
    videoTitleEn: r.title_en,
    rendition: r.rendition,
    bytes: Number(r.bytes),
    fileSize: Number(r.file_size),
    range: r.range,
    clip: r.clip_in !== null && r.clip_out !== null ? { in: r.clip_in, out: r.clip_out } : null,
    at: new Date(r.at),
  };
}

export type DownloadsRepository = ReturnType<typeof createDownloadsRepository>;
