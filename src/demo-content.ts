/**
 * The demo content (composition root): stories, videos, a photo gallery, an audio item, download
 * history and the institution's logo, each written through its own feature's service as an editor's
 * or an admin's work would be; the demo masters are queued to render in the background.
 */
import type { createAudio } from './audio/module.ts';
import { demoStories } from './catalog/demo.ts';
import type { createCatalog } from './catalog/module.ts';
import type { createDownloads } from './downloads/module.ts';
import type { createMedia } from './media/module.ts';
import { seedDemoStories } from './newsroom/demo.ts';
import type { createNewsroom } from './newsroom/module.ts';
import type { createPhotos } from './photos/module.ts';
import type { AnyDb } from './platform/db/schema.ts';
import type { createSearch } from './search/module.ts';
import { seedDemoLogo } from './settings/demo-logo.ts';
import type { Settings } from './settings/public.ts';

export interface DemoFeatures {
  db: AnyDb;
  catalog: ReturnType<typeof createCatalog>;
  photos: ReturnType<typeof createPhotos>;
  audio: ReturnType<typeof createAudio>;
  newsroom: ReturnType<typeof createNewsroom>;
  downloads: ReturnType<typeof createDownloads>;
  media: ReturnType<typeof createMedia>;
  search: ReturnType<typeof createSearch>;
  settings: Settings;
  /** DEMO_SECONDS: every demo video this long, or each story's own length (null). */
  seconds: number | null;
  /** Where the demo's generated masters, photos and sound are kept. */
  masterDir: string;
  clock?: () => Date;
}

/** Seeds the demo; returns the demo videos' ids (their masters render in the background). */
export async function seedDemoContent(f: DemoFeatures): Promise<string[]> {
  const demo = demoStories(f.seconds);
  const videos = await f.catalog.seedDemoVideos(demo);
  const extras = {
    photos: await f.photos.seedDemo(f.masterDir),
    audio: await f.audio.seedDemo(f.masterDir),
  };
  await seedDemoStories(
    { db: f.db, stories: f.newsroom.stories, topics: f.newsroom.topics, clock: f.clock },
    demo,
    extras,
  );
  await f.downloads.seedDemoUsage(videos.map((v) => v.videoId));
  await seedDemoLogo(f.settings, { id: null, name: 'demo' });
  await f.media.queueDemoMasters(videos);
  await f.search.reindexAll();
  return videos.map((v) => v.videoId);
}
