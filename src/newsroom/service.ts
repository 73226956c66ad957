/**
 * The newsroom's stories: create, edit (compare and set on the revision), the workflow draft ->
 * scheduled -> published -> unpublished, revisions and restore, deletion. Every change is one
 * transaction that also records a revision (who, when, what changed). Any editor may edit any story:
 * the newsroom is shared. Scheduled publication is a durable job (publish-job.ts) queued in the same
 * transaction. Tables are catalog's, written through catalog/public.ts.
 */

import { existingAudioIds } from '../audio/public.ts';
import type { AuditRecord } from '../audit/public.ts';
import {
  deleteStoryRow,
  existingTopicSlugs,
  insertRevision,
  insertStory,
  listRevisions,
  readStoryRecord,
  type StoryContent,
  type StoryMediaRef,
  type StoryRecord,
  type StoryRevision,
  type StoryState,
  setStoryState,
  slugOwner,
  updateStoryContent,
} from '../catalog/public.ts';
import { existingVideoIds } from '../media/public.ts';
import { existingPhotoIds } from '../photos/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import { isTimeZone } from './schedule.ts';
import { slugCandidate, slugify } from './slug.ts';
import {
  changesBetween,
  checkContent,
  type FieldErrors,
  mergeInput,
  type StoryInput,
} from './story-input.ts';

export interface Actor {
  id: string | null;
  name: string;
}

export type Outcome =
  | { kind: 'ok'; story: StoryRecord }
  | { kind: 'not_found' }
  | { kind: 'stale'; story: StoryRecord }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'slug_taken' }
  | { kind: 'conflict'; code: 'already_published' | 'not_published' | 'published_cannot_delete' };

export interface NewsroomDeps {
  db: TablelessDb;
  jobs: JobQueue;
  clock?: () => Date;
  /** The portal's time zone (TZ_DEFAULT): a schedule without one is in it. */
  defaultTimeZone: string;
  /** The audit log: every story change is recorded in its transaction (the revision's). */
  record?: AuditRecord;
}

/** The audit action of a revision's changes (its first change names the move). */
export function auditAction(changes: readonly string[]): string {
  const first = changes[0] ?? '';
  if (first === 'created') return 'story.create';
  if (first === 'scheduled') return 'story.schedule';
  if (first === 'published' || first === 'published_on_schedule') return 'story.publish';
  if (first === 'unpublished' || first === 'unscheduled') return 'story.unpublish';
  if (first.startsWith('restored:')) return 'story.restore';
  return 'story.edit';
}

function storyLabel(story: { slug: string; translations: StoryContent['translations'] }): string {
  return story.translations.fr?.title || story.translations.en?.title || story.slug;
}

const EMPTY: StoryContent = { slug: '', translations: {}, topics: [], media: [], leadMedia: null };

class Stale extends Error {}

/** The ids among a story's media that exist as what they claim to be (videos, photos, audio). */
async function existingMedia(db: TablelessDb, media: readonly StoryMediaRef[]): Promise<Set<string>> {
  const ids = (kind: StoryMediaRef['kind']) => media.filter((m) => m.kind === kind).map((m) => m.id);
  const [videos, photos, audio] = await Promise.all([
    existingVideoIds(db, ids('video')),
    existingPhotoIds(db, ids('photo')),
    existingAudioIds(db, ids('audio')),
  ]);
  return new Set([...videos, ...photos, ...audio]);
}

function contentOf(story: StoryRecord): StoryContent {
  const { slug, translations, topics, media, leadMedia } = story;
  return { slug, translations, topics, media, leadMedia };
}

export function createStoryService(deps: NewsroomDeps) {
  const { db } = deps;
  const now = () => deps.clock?.() ?? new Date();

  /** Checks that need the database: topics and videos exist, the slug is free. */
  async function checkReferences(
    trx: TablelessDb,
    content: StoryContent,
    id: number | null,
  ): Promise<FieldErrors | 'slug_taken'> {
    const errors: FieldErrors = {};
    const topics = await existingTopicSlugs(trx, content.topics);
    if (content.topics.some((t) => !topics.has(t))) errors.topics = 'unknown_topic';
    const known = await existingMedia(trx, content.media);
    if (content.media.some((m) => !known.has(m.id)))
      errors.media = content.media.some((m) => m.kind === 'photo' && !known.has(m.id))
        ? 'unknown_photo'
        : content.media.some((m) => m.kind === 'audio' && !known.has(m.id))
          ? 'unknown_audio'
          : 'unknown_video';
    if (Object.keys(errors).length > 0) return errors;
    const owner = await slugOwner(trx, content.slug);
    return owner !== null && owner !== id ? 'slug_taken' : {};
  }

  async function record(trx: TablelessDb, id: number, actor: Actor, changes: string[]) {
    const story = await readStoryRecord(trx, id);
    if (!story) throw new Error(`story ${id} vanished`);
    await insertRevision(trx, id, {
      n: story.revision,
      authorId: actor.id,
      author: actor.name,
      summary: changes.join(','),
      snapshot: contentOf(story),
    });
    await deps.record?.(
      { actor, action: auditAction(changes), target: { kind: 'story', id, label: storyLabel(story) } },
      { within: trx },
    );
    return story;
  }

  /** Runs `work` in a transaction; a lost compare-and-set becomes `stale` with the story as it is. */
  async function guarded(id: number, work: (trx: TablelessDb) => Promise<Outcome>): Promise<Outcome> {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
      const story = await readStoryRecord(db, id);
      return story ? { kind: 'stale', story } : { kind: 'not_found' };
    }
  }

  async function create(actor: Actor, input: StoryInput): Promise<Outcome> {
    const explicitSlug = input.slug !== undefined;
    const draft = mergeInput(EMPTY, input);
    if (!explicitSlug) {
      const title = draft.translations.fr?.title || draft.translations.en?.title || '';
      draft.slug = slugify(title) || 'story';
    }
    const errors = checkContent(draft);
    if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
    return db.transaction().execute(async (trx) => {
      let content = draft;
      if (!explicitSlug) {
        // A derived slug that is taken gets -2, -3…; an explicit one is refused (409).
        for (let n = 1; (await slugOwner(trx, slugCandidate(draft.slug, n))) !== null; n += 1)
          content = { ...draft, slug: slugCandidate(draft.slug, n + 1) };
      }
      const refs = await checkReferences(trx, content, null);
      if (refs === 'slug_taken') return { kind: 'slug_taken' };
      if (Object.keys(refs).length > 0) return { kind: 'invalid', errors: refs };
      const id = await insertStory(trx, content);
      return { kind: 'ok', story: await record(trx, id, actor, ['created']) };
    });
  }

  async function update(actor: Actor, id: number, input: StoryInput, ifMatch?: number): Promise<Outcome> {
    const current = await readStoryRecord(db, id);
    if (!current) return { kind: 'not_found' };
    if (ifMatch !== undefined && ifMatch !== current.revision) return { kind: 'stale', story: current };
    const content = mergeInput(contentOf(current), input);
    const errors = checkContent(content);
    if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
    return guarded(id, async (trx) => {
      const refs = await checkReferences(trx, content, id);
      if (refs === 'slug_taken') return { kind: 'slug_taken' };
      if (Object.keys(refs).length > 0) return { kind: 'invalid', errors: refs };
      if (!(await updateStoryContent(trx, id, current.revision, content))) throw new Stale();
      const changes = changesBetween(contentOf(current), content);
      return { kind: 'ok', story: await record(trx, id, actor, changes.length ? changes : ['saved']) };
    });
  }

  async function move(
    actor: Actor,
    current: StoryRecord,
    state: StoryState,
    changes: string[],
    after?: (trx: TablelessDb) => Promise<void>,
  ): Promise<Outcome> {
    return guarded(current.id, async (trx) => {
      if (!(await setStoryState(trx, current.id, current.revision, state))) throw new Stale();
      await after?.(trx);
      return { kind: 'ok', story: await record(trx, current.id, actor, changes) };
    });
  }

  /**
   * Publishes now (no `at`, or `at` not in the future: the story is dated `at`), or schedules it for
   * `at` in `timeZone` (shown with it). A published story cannot be scheduled: unpublish it first.
   */
  async function publish(
    actor: Actor,
    id: number,
    options: { at?: Date; timeZone?: string } = {},
    ifMatch?: number,
  ): Promise<Outcome> {
    const current = await readStoryRecord(db, id);
    if (!current) return { kind: 'not_found' };
    if (ifMatch !== undefined && ifMatch !== current.revision) return { kind: 'stale', story: current };
    const zone = options.timeZone ?? deps.defaultTimeZone;
    if (!isTimeZone(zone)) return { kind: 'invalid', errors: { timeZone: 'invalid_time_zone' } };
    const errors = checkContent(contentOf(current));
    if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
    const at = options.at ?? now();
    if (current.status === 'published') {
      if (options.at && at > now()) return { kind: 'conflict', code: 'already_published' };
      return { kind: 'ok', story: current };
    }
    if (at > now()) {
      return move(
        actor,
        current,
        { status: 'scheduled', publishAt: at, publishTimeZone: zone, publishedAt: null },
        ['scheduled'],
        async (trx) => {
          await deps.jobs.send(
            'newsroom.publish',
            { storyId: id, at: at.toISOString() },
            { within: trx, startAfter: at, singletonKey: `story-${id}-${at.toISOString()}` },
          );
        },
      );
    }
    return move(
      actor,
      current,
      { status: 'published', publishAt: null, publishTimeZone: null, publishedAt: at },
      ['published'],
    );
  }

  /** Takes a published story off the site, or cancels a schedule (back to draft when never published). */
  async function unpublish(actor: Actor, id: number, ifMatch?: number): Promise<Outcome> {
    const current = await readStoryRecord(db, id);
    if (!current) return { kind: 'not_found' };
    if (ifMatch !== undefined && ifMatch !== current.revision) return { kind: 'stale', story: current };
    if (current.status !== 'published' && current.status !== 'scheduled')
      return { kind: 'conflict', code: 'not_published' };
    const status = current.status === 'scheduled' && !current.firstPublishedAt ? 'draft' : 'unpublished';
    return move(actor, current, { status, publishAt: null, publishTimeZone: null, publishedAt: null }, [
      current.status === 'scheduled' ? 'unscheduled' : 'unpublished',
    ]);
  }

  /** The job's work: publishes the story if it is still scheduled for exactly `at`, and `at` has come. */
  async function publishScheduled(storyId: number, at: string): Promise<'published' | 'not_yet' | 'moot'> {
    const current = await readStoryRecord(db, storyId);
    if (current?.status !== 'scheduled' || current.publishAt?.toISOString() !== at) return 'moot';
    if (current.publishAt > now()) return 'not_yet';
    const outcome = await move(
      { id: null, name: 'scheduler' },
      current,
      { status: 'published', publishAt: null, publishTimeZone: null, publishedAt: current.publishAt },
      ['published_on_schedule'],
    );
    return outcome.kind === 'ok' ? 'published' : 'moot';
  }

  async function remove(id: number, actor?: Actor): Promise<Outcome | { kind: 'deleted' }> {
    const current = await readStoryRecord(db, id);
    if (!current) return { kind: 'not_found' };
    if (current.status !== 'draft' && current.status !== 'unpublished')
      return { kind: 'conflict', code: 'published_cannot_delete' };
    await db.transaction().execute(async (trx: TablelessDb) => {
      await deleteStoryRow(trx, id);
      if (actor)
        await deps.record?.(
          { actor, action: 'story.delete', target: { kind: 'story', id, label: storyLabel(current) } },
          { within: trx },
        );
    });
    return { kind: 'deleted' };
  }

  async function revisions(id: number): Promise<StoryRevision[] | null> {
    const current = await readStoryRecord(db, id);
    return current ? listRevisions(db, id) : null;
  }

  /** Puts back the content of revision `n` (not its workflow state): a new revision. */
  async function restore(actor: Actor, id: number, n: number, ifMatch?: number): Promise<Outcome> {
    const current = await readStoryRecord(db, id);
    if (!current) return { kind: 'not_found' };
    if (ifMatch !== undefined && ifMatch !== current.revision) return { kind: 'stale', story: current };
    const revision = (await listRevisions(db, id)).find((r) => r.n === n);
    if (!revision) return { kind: 'not_found' };
    const content = revision.snapshot;
    return guarded(id, async (trx) => {
      // Topics or videos deleted since are left out; a slug taken since keeps the current one.
      const topics = await existingTopicSlugs(trx, content.topics);
      const videos = await existingMedia(trx, content.media);
      const owner = await slugOwner(trx, content.slug);
      const media = content.media.filter((m) => videos.has(m.id));
      const restored: StoryContent = {
        slug: owner === null || owner === id ? content.slug : current.slug,
        translations: content.translations,
        topics: content.topics.filter((t) => topics.has(t)),
        media,
        leadMedia: content.leadMedia && videos.has(content.leadMedia.id) ? content.leadMedia : null,
      };
      if (!(await updateStoryContent(trx, id, current.revision, restored))) throw new Stale();
      return { kind: 'ok', story: await record(trx, id, actor, [`restored:${n}`]) };
    });
  }

  return {
    create,
    update,
    publish,
    unpublish,
    publishScheduled,
    remove,
    revisions,
    restore,
    read: (id: number) => readStoryRecord(db, id),
  };
}

export type StoryService = ReturnType<typeof createStoryService>;
