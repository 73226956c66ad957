/**
 * Ingest benchmark: a 10-minute 1080i50 XDCAM HD422 master (MPEG-2 4:2:2 50 Mb/s, 8 mono PCM, MXF),
 * through the media core the way an ingest job runs it:
 *   header-only probe → preview (HLS, 2 rungs, sprites, poster) started at once, while
 *   store (sha256 copy) → counted probe → keyframe index run beside it.
 * Prints the time until the first preview segment is playable (from the start of ingest) and the
 * preview's speed as a multiple of real time, with each step's time.
 *
 *   npx tsx bench/ingest.ts [--master PATH] [--seconds 600] [--preview-only] [--keep]
 *
 * The master is generated once into .cache (reusing .cache/bench-clip's identical XDCAM master when
 * the clip benchmark already made it).
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildKeyframeIndex } from '../src/media/keyframe-index.ts';
import { buildPreview } from '../src/media/preview.ts';
import { probeMedia } from '../src/media/probe.ts';
import { storeMaster } from '../src/media/store.ts';
import { xdcamMxfMaster } from '../test/support/masters.ts';

const { values } = parseArgs({
  options: {
    master: { type: 'string' },
    seconds: { type: 'string', default: '600' },
    'preview-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const root = resolve(import.meta.dirname, '..');
const seconds = Number(values.seconds);

async function masterPath(): Promise<string> {
  if (values.master) return resolve(values.master);
  const clipBench = join(root, '.cache', 'bench-clip', `xdcam-1080i50-${seconds}s.mxf`);
  if (existsSync(clipBench)) return clipBench;
  const started = Date.now();
  console.log(`generating the ${seconds}-s XDCAM master once (minutes)…`);
  const path = await xdcamMxfMaster({ seconds });
  console.log(`  generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return path;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const master = await masterPath();
  const work = join(root, '.cache', 'bench-ingest', `run-${process.pid}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const { size } = await stat(master);
  const load = loadavg()[0]!.toFixed(2);

  const t0 = performance.now();
  const quick = await probeMedia(master, { countFrames: false });
  const tQuick = performance.now() - t0;
  let tFirst: number | null = null;
  let segments = 0;
  const preview = buildPreview({
    masterPath: master,
    source: quick,
    outDir: join(work, 'preview'),
    onPreviewable: () => {
      tFirst = performance.now() - t0;
    },
    onSegment: ({ rung, segments: n }) => {
      if (rung === '720p') segments = n;
    },
  }).then((manifest) => ({ manifest, ms: performance.now() - t0 - tQuick }));

  const steps: Record<string, number> = {};
  const sideJobs = values['preview-only']
    ? Promise.resolve(null)
    : (async () => {
        let t = performance.now();
        const stored = await storeMaster(master, join(work, 'media'));
        steps.store = performance.now() - t;
        t = performance.now();
        const info = await probeMedia(stored.path);
        steps.probe = performance.now() - t;
        t = performance.now();
        const index = await buildKeyframeIndex(stored.path, info);
        steps.index = performance.now() - t;
        return { info, index };
      })();

  const ticker = setInterval(() => process.stdout.write(`\r  preview segments: ${segments}   `), 2000);
  const [{ manifest, ms: previewMs }, side] = await Promise.all([preview, sideJobs]);
  clearInterval(ticker);
  const total = performance.now() - t0;
  process.stdout.write('\n');

  console.log(`master: ${master}`);
  console.log(
    `  ${quick.video.codec} ${quick.video.profile} ${quick.video.width}x${quick.video.height} ` +
      `${quick.video.scan} ${quick.video.frameRate.num}/${quick.video.frameRate.den}, ` +
      `${quick.audio.length} audio streams, ${quick.durationSeconds} s, ${(size / 1e9).toFixed(2)} GB`,
  );
  console.log(`load average at start: ${load} (2 cores)`);
  console.log(`header-only probe:             ${s(tQuick)}`);
  console.log(`first preview segment playable: ${s(tFirst ?? Number.NaN)} after ingest start`);
  console.log(
    `preview (2 rungs + sprites + poster): ${s(previewMs)}, ` +
      `${(quick.durationSeconds / (previewMs / 1000)).toFixed(2)}x real time, ` +
      `${manifest.rungs.map((r) => `${r.name} ${r.segments} segments`).join(', ')}`,
  );
  if (side) {
    console.log(
      `store (sha256 + copy): ${s(steps.store!)} (${(size / 1e6 / (steps.store! / 1000)).toFixed(0)} MB/s)` +
        `, counted probe: ${s(steps.probe!)}, keyframe index: ${s(steps.index!)} ` +
        `(${side.index.keyframes.length} keyframes, ${side.info.durationFrames} frames)`,
    );
  }
  console.log(`ingest wall time (all steps, in parallel): ${s(total)}`);
  if (!values.keep) await rm(work, { recursive: true, force: true });
}

await main();
