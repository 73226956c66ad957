/**
 * Search test content, written through the owners' own tables as the newsroom would: the demo stories
 * (FR/EN), one story only in French, one only in English with a video and its shotlist, a scheduled
 * story, an embargoed (hidden) video and a story whose text holds markup.
 */
import type { Kysely } from 'kysely';
import { demoVideoId, seedDemoContent } from '../../src/catalog/demo.ts';
import { DEMO_STORIES } from '../../src/catalog/demo-stories.ts';
import { createDownloadsRepository } from '../../src/downloads/repository.ts';
import type { Database } from '../../src/platform/db/schema.ts';

type Db = Kysely<Database>;

export const SHOTS = [
  {
    inFrame: 0,
    outFrame: 100,
    fr: 'Plan large du port au lever du jour',
    en: 'Wide shot of the harbour at dawn',
  },
  {
    inFrame: 100,
    outFrame: 250,
    fr: 'Gros plan sur la proue du remorqueur',
    en: 'Close-up of the tugboat bow',
  },
  {
    inFrame: 250,
    outFrame: 400,
    fr: 'Le pilote salue depuis la passerelle',
    en: 'The pilot waves from the bridge',
  },
];

export async function addStory(
  db: Db,
  story: {
    slug: string;
    publishedAt: Date;
    fr?: { title: string; standfirst: string; body: string };
    en?: { title: string; standfirst: string; body: string };
    videoId?: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('stories')
    .values({ slug: story.slug, published_at: story.publishedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const lang of ['fr', 'en'] as const) {
    const t = story[lang];
    if (t)
      await db
        .insertInto('story_translations')
        .values({ story_id: id, language: lang, ...t })
        .execute();
  }
  if (story.videoId)
    await db
      .insertInto('story_videos')
      .values({ story_id: id, video_id: story.videoId, position: 0 })
      .execute();
  return id;
}

async function addVideo(db: Db, id: string, titleFr: string, titleEn: string, shotlist = SHOTS) {
  await db
    .insertInto('videos')
    .values({
      id,
      title_fr: titleFr,
      title_en: titleEn,
      status: 'ready',
      fps_num: 25,
      fps_den: 1,
      duration_frames: 400,
      start_timecode: '10:00:00:00',
      // What the clip editor needs to show (the master is not read by these tests).
      master_sha256: 'ab'.repeat(32),
      master_size: 1000,
      info: JSON.stringify({
        container: 'mov,mp4,m4a,3gp,3g2,mj2',
        containerFamily: 'mp4',
        sizeBytes: 1000,
        bitrate: null,
        durationSeconds: 16,
        durationFrames: 400,
        startTimecode: '10:00:00:00',
        dropFrame: false,
        video: { codec: 'h264', width: 320, height: 180 },
        audio: [],
      }),
      shotlist: JSON.stringify(shotlist),
    })
    .execute();
}

export async function seedSearchContent(db: Db): Promise<void> {
  // The demo's videos, then its stories as published rows (the portal writes them through the
  // newsroom; the index only needs them published).
  await seedDemoContent(db);
  for (const story of DEMO_STORIES) {
    const id = await addStory(db, {
      slug: story.slug,
      publishedAt: new Date(story.publishedAt),
      fr: story.fr,
      en: story.en,
      videoId: demoVideoId(story, 0),
    });
    for (let position = 1; position < story.videos.length; position += 1)
      await db
        .insertInto('story_videos')
        .values({ story_id: id, video_id: demoVideoId(story, position), position })
        .execute();
  }
  await addStory(db, {
    slug: 'marais-salants-valmora',
    publishedAt: new Date('2026-10-01T09:00:00Z'),
    fr: {
      title: 'Les marais salants de Valmora retrouvent leurs sauniers',
      standfirst: 'Trois familles relancent la récolte du sel sur la côte de Valmora.',
      body: 'Les sauniers récoltent la fleur de sel à la main, comme autrefois.\n\nLa coopérative vend sa production aux restaurants de la région.',
    },
  });
  await addVideo(db, 'vid-tug', 'Remorqueur en manœuvre', 'Tugboat manoeuvring');
  await addStory(db, {
    slug: 'harbour-pilots-simulator',
    publishedAt: new Date('2026-09-15T09:00:00Z'),
    en: {
      title: 'Harbour pilots of Valmora train on a new tugboat simulator',
      standfirst: 'The simulator reproduces storms, fog and heavy traffic in the port.',
      body: 'Pilots spend two days a year in the simulator.\n\nThe centre opened in September.',
    },
    videoId: 'vid-tug',
  });
  await addStory(db, {
    slug: 'scheduled-zeppelin',
    publishedAt: new Date(Date.now() + 7 * 86_400_000),
    fr: { title: 'Le zeppelin reviendra', standfirst: 'Bientôt.', body: 'Zeppelin au-dessus du port.' },
    en: { title: 'The zeppelin will return', standfirst: 'Soon.', body: 'Zeppelin over the harbour.' },
  });
  await addVideo(db, 'vid-hidden', 'Les cormorans du cap', 'Cormorants of the cape', []);
  await addStory(db, {
    slug: 'birds-of-the-cape',
    publishedAt: new Date('2026-08-01T09:00:00Z'),
    fr: { title: 'Oiseaux du cap', standfirst: 'Un recensement.', body: 'Les ornithologues comptent.' },
    en: { title: 'Birds of the cape', standfirst: 'A census.', body: 'Ornithologists count.' },
    videoId: 'vid-hidden',
  });
  await createDownloadsRepository(db).setUsage('vid-hidden', {
    embargoUntil: new Date(Date.now() + 7 * 86_400_000),
    embargoKind: 'hidden',
  });
  await addStory(db, {
    slug: 'markup-story',
    publishedAt: new Date('2026-07-01T09:00:00Z'),
    en: {
      title: 'Quokka <b>census</b> & "markup"',
      standfirst: 'The quokka count <script>alert(1)</script> is up.',
      body: 'Quokka numbers rose.',
    },
  });
}
