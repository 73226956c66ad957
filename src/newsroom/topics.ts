/** Topics as editors manage them: checks (FR and EN names, a slug) and writes through catalog. */
import type { AuditActor, AuditRecord } from '../audit/public.ts';
import { getTopic, insertTopic, listTopics, type Topic, updateTopic } from '../catalog/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';
import { isSlug, slugify } from './slug.ts';
import type { FieldErrors } from './story-input.ts';

const NAME_MAX = 80;

export interface TopicInput {
  slug?: string;
  name?: { fr?: string; en?: string };
}

type TopicOutcome =
  | { kind: 'ok'; topic: Topic }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'slug_taken' }
  | { kind: 'not_found' };

function checkName(name: { fr?: string; en?: string } | undefined, errors: FieldErrors, required: boolean) {
  for (const lang of ['fr', 'en'] as const) {
    const value = name?.[lang]?.trim();
    if (value === undefined || value === '') {
      if (required || (name && lang in name)) errors[`name.${lang}`] = 'required';
    } else if (value.length > NAME_MAX) errors[`name.${lang}`] = 'too_long';
  }
}

/**
 * Topics; with `record`, a create or edit made by an actor is written with its audit entry in one
 * transaction.
 */
export function createTopicService(db: TablelessDb, record?: AuditRecord) {
  const audited = <T>(
    actor: AuditActor | undefined,
    work: (trx: TablelessDb) => Promise<T>,
    entry: (result: T) => { action: string; slug: string; label: string } | null,
  ): Promise<T> =>
    db.transaction().execute(async (trx: TablelessDb) => {
      const result = await work(trx);
      const e = entry(result);
      if (e && actor && record)
        await record(
          { actor, action: e.action, target: { kind: 'topic', id: e.slug, label: e.label } },
          { within: trx },
        );
      return result;
    });
  return {
    list: () => listTopics(db),
    async create(input: TopicInput, actor?: AuditActor): Promise<TopicOutcome> {
      const errors: FieldErrors = {};
      checkName(input.name, errors, true);
      const slug = (input.slug?.trim() || slugify(input.name?.fr || input.name?.en || '')).trim();
      if (!isSlug(slug)) errors.slug = 'invalid';
      if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
      const name = { fr: input.name?.fr?.trim() ?? '', en: input.name?.en?.trim() ?? '' };
      const inserted = await audited(
        actor,
        (trx) => insertTopic(trx, { slug, name }),
        (ok) => (ok ? { action: 'topic.create', slug, label: name.fr || name.en } : null),
      );
      if (!inserted) return { kind: 'slug_taken' };
      return { kind: 'ok', topic: { slug, name, stories: 0 } };
    },
    async update(slug: string, input: TopicInput, actor?: AuditActor): Promise<TopicOutcome> {
      const current = await getTopic(db, slug);
      if (!current) return { kind: 'not_found' };
      const errors: FieldErrors = {};
      checkName(input.name, errors, false);
      if (input.slug !== undefined && !isSlug(input.slug.trim())) errors.slug = 'invalid';
      if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
      const name = {
        fr: input.name?.fr?.trim() || current.name.fr,
        en: input.name?.en?.trim() || current.name.en,
      };
      const newSlug = input.slug?.trim() || slug;
      const result = await audited(
        actor,
        (trx) => updateTopic(trx, slug, { slug: input.slug?.trim(), name }),
        (r) => (r === 'ok' ? { action: 'topic.edit', slug: newSlug, label: name.fr || name.en } : null),
      );
      if (result !== 'ok') return { kind: result };
      const topic = await getTopic(db, input.slug?.trim() || slug);
      return topic ? { kind: 'ok', topic } : { kind: 'not_found' };
    },
  };
}

export type TopicService = ReturnType<typeof createTopicService>;
