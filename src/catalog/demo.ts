/** The demo's video rows (their masters are rendered by a job) and what names them. */
import { addVideoIfMissing } from '../media/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { catalogDb } from './db.ts';
import { DEMO_STORIES } from './demo-stories.ts';
import type { DemoStory } from './demo-types.ts';

export interface SeededVideo {
  videoId: string;
  variant: number;
  seconds: number;
}

/** Demo masters are 1080p50. */
const DEMO_FPS = 50;

const DEMO_SHOTS: { fr: string; en: string }[] = [
  { fr: 'Plan d’ensemble : la mire en mouvement', en: 'Wide shot: the moving test pattern' },
  { fr: 'Plan moyen : le timecode incrusté', en: 'Medium shot: the burned-in timecode' },
  { fr: 'Gros plan : le motif de la démonstration', en: 'Close-up: the demo pattern' },
  { fr: 'Plan de coupe : fin de la séquence', en: 'Cutaway: end of the sequence' },
];

/** Four shots of equal length covering the demo video (half-open frame ranges). */
export function demoShotlist(totalFrames: number) {
  const length = Math.floor(totalFrames / DEMO_SHOTS.length);
  return DEMO_SHOTS.map((shot, i) => ({
    inFrame: i * length,
    outFrame: i === DEMO_SHOTS.length - 1 ? totalFrames : (i + 1) * length,
    ...shot,
  }));
}

/** The demo stories, every video `seconds` long when given (DEMO_SECONDS), else as written. */
export function demoStories(seconds: number | null): DemoStory[] {
  if (seconds === null) return DEMO_STORIES;
  return DEMO_STORIES.map((story) => ({
    ...story,
    videos: story.videos.map((video) => ({ ...video, seconds })),
  }));
}

export function demoVideoId(story: DemoStory, index: number): string {
  return `demo-${story.slug}-${index + 1}`;
}

/**
 * Inserts the demo's video rows that are missing; returns every demo video so their jobs can be
 * (re)queued. The stories themselves are written by the newsroom's service (newsroom/demo.ts), as an
 * editor would, with these videos as their media.
 */
export async function seedDemoContent(
  anyDb: AnyDb,
  stories: DemoStory[] = DEMO_STORIES,
): Promise<SeededVideo[]> {
  const db = catalogDb(anyDb);
  return db.transaction().execute(async (trx) => {
    const videos: SeededVideo[] = [];
    for (const story of stories) {
      for (const [index, video] of story.videos.entries()) {
        const videoId = demoVideoId(story, index);
        await addVideoIfMissing(trx, {
          id: videoId,
          titleFr: video.titleFr,
          titleEn: video.titleEn,
          shotlist: demoShotlist(video.seconds * DEMO_FPS),
        });
        videos.push({ videoId, variant: video.variant, seconds: video.seconds });
      }
    }
    return videos;
  });
}

export async function isCatalogEmpty(anyDb: AnyDb): Promise<boolean> {
  const db = catalogDb(anyDb);
  const row = await db.selectFrom('stories').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
