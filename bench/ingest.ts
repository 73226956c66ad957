/**
 * Ingest benchmark: a 10-minute 1080i50 XDCAM HD422 master (MPEG-2 4:2:2 50 Mb/s, 8 mono PCM, MXF),
 * through `ingestMaster` (src/media/ingest.ts):
 *   header-only probe → preview (HLS, 2 rungs, sprites, poster) started at once, while
 *   store (sha256 copy) → counted probe → keyframe index run beside it.
 * `--preview-only` runs the preview alone (header probe + preview).
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
import { ingestMaster } from '../src/media/ingest.ts';
import { buildPreview } from '../src/media/preview.ts';
import { probeMedia } from '../src/media/probe.ts';
import type { MediaInfo } from '../src/media/types.ts';
import { createLocalStorage } from '../src/platform/storage/index.ts';
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
  console.log(`${seconds}-s XDCAM master (generated once into .cache: minutes the first time)…`);
  const path = await xdcamMxfMaster({ seconds });
  console.log(`  ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
  let segments = 0;
  const ticker = setInterval(() => process.stdout.write(`\r  preview segments: ${segments}   `), 2000);
  const onSegment = ({ rung, segments: n }: { rung: string; segments: number }) => {
    if (rung === '720p') segments = n;
  };

  const t0 = performance.now();
  let durationSeconds: number;
  let describe: string;
  if (values['preview-only']) {
    const quick = await probeMedia(master, { countFrames: false });
    let previewable: number | null = null;
    const manifest = await buildPreview({
      masterPath: master,
      source: quick,
      storage: createLocalStorage(work),
      key: 'preview',
      onSegment,
      onPreviewable: () => {
        previewable = performance.now() - t0;
      },
    });
    const total = performance.now() - t0;
    durationSeconds = quick.durationSeconds;
    describe = describeInfo(quick, size);
    clearInterval(ticker);
    report(master, describe, load, previewable, total, durationSeconds, manifest.rungs);
  } else {
    const result = await ingestMaster({
      sourcePath: master,
      storage: createLocalStorage(join(work, 'media')),
      previewKey: 'preview',
      onSegment,
    });
    const total = performance.now() - t0;
    clearInterval(ticker);
    const { timings, info, index } = result;
    durationSeconds = info.durationSeconds;
    describe = describeInfo(info, size);
    report(
      master,
      describe,
      load,
      timings.previewable,
      timings.preview,
      durationSeconds,
      result.preview.rungs,
    );
    console.log(
      `store (sha256 + copy) done at ${s(timings.store)} (${(size / 1e6 / (timings.store / 1000)).toFixed(0)} MB/s), ` +
        `counted probe at ${s(timings.probe)}, keyframe index at ${s(timings.index)} ` +
        `(${index.keyframes.length} keyframes, ${info.durationFrames} frames, GOP ${info.video.gopSize})`,
    );
    console.log(`ingest wall time (all steps, in parallel): ${s(total)}`);
  }
  if (!values.keep) await rm(work, { recursive: true, force: true });
}

function describeInfo(info: MediaInfo, size: number): string {
  const v = info.video;
  return (
    `${v.codec} ${v.profile} ${v.width}x${v.height} ${v.scan} ${v.frameRate.num}/${v.frameRate.den}, ` +
    `${info.audio.length} audio streams, ${info.durationSeconds} s, ${(size / 1e9).toFixed(2)} GB`
  );
}

function report(
  master: string,
  describe: string,
  load: string,
  previewable: number | null,
  previewMs: number,
  durationSeconds: number,
  rungs: { name: string; segments: number }[],
): void {
  process.stdout.write('\n');
  console.log(`master: ${master}\n  ${describe}`);
  console.log(`load average at start: ${load} (2 cores)`);
  console.log(`first preview segment playable: ${s(previewable ?? Number.NaN)} after ingest start`);
  console.log(
    `preview (2 rungs + sprites + poster) done at ${s(previewMs)}: ` +
      `${(durationSeconds / (previewMs / 1000)).toFixed(2)}x real time, ` +
      rungs.map((r) => `${r.name} ${r.segments} segments`).join(', '),
  );
}

await main();
