/** Topics (FR/EN names, a slug) that stories carry: reading and writing them. */
import { sql } from 'kysely';
import type { AnyDb } from '../platform/db/schema.ts';
import { catalogDb } from './db.ts';

export interface Topic {
  slug: string;
  name: { fr: string; en: string };
  /** Published stories carrying it. */
  stories: number;
}

export async function listTopics(anyDb: AnyDb): Promise<Topic[]> {
  const db = catalogDb(anyDb);
  const rows = await db
    .selectFrom('topics as t')
    .select([
      't.slug',
      't.name_fr',
      't.name_en',
      sql<number>`(select count(*) from story_topics st join stories s on s.id = st.story_id where st.topic_id = t.id and s.status = 'published')`.as(
        'n',
      ),
    ])
    .orderBy('t.slug')
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: { fr: r.name_fr, en: r.name_en }, stories: Number(r.n) }));
}

export async function getTopic(anyDb: AnyDb, slug: string): Promise<Topic | null> {
  const db = catalogDb(anyDb);
  return (await listTopics(db)).find((t) => t.slug === slug) ?? null;
}

/** Slugs among `slugs` that name a topic. */
export async function existingTopicSlugs(anyDb: AnyDb, slugs: string[]): Promise<Set<string>> {
  const db = catalogDb(anyDb);
  if (slugs.length === 0) return new Set();
  const rows = await db.selectFrom('topics').select('slug').where('slug', 'in', slugs).execute();
  return new Set(rows.map((r) => r.slug));
}

/** False when the slug is taken. */
export async function insertTopic(anyDb: AnyDb, topic: { slug: string; name: { fr: string; en: string } }) {
  const db = catalogDb(anyDb);
  const row = await db
    .insertInto('topics')
    .values({ slug: topic.slug, name_fr: topic.name.fr, name_en: topic.name.en })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Renames a topic and/or changes its slug: 'not_found', 'slug_taken' or 'ok'. */
export async function updateTopic(
  anyDb: AnyDb,
  slug: string,
  change: { slug?: string; name?: { fr: string; en: string } },
): Promise<'ok' | 'not_found' | 'slug_taken'> {
  const db = catalogDb(anyDb);
  const current = await db.selectFrom('topics').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!current) return 'not_found';
  if (change.slug && change.slug !== slug) {
    const other = await db
      .selectFrom('topics')
      .select('id')
      .where('slug', '=', change.slug)
      .executeTakeFirst();
    if (other) return 'slug_taken';
  }
  await db
    .updateTable('topics')
    .set({
      ...(change.slug ? { slug: change.slug } : {}),
      ...(change.name ? { name_fr: change.name.fr, name_en: change.name.en } : {}),
    })
    .where('id', '=', current.id)
    .execute();
  return 'ok';
}
