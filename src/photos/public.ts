/**
 * The photos feature's public module: what other features may use of it (a feature imports another
 * only through this file): which photo ids exist, photos by id, their figure on a story page and the
 * URL of a rendition's file.
 */
import type { AnyDb } from '../platform/db/schema.ts';
import { photosDb } from './db.ts';

import './messages.ts';

export { fileUrl as photoFileUrl } from './photo-json.ts';
export { findPhotos as photosByIds, type Photo } from './repository.ts';
export { photoFigure } from './views-public.ts';

/** The ids among `ids` that are photos. */
export async function existingPhotoIds(db: AnyDb, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await photosDb(db)
    .selectFrom('photos')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}
