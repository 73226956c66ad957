/** Benchmarks' fixture: a published story in both languages to hang ingested masters on (videos in no published story are editors-only). */
import type { Kysely } from 'kysely';
import type { Database } from '../src/platform/db/schema.ts';

export async function publishedStory(db: Kysely<Database>, slug: string): Promise<void> {
  const story = await db
    .insertInto('stories')
    .values({ slug, published_at: new Date(Date.now() - 3600_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('story_translations')
    .values(
      (['fr', 'en'] as const).map((language) => ({
        story_id: story.id,
        language,
        title: `${slug} ${language}`,
        standfirst: 'Standfirst.',
        body: 'Body.',
      })),
    )
    .execute();
}
