/**
 * The audio rules: an upload is all or nothing (every file probed and judged before any is kept; the
 * same file uploaded again is the item already stored), titles, descriptions and credit are edited
 * (one title at least), an item a published story shows cannot be deleted (`in_use` with those
 * stories), deleting another removes its original, derivatives and row. Who may fetch which file is
 * `fileRefusal`.
 */
import { rm } from 'node:fs/promises';
import type { Viewer } from '../downloads/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { type AudioFacts, type AudioRefusalCode, contentTypeOf } from './formats.ts';
import { probeAudio } from './probe.ts';
import {
  type AudioItem,
  deleteAudioRow,
  findAudio,
  findAudioBySha,
  insertAudio,
  updateTexts,
} from './repository.ts';
import { keepOriginal, type ReceivedFile, removeAudioFiles } from './store.ts';

export const TEXT_LIMITS = { title: 300, description: 5000, credit: 300 } as const;

/** A published story that shows an audio item (named in the `in_use` refusal). */
export interface StoryUsingAudio {
  id: number;
  slug: string;
  title: string;
}

export interface AudioServiceDeps {
  db: AnyDb;
  jobs: JobQueue;
  storage: MediaStorage;
  /** The published stories showing an item (the catalogue's, handed over by the composition root). */
  publishedStoriesShowing(audioId: string): Promise<StoryUsingAudio[]>;
  /** Told after a title, description or credit changed (the search re-reads the item). */
  onTextsChanged?(audioId: string): Promise<void>;
  /** The files of an item's parts in the clip cache (the clips feature's), removed with the item. */
  partFilesOf?(audioId: string): Promise<string[]>;
}

export interface UploadRefusal {
  code: AudioRefusalCode;
  name: string;
  codec?: string;
}

export type FieldErrors = Record<string, string>;

export interface AudioTextsInput {
  translations?: {
    fr?: { title?: string; description?: string };
    en?: { title?: string; description?: string };
  };
  credit?: string;
}

/** Field errors of an edit, given the item as it is (a title must remain in one language). */
export function checkTexts(input: AudioTextsInput, current: AudioItem['title']): FieldErrors {
  const errors: FieldErrors = {};
  for (const lang of ['fr', 'en'] as const) {
    const t = input.translations?.[lang];
    if (t?.title !== undefined && t.title.trim().length > TEXT_LIMITS.title)
      errors[`translations.${lang}.title`] = 'too_long';
    if (t?.description !== undefined && t.description.trim().length > TEXT_LIMITS.description)
      errors[`translations.${lang}.description`] = 'too_long';
  }
  if (input.credit !== undefined && input.credit.trim().length > TEXT_LIMITS.credit)
    errors.credit = 'too_long';
  const titleAfter = (lang: 'fr' | 'en') => (input.translations?.[lang]?.title ?? current[lang]).trim();
  if (titleAfter('fr') === '' && titleAfter('en') === '') errors['translations.fr.title'] = 'required';
  return errors;
}

export function createAudioService(deps: AudioServiceDeps) {
  const { db, storage } = deps;

  async function keepAll(
    files: readonly ReceivedFile[],
    createdBy: string | null,
  ): Promise<{ ok: true; items: AudioItem[] } | { ok: false; refusal: UploadRefusal }> {
    const judged: { file: ReceivedFile; facts: AudioFacts }[] = [];
    for (const file of files) {
      const result = await probeAudio(file.path);
      if (!result.ok)
        return { ok: false, refusal: { code: result.code, name: file.name, codec: result.codec } };
      judged.push({ file, facts: result.facts });
    }
    const items: AudioItem[] = [];
    for (const { file, facts } of judged) {
      const existing = await findAudioBySha(db, file.sha256);
      if (existing) {
        items.push(existing);
        continue;
      }
      const originalPath = await keepOriginal(storage, file, facts.extension);
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertAudio(trx, {
          facts,
          sha256: file.sha256,
          originalPath,
          originalName: file.name,
          size: file.size,
          createdBy,
        });
        await deps.jobs.send('audio.derivatives', { audioId: id }, { within: trx, singletonKey: id });
        return id;
      });
      items.push((await findAudio(db, id)) as AudioItem);
    }
    return { ok: true, items };
  }

  return {
    /** Keeps every file or none: the first refusal is returned and nothing is stored. */
    async upload(
      files: readonly ReceivedFile[],
      createdBy: string | null,
    ): Promise<{ ok: true; items: AudioItem[] } | { ok: false; refusal: UploadRefusal }> {
      try {
        const result = await keepAll(files, createdBy);
        if (result.ok) deps.jobs.wake('audio.derivatives');
        return result;
      } finally {
        await Promise.all(files.map((f) => rm(f.path, { force: true })));
      }
    },

    get: (id: string) => findAudio(db, id),

    /** Shown by a story published now (its preview and waveform are then anyone's to hear and see). */
    shownPublicly: async (id: string) => (await deps.publishedStoriesShowing(id)).length > 0,

    async update(
      id: string,
      input: AudioTextsInput,
    ): Promise<
      { kind: 'ok'; item: AudioItem } | { kind: 'not_found' } | { kind: 'invalid'; errors: FieldErrors }
    > {
      const current = await findAudio(db, id);
      if (!current) return { kind: 'not_found' };
      const errors = checkTexts(input, current.title);
      if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
      const tr = input.translations;
      await updateTexts(db, id, {
        titleFr: tr?.fr?.title?.trim(),
        titleEn: tr?.en?.title?.trim(),
        descriptionFr: tr?.fr?.description?.trim(),
        descriptionEn: tr?.en?.description?.trim(),
        credit: input.credit?.trim(),
      });
      const item = await findAudio(db, id);
      if (item) await deps.onTextsChanged?.(id);
      return item ? { kind: 'ok', item } : { kind: 'not_found' };
    },

    async remove(
      id: string,
    ): Promise<{ kind: 'ok' } | { kind: 'not_found' } | { kind: 'in_use'; stories: StoryUsingAudio[] }> {
      const item = await findAudio(db, id);
      if (!item) return { kind: 'not_found' };
      const stories = await deps.publishedStoriesShowing(id);
      if (stories.length > 0) return { kind: 'in_use', stories };
      // Row first (drafts showing it lose it by cascade, its parts' rows too), then the files nothing
      // refers to any more: its own and its parts' in the clip cache.
      const parts = (await deps.partFilesOf?.(id)) ?? [];
      await deleteAudioRow(db, id);
      await removeAudioFiles(storage, id, item.originalPath);
      for (const part of parts) await storage.remove(part);
      return { kind: 'ok' };
    },
  };
}

export type AudioService = ReturnType<typeof createAudioService>;

export const FILE_NAMES = ['original', 'preview', 'waveform'] as const;
export type AudioFileName = (typeof FILE_NAMES)[number];

/** Why a file of an item is refused to a viewer (null: allowed). */
export function fileRefusal(
  viewer: Viewer,
  shownPublicly: boolean,
  name: AudioFileName,
): { status: 401 | 403 | 404; code: string } | null {
  if (viewer.kind === 'staff') return null;
  if (!shownPublicly) return { status: 404, code: 'not_found' };
  if (name !== 'original') return null;
  if (viewer.kind === 'anonymous') return { status: 401, code: 'sign_in_required' };
  return viewer.verified ? null : { status: 403, code: 'verification_required' };
}

export interface AudioFile {
  /** The storage key. */
  relative: string;
  /** The download name. */
  fileName: string;
  contentType: string;
  /** The content's hash when known (the original's): its strong ETag. */
  sha256: string | null;
}

/** The stored file of `name` (its storage key), its download name and type; or null. */
export function audioFile(item: AudioItem, name: AudioFileName): AudioFile | null {
  const base = item.originalName.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'audio';
  if (name === 'original') {
    const ext = item.originalPath.slice(item.originalPath.lastIndexOf('.') + 1);
    const type = contentTypeOf(ext);
    return {
      relative: item.originalPath,
      fileName: `${base}.${ext}`,
      contentType: type,
      sha256: item.sha256,
    };
  }
  const derivative = item.derivatives.find((d) => d.name === name);
  if (!derivative) return null;
  const ext = name === 'preview' ? 'm4a' : 'png';
  return {
    relative: derivative.path,
    fileName: `${base}-${name}.${ext}`,
    contentType: contentTypeOf(ext),
    sha256: null,
  };
}
