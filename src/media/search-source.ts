/** Read function the search feature indexes videos from: titles (FR/EN), shotlist rows, creation time. */
import type { AnyDb } from '../platform/db/schema.ts';
import { mediaDb } from './db.ts';
import type { Shot } from './tables.ts';

export interface VideoForSearch {
  id: string;
  title: { fr: string; en: string };
  shotlist: Shot[];
  createdAt: Date;
}

/** Videos by id, or a batch of them in id order after `afterId`. */
export async function videosForSearch(
  anyDb: AnyDb,
  options: { ids?: readonly string[]; afterId?: string; limit?: number },
): Promise<VideoForSearch[]> {
  const db = mediaDb(anyDb);
  let query = db
    .selectFrom('videos')
    .select(['id', 'title_fr', 'title_en', 'shotlist', 'created_at'])
    .orderBy('id');
  if (options.ids) {
    if (options.ids.length === 0) return [];
    query = query.where('id', 'in', [...options.ids]);
  }
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    title: { fr: r.title_fr, en: r.title_en },
    shotlist: Array.isArray(r.shotlist) ? r.shotlist : [],
    createdAt: new Date(r.created_at),
  }));
}
