/**
 * The audio feature's public module: what other features may use of it (a feature imports another
 * only through this file): which audio ids exist, items by id, and their figure on a story page.
 */
import type { AnyDb } from '../platform/db/schema.ts';
import { featureDb } from '../platform/db/schema.ts';
import './messages.ts';
import type { AudioTables } from './tables.ts';

export { type AudioClipAccess, type AudioClipMaster, audioClipMaster } from './clip-source.ts';
export { type AudioItem, findAudioItems as audioByIds } from './repository.ts';
export { audioFigure } from './views-public.ts';

/** The ids among `ids` that are audio items. */
export async function existingAudioIds(db: AnyDb, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await featureDb<AudioTables>(db)
    .selectFrom('audio')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}
