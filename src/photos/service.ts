/**
 * The photos' rules: an upload is all or nothing (every file inspected before any is kept; the same
 * image uploaded again is the photo already stored), captions and credit are edited, a photo shown by
 * a published story cannot be deleted (`in_use` with those stories), deleting another removes its
 * original, renditions and row. Who may fetch which file is `fileAccess`.
 */
import { rm } from 'node:fs/promises';
import type { Viewer } from '../downloads/public.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { PhotosDb } from './db.ts';
import { EXTENSIONS } from './image-type.ts';
import { inspectImage } from './inspect.ts';
import {
  deletePhotoRow,
  findPhoto,
  findPhotoBySha,
  insertPhoto,
  type Photo,
  updateTexts,
} from './repository.ts';
import { keepOriginal, type ReceivedFile, removePhotoFiles } from './store.ts';

export const TEXT_LIMITS = { caption: 2000, credit: 300 } as const;

/** A published story that shows a photo (named in the `in_use` refusal). */
export interface StoryUsingPhoto {
  id: number;
  slug: string;
  title: string;
}

export interface PhotoServiceDeps {
  db: PhotosDb;
  jobs: JobQueue;
  storage: MediaStorage;
  /** The published stories showing a photo (the catalogue's, handed over by the composition root). */
  publishedStoriesShowing(photoId: string): Promise<StoryUsingPhoto[]>;
  /** Told after a caption or credit changed (the search re-reads the photo). */
  onTextsChanged?(photoId: string): Promise<void>;
}

export type UploadRefusal = {
  code: 'not_image' | 'heic' | 'unreadable' | 'too_many_pixels';
  name: string;
  megapixels?: number;
};

export type FieldErrors = Record<string, string>;

export interface PhotoTextsInput {
  caption?: { fr?: string; en?: string };
  credit?: string;
}

export function checkTexts(input: PhotoTextsInput): FieldErrors {
  const errors: FieldErrors = {};
  for (const lang of ['fr', 'en'] as const) {
    const text = input.caption?.[lang];
    if (text !== undefined && text.trim().length > TEXT_LIMITS.caption)
      errors[`caption.${lang}`] = 'too_long';
  }
  if (input.credit !== undefined && input.credit.trim().length > TEXT_LIMITS.credit)
    errors.credit = 'too_long';
  return errors;
}

export function createPhotoService(deps: PhotoServiceDeps) {
  const { db, storage } = deps;

  async function keepAll(
    files: readonly ReceivedFile[],
    createdBy: string | null,
  ): Promise<{ ok: true; photos: Photo[] } | { ok: false; refusal: UploadRefusal }> {
    const inspected = [];
    for (const file of files) {
      const result = await inspectImage(file.path);
      if (!result.ok)
        return {
          ok: false,
          refusal: { code: result.code, name: file.name, megapixels: result.megapixels },
        };
      inspected.push({ file, image: result.image });
    }
    const photos: Photo[] = [];
    for (const { file, image } of inspected) {
      const existing = await findPhotoBySha(db, file.sha256);
      if (existing) {
        photos.push(existing);
        continue;
      }
      const originalPath = await keepOriginal(storage, file, EXTENSIONS[image.format]);
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertPhoto(trx, {
          image,
          sha256: file.sha256,
          originalPath,
          originalName: file.name,
          size: file.size,
          createdBy,
        });
        await deps.jobs.send('photos.renditions', { photoId: id }, { within: trx, singletonKey: id });
        return id;
      });
      photos.push((await findPhoto(db, id)) as Photo);
    }
    return { ok: true, photos };
  }

  /** Keeps every file or none: the first refusal is returned and nothing is stored. */
  async function upload(
    files: readonly ReceivedFile[],
    createdBy: string | null,
  ): Promise<{ ok: true; photos: Photo[] } | { ok: false; refusal: UploadRefusal }> {
    try {
      const result = await keepAll(files, createdBy);
      if (result.ok) deps.jobs.wake('photos.renditions');
      return result;
    } finally {
      // What was not moved into the store (refused, or already stored) goes now.
      await Promise.all(files.map((f) => rm(f.path, { force: true })));
    }
  }

  return {
    upload,

    get: (id: string) => findPhoto(db, id),

    /** Shown by a story published now (its renditions are then anyone's to see). */
    shownPublicly: async (id: string) => (await deps.publishedStoriesShowing(id)).length > 0,

    async update(
      id: string,
      input: PhotoTextsInput,
    ): Promise<
      { kind: 'ok'; photo: Photo } | { kind: 'not_found' } | { kind: 'invalid'; errors: FieldErrors }
    > {
      const errors = checkTexts(input);
      if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
      const updated = await updateTexts(db, id, {
        captionFr: input.caption?.fr?.trim(),
        captionEn: input.caption?.en?.trim(),
        credit: input.credit?.trim(),
      });
      const photo = updated ? await findPhoto(db, id) : null;
      if (photo) await deps.onTextsChanged?.(id);
      return photo ? { kind: 'ok', photo } : { kind: 'not_found' };
    },

    async remove(
      id: string,
    ): Promise<{ kind: 'ok' } | { kind: 'not_found' } | { kind: 'in_use'; stories: StoryUsingPhoto[] }> {
      const photo = await findPhoto(db, id);
      if (!photo) return { kind: 'not_found' };
      const stories = await deps.publishedStoriesShowing(id);
      if (stories.length > 0) return { kind: 'in_use', stories };
      // Row first (drafts showing it lose it by cascade), then the files nothing refers to any more.
      await deletePhotoRow(db, id);
      await removePhotoFiles(storage, id, photo.originalPath);
      return { kind: 'ok' };
    },
  };
}

export type PhotoService = ReturnType<typeof createPhotoService>;

/** Why a file of a photo is refused to a viewer (null: allowed). */
export function fileRefusal(
  viewer: Viewer,
  shownPublicly: boolean,
  name: string,
): { status: 401 | 403 | 404; code: string } | null {
  if (viewer.kind === 'staff') return null;
  if (!shownPublicly) return { status: 404, code: 'not_found' };
  if (name !== 'original') return null;
  if (viewer.kind === 'anonymous') return { status: 401, code: 'sign_in_required' };
  return viewer.verified ? null : { status: 403, code: 'verification_required' };
}

/** The file of a rendition (or the original): its storage key, or null. */
export function renditionFile(photo: Photo, name: string): { relative: string; fileName: string } | null {
  if (name === 'original') return { relative: photo.originalPath, fileName: downloadName(photo, name) };
  const rendition = photo.renditions.find((r) => r.name === name);
  return rendition ? { relative: rendition.path, fileName: downloadName(photo, name) } : null;
}

function downloadName(photo: Photo, name: string): string {
  const base = photo.originalName.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'photo';
  const ext = name === 'original' ? EXTENSIONS[photo.format] : 'jpg';
  return name === 'original' ? `${base}.${ext}` : `${base}-${name}.${ext}`;
}
