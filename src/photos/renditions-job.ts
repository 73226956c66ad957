/**
 * The `photos.renditions` job: large, medium and thumb JPEGs from the stored original, turned
 * upright by its EXIF orientation, converted to sRGB, flattened on white, and written without any
 * metadata (sharp drops EXIF, GPS, IPTC and XMP unless asked to keep them). Each file is written
 * atomically through the storage port (store.ts); a retried job clears what a killed one left and
 * writes them again.
 */
import sharp from 'sharp';
import type { JobContext } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { PhotosDb } from './db.ts';
import { MAX_PIXELS } from './inspect.ts';
import type { RenditionsJob } from './job-kinds.ts';
import { fitWithin, RENDITIONS } from './rendition-plan.ts';
import { findPhoto, markFailed, markReady } from './repository.ts';
import { removeTemporaries, renditionsRelativeDir, writeAtomically } from './store.ts';
import type { StoredRendition } from './tables.ts';

export interface RenditionsDeps {
  db: PhotosDb;
  storage: MediaStorage;
  log?: { error(obj: object, msg: string): void };
}

export async function makeRenditions(
  deps: RenditionsDeps,
  photoId: string,
): Promise<StoredRendition[] | null> {
  const photo = await findPhoto(deps.db, photoId);
  if (!photo) return null; // deleted meanwhile
  const relativeDir = renditionsRelativeDir(photoId);
  await removeTemporaries(deps.storage, relativeDir);
  const source = deps.storage.path(photo.originalPath);
  const made: StoredRendition[] = [];
  for (const rendition of RENDITIONS) {
    const size = fitWithin(photo.width, photo.height, rendition.longest);
    const path = `${relativeDir}/${rendition.name}.jpg`;
    let info: sharp.OutputInfo | undefined;
    await writeAtomically(deps.storage, path, async (tmp) => {
      info = await sharp(source, { limitInputPixels: MAX_PIXELS })
        .rotate()
        .resize(size.width, size.height, { fit: 'fill' })
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .jpeg({ quality: 82, progressive: true })
        .toFile(tmp);
    });
    made.push({
      name: rendition.name,
      width: info?.width ?? size.width,
      height: info?.height ?? size.height,
      size: info?.size ?? 0,
      path,
    });
  }
  await markReady(deps.db, photoId, made);
  return made;
}

export function renditionsHandler(deps: RenditionsDeps) {
  return async (data: RenditionsJob, context: JobContext): Promise<void> => {
    try {
      await makeRenditions(deps, data.photoId);
    } catch (error) {
      deps.log?.error({ err: error, photoId: data.photoId }, 'photo renditions failed');
      if (context.isLastAttempt) await markFailed(deps.db, data.photoId, (error as Error).message);
      throw error;
    }
  };
}
