/**
 * Benchmarks' fixtures: a published story in both languages to hang ingested masters on (videos in
 * no published story are editors-only), and generated masters with noise.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../src/platform/db/schema.ts';
import { runFfmpeg } from '../src/platform/ffmpeg/run.ts';

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

/**
 * A 50p H.264 master with noise (so it does not compress), cached under `cacheDir`: 1080p at about
 * 105 MB a second (qp 10), 720p at about 38 MB a second (qp 14).
 */
export async function noiseMaster(
  cacheDir: string,
  options: { height: 720 | 1080; seconds: number },
): Promise<string> {
  const size = options.height === 1080 ? '1920x1080' : '1280x720';
  const qp = options.height === 1080 ? '10' : '14';
  const path = join(cacheDir, `master-${options.height}p50-noise-${options.seconds}s.mp4`);
  if (existsSync(path)) return path;
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp.mp4`;
  const seconds = options.seconds;
  await runFfmpeg([
    ...['-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=50:duration=${seconds},noise=alls=20:allf=t`],
    ...['-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', qp, '-g', '50', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-timecode', '10:00:00:00', '-movflags', '+faststart', '-f', 'mp4', temporary],
  ]);
  await rename(temporary, path);
  return path;
}
