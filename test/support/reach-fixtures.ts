/**
 * Feed, sitemap and preview test content on top of the search fixtures: a story in both languages
 * whose titles hold `</script>`, quotes and ampersands, in a topic, showing a really ingested video
 * (real poster, duration, and a shotlist set afterwards); a ready video under an `available` embargo
 * (with a poster path) in its own published story; a draft story.
 */
import type { Kysely } from 'kysely';
import { createDownloadsRepository } from '../../src/downloads/repository.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { addStory } from './search-fixtures.ts';

type Db = Kysely<Database>;

export const TRICKY = {
  fr: {
    title: 'Le « port » </script><script>alert("x")</script> & \'quais\'',
    standfirst: 'Chapô avec </script> et "guillemets" & esperluette.',
    body: 'Le port de Valmora.',
  },
  en: {
    title: 'The "harbour" </script><b>bold</b> & \'quays\'',
    standfirst: 'Standfirst with </script> and "quotes" & ampersand.',
    body: 'The port of Valmora.',
  },
};

export const INGESTED_TITLE = 'Quillwort estuary survey';

export async function seedReachContent(db: Db): Promise<{ trickyId: number }> {
  const trickyId = await addStory(db, {
    slug: 'reach-story',
    publishedAt: new Date('2026-11-20T09:00:00Z'),
    fr: TRICKY.fr,
    en: TRICKY.en,
  });
  const topic = await db
    .insertInto('topics')
    .values({ slug: 'ports', name_fr: 'Ports & quais', name_en: 'Ports & quays' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('story_topics')
    .values({ story_id: trickyId, topic_id: topic.id, position: 0 })
    .execute();
  await db
    .insertInto('videos')
    .values({
      id: 'vid-embargo',
      title_fr: 'Zeppelin secret',
      title_en: 'Secret zeppelin',
      status: 'ready',
      fps_num: 25,
      fps_den: 1,
      duration_frames: 250,
      start_timecode: '10:00:00:00',
      poster_path: 'previews/vid-embargo/poster.jpg',
      preview_state: 'complete',
      shotlist: '[]',
    })
    .execute();
  await addStory(db, {
    slug: 'embargo-story',
    publishedAt: new Date('2026-11-10T09:00:00Z'),
    fr: { title: 'Un dirigeable', standfirst: 'Bientôt.', body: 'Texte.' },
    en: { title: 'An airship', standfirst: 'Soon.', body: 'Text.' },
    videoId: 'vid-embargo',
  });
  await createDownloadsRepository(db).setUsage('vid-embargo', {
    embargoUntil: new Date(Date.now() + 7 * 86_400_000),
    embargoKind: 'available',
  });
  const draft = await db
    .insertInto('stories')
    .values({ slug: 'draft-story', published_at: null, status: 'draft' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('story_translations')
    .values({ story_id: draft.id, language: 'en', title: 'Draft quillwort', standfirst: 'No.', body: 'No.' })
    .execute();
  return { trickyId };
}
