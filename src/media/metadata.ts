/**
 * A video's editable metadata as the media feature stores it (for the newsroom, through
 * media/public.ts): titles and descriptions per language ('' = not written in that language), the
 * shotlist, the revision, and deleting a video's rows. Writes check and bump the revision in one
 * statement, so two editors saving at once cannot both win.
 */
import { sql } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { MediaTables, Shot, VideoStatus } from './tables.ts';

const media = (db: AnyDb) => featureDb<MediaTables>(db);

export interface VideoTexts {
  title: { fr: string; en: string };
  description: { fr: string; en: string };
}

export interface VideoMetadata extends VideoTexts {
  id: string;
  status: VideoStatus;
  revision: number;
  shotlist: Shot[];
  fpsNum: number | null;
  fpsDen: number | null;
  durationFrames: number | null;
  startTimecode: string | null;
  masterSha256: string | null;
  updatedAt: Date;
}

export async function readVideoMetadata(db: AnyDb, id: string): Promise<VideoMetadata | null> {
  const r = await media(db)
    .selectFrom('videos')
    .select([
      'id',
      'status',
      'revision',
      'title_fr',
      'title_en',
      'description_fr',
      'description_en',
      'shotlist',
      'fps_num',
      'fps_den',
      'duration_frames',
      'start_timecode',
      'master_sha256',
      'updated_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    revision: r.revision,
    title: { fr: r.title_fr, en: r.title_en },
    description: { fr: r.description_fr, en: r.description_en },
    shotlist: r.shotlist ?? [],
    fpsNum: r.fps_num,
    fpsDen: r.fps_den,
    durationFrames: r.duration_frames,
    startTimecode: r.start_timecode,
    masterSha256: r.master_sha256,
    updatedAt: new Date(r.updated_at),
  };
}

/**
 * Writes texts and/or the shotlist and bumps the revision, only if the revision is still `expected`
 * (when given). Returns the new revision, or null when the video is gone or was saved in between.
 */
export async function writeVideoMetadata(
  db: AnyDb,
  id: string,
  change: { texts?: VideoTexts; shotlist?: Shot[] },
  expected?: number,
): Promise<number | null> {
  let query = media(db)
    .updateTable('videos')
    .set({
      ...(change.texts
        ? {
            title_fr: change.texts.title.fr,
            title_en: change.texts.title.en,
            description_fr: change.texts.description.fr,
            description_en: change.texts.description.en,
          }
        : {}),
      ...(change.shotlist ? { shotlist: JSON.stringify(change.shotlist) } : {}),
      revision: sql<number>`revision + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id);
  if (expected !== undefined) query = query.where('revision', '=', expected);
  const row = await query.returning('revision').executeTakeFirst();
  return row ? row.revision : null;
}

/** Deletes the video's row (its usage, renditions, clips, downloads and story links cascade). */
export async function deleteVideoRow(db: AnyDb, id: string): Promise<{ masterSha256: string | null } | null> {
  const row = await media(db)
    .deleteFrom('videos')
    .where('id', '=', id)
    .returning('master_sha256')
    .executeTakeFirst();
  return row ? { masterSha256: row.master_sha256 } : null;
}

/** Whether another video still stores the same master (content-addressed: the file is shared). */
export async function masterStillUsed(db: AnyDb, sha256: string): Promise<boolean> {
  const row = await media(db)
    .selectFrom('videos')
    .select('id')
    .where('master_sha256', '=', sha256)
    .executeTakeFirst();
  return row !== undefined;
}
