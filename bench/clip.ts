/**
 * bench/clip: a 60-s clip starting mid-GOP from 10-minute masters (H.264 1080p50 long GOP MP4,
 * MPEG-2 XDCAM HD422 1080i50 MXF), smart cut against the floor (`ffmpeg -ss … -c copy`) and a full
 * re-encode of the range with the same settings, in the same run, and what verifying the clip
 * before delivery costs (src/clips/verify: the job's check of every clip), alone and as the job runs
 * it (makeVerifiedClip: the master's side of it beside the cut). Prints times and ratios.
 *
 *   npx tsx bench/clip.ts [--seconds 600] [--runs 3] [--skip-reencode] [--skip-whole] [--only h264|xdcam]
 *                         [--resident both|on|off]
 *
 * Masters are generated once into .cache/bench-clip (a few minutes). Probing and indexing are
 * ingest work and not timed; the smart cut plans from the stored index.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMasterCache } from '../src/clips/execute/master-cache.ts';
import { executeClip } from '../src/clips/execute/smartcut.ts';
import { type ClipPlan, planClip } from '../src/clips/plan/plan.ts';
import { makeVerifiedClip } from '../src/clips/verify/make.ts';
import { verifyClip } from '../src/clips/verify/verify.ts';
import { buildKeyframeIndex } from '../src/media/keyframe-index.ts';
import { probeMedia } from '../src/media/probe.ts';
import type { KeyframeIndex, MediaInfo } from '../src/media/types.ts';
import { createResidentEncoder } from '../src/platform/ffmpeg/resident-encoder.ts';
import { runFfmpeg } from '../src/platform/ffmpeg/run.ts';
import { ensureBenchMasters } from './clip-masters.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    runs: { type: 'string', default: '3' },
    'skip-reencode': { type: 'boolean', default: false },
    only: { type: 'string' },
    resident: { type: 'string', default: 'both' },
    'skip-whole': { type: 'boolean', default: false },
  },
});
// As a clip worker has them (src/clips/module.ts): one resident encoder and one master cache.
const residentEncoder = createResidentEncoder();
const masterCache = createMasterCache();
const runs = Number(values.runs);
const root = join(process.cwd(), '.cache', 'bench-clip');
// Per process: another bench running at the same time (another branch) has its own outputs.
const work = join(root, `out-${process.pid}`);

interface Measure {
  /** Wall-clock seconds. */
  wall: number;
  /** CPU seconds (user + system) of this process and the ffmpeg processes it ran. */
  cpu: number;
}

/** utime + stime (+ cutime + cstime) of a process from /proc (100 Hz ticks), in seconds. */
function processCpu(pid: number | 'self', children: boolean): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0; // not running
  }
  const fields = stat.split(') ')[1]!.split(' ');
  // utime, stime, cutime, cstime are fields 14-17 of stat, 12-15 after the command name.
  return (children ? [11, 12, 13, 14] : [11, 12]).reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
}

/**
 * CPU seconds used so far by this process, its reaped children (the ffmpeg processes) and the
 * resident encoder, which is never reaped while the bench runs.
 */
function cpuSeconds(): number {
  const resident = residentEncoder?.pid;
  return processCpu('self', true) + (resident ? processCpu(resident, false) : 0);
}

async function timed(fn: () => Promise<unknown>): Promise<Measure> {
  const cpu = cpuSeconds();
  const start = performance.now();
  await fn();
  return { wall: (performance.now() - start) / 1000, cpu: cpuSeconds() - cpu };
}

/**
 * `runs` timed runs of each job, taken in turns (copy, smart cut, copy, …) so that both see the
 * same conditions on a shared machine; in run order, by job. Each run writes a new file, as a clip
 * job does (replacing a file of hundreds of MB would add its unlinking to the time): the job's
 * output is removed before, untimed.
 */
async function interleavedRuns(
  jobs: { run: () => Promise<unknown>; output: string }[],
): Promise<Measure[][]> {
  const measures: Measure[][] = jobs.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, job] of jobs.entries()) {
      await rm(job.output, { force: true });
      measures[j]!.push(await timed(job.run));
    }
  }
  return measures;
}

function median(list: readonly Measure[]): Measure {
  return [...list].sort((a, b) => a.wall - b.wall)[Math.floor(list.length / 2)]!;
}

/** First frame of the range: half a GOP after a keyframe about a fifth into the master. */
function midGopRange(index: KeyframeIndex, clipFrames: number): [number, number] {
  const keyframes = index.keyframes;
  const k = keyframes[Math.floor(keyframes.length / 5)]!;
  const next = keyframes[keyframes.indexOf(k) + 1]!;
  const inFrame = k.frame + Math.floor((next.frame - k.frame) / 2) + 1;
  return [inFrame, inFrame + clipFrames];
}

interface Row {
  name: string;
  copy: Measure;
  /** Smart cuts by executor: with the resident encoder, with ffmpeg processes only. */
  smart: { label: string; measure: Measure }[];
  reencode: Measure | null;
  /** Verifying the smart cut's file as the clip job does (median). */
  verify: Measure;
  /** The clip job: cut and verification as makeVerifiedClip runs them (median), and its copies. */
  job: Measure;
  jobCopy: Measure;
  measureReencode: () => Promise<Measure>;
  plan: ClipPlan;
}

async function bench(name: string, path: string): Promise<Row> {
  const media: MediaInfo = await probeMedia(path);
  const index = await buildKeyframeIndex(path, media);
  const fps = index.frameRate.num / index.frameRate.den;
  const [inFrame, outFrame] = midGopRange(index, Math.round(60 * fps));
  const plan = planClip({ index, media, inFrame, outFrame, profile: 'broadcast' });
  const ext = plan.container;
  const start = ((inFrame * index.frameRate.den) / index.frameRate.num).toFixed(6);
  const copyOut = join(work, `${name}-copy.${ext}`);
  const fullOut = join(work, `${name}-full.${ext}`);
  const copy = () =>
    runFfmpeg([
      '-v',
      'error',
      '-y',
      '-ss',
      start,
      '-i',
      path,
      '-t',
      '60',
      ...['-map', '0:v', '-map', '0:a'],
      '-c',
      'copy',
      copyOut,
    ]);
  // The smart cut with its edges in the resident encoder, and in ffmpeg processes.
  const executors = [
    ...(values.resident !== 'off' && residentEncoder
      ? [{ label: 'resident encoder', resident: residentEncoder }]
      : []),
    ...(values.resident !== 'on' ? [{ label: 'ffmpeg processes', resident: null }] : []),
  ];
  const smartJobs = executors.map(({ label, resident }) => {
    const output = join(work, `${name}-smart-${label.split(' ')[0]}.${ext}`);
    const run = () =>
      executeClip({
        masterPath: path,
        media,
        plan,
        outputPath: output,
        residentEncoder: resident,
        masterCache,
      });
    return { label, run, output };
  });
  // Warm the page cache for every reader before timing; the first smart cut also starts the
  // resident encoder (timed: the first clip after the portal starts).
  await copy();
  for (const job of smartJobs) {
    const first = await timed(job.run);
    console.log(
      `${name}, ${job.label}: first cut ${first.wall.toFixed(2)} s (CPU ${first.cpu.toFixed(2)} s)`,
    );
  }
  const [copyRuns, ...smartRuns] = await interleavedRuns([{ run: copy, output: copyOut }, ...smartJobs]);
  const parts = plan.parts.map((p) => `${p.kind} ${p.endFrame - p.startFrame}`).join(', ');
  console.log(`${name}: [${inFrame}, ${outFrame}) ${plan.method}: ${parts}`);
  for (const [j, runs] of smartRuns.entries()) {
    // Each smart cut against the copy timed just before it: how the ratio spreads between runs.
    const pairs = runs.map((smartRun, i) => smartRun.wall / copyRuns![i]!.wall).sort((a, b) => a - b);
    console.log(
      `  ${smartJobs[j]!.label}: smart / copy, run by run: ${pairs[0]!.toFixed(1)}× to ` +
        `${pairs.at(-1)!.toFixed(1)}×, ${pairs.filter((r) => r <= 5).length} of ${pairs.length} runs ≤ 5×`,
    );
  }
  // Verification of the last smart cut's file, as the clip job runs it before marking it ready.
  const verifyRuns: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    let failures: string[] = [];
    verifyRuns.push(
      await timed(async () => {
        const verification = await verifyClip({
          clipPath: smartJobs[0]!.output,
          masterPath: path,
          media,
          plan,
          index,
          masterCache,
          residentEncoder: executors[0]!.resident,
        });
        failures = verification.failures.map((f) => `${f.code}: ${f.detail}`);
      }),
    );
    if (failures.length > 0) console.log(`  verification FAILED: ${failures.join('; ')}`);
  }
  const verify = median(verifyRuns);
  console.log(
    `  verification: ${verify.wall.toFixed(2)} s (CPU ${verify.cpu.toFixed(2)} s), median of ${runs}`,
  );
  // The clip job as it runs (src/clips/verify/make.ts): cut and verification, the master's side of
  // the verification beside the cut; in turns with the copy, as above.
  const jobOutput = join(work, `${name}-job.${ext}`);
  const [jobCopies, jobRuns] = await interleavedRuns([
    { run: copy, output: copyOut },
    {
      run: async () => {
        const made = await makeVerifiedClip({
          masterPath: path,
          media,
          plan,
          index,
          outputPath: jobOutput,
          residentEncoder: executors[0]!.resident,
          masterCache,
        });
        if (made.remade) console.log(`  job: verification FAILED, remade: ${made.notes[0]}`);
      },
      output: jobOutput,
    },
  ]);
  const job = median(jobRuns!);
  const jobPairs = jobRuns!.map((run, i) => run.wall / jobCopies![i]!.wall).sort((a, b) => a - b);
  console.log(
    `  job (cut + verification, ${executors[0]!.label}): ${job.wall.toFixed(2)} s (CPU ${job.cpu.toFixed(2)} s), ` +
      `job / copy run by run ${jobPairs[0]!.toFixed(1)}× to ${jobPairs.at(-1)!.toFixed(1)}× ` +
      `(copy ${median(jobCopies!).wall.toFixed(2)} s, CPU ${median(jobCopies!).cpu.toFixed(2)} s)`,
  );
  // The previous method, for comparison: the whole clip decoded (one run: it is the slow one).
  const whole = values['skip-whole']
    ? { wall: 0, cpu: 0 }
    : await timed(() =>
        verifyClip({
          clipPath: smartJobs[0]!.output,
          masterPath: path,
          media,
          plan,
          index,
          wholeDecode: true,
        }),
      );
  console.log(
    `  verification decoding the whole clip (before session 9): ${whole.wall.toFixed(2)} s (CPU ${whole.cpu.toFixed(2)} s), one run`,
  );
  const reencode = async (): Promise<Measure> => {
    const whole: ClipPlan = {
      ...plan,
      method: 'reencode',
      parts: [
        {
          kind: 'encode',
          startFrame: inFrame,
          endFrame: outFrame,
          decodeFrom: [...index.keyframes].reverse().find((k) => k.frame <= inFrame)!,
        },
      ],
    };
    return timed(() =>
      // The reference is the ffmpeg command a re-encode runs (not the resident encoder, which would
      // make it a little faster for XDCAM: 23.5 s against 29.8–34.4 s in bench/README.md's runs).
      executeClip({
        masterPath: path,
        media,
        plan: whole,
        outputPath: fullOut,
        x264Effort: 'matched',
        residentEncoder: null,
        masterCache,
      }),
    );
  };
  return {
    name,
    copy: median(copyRuns!),
    smart: smartRuns.map((runs, j) => ({ label: smartJobs[j]!.label, measure: median(runs) })),
    reencode: null,
    verify,
    job,
    jobCopy: median(jobCopies!),
    measureReencode: reencode,
    plan,
  };
}

await mkdir(work, { recursive: true });
const only = values.only as 'h264' | 'xdcam' | undefined;
const masters = await ensureBenchMasters(root, Number(values.seconds), only);
const rows: Row[] = [];
if (!only || only === 'h264') rows.push(await bench('H.264 1080p50 MP4', masters.h264));
if (!only || only === 'xdcam') rows.push(await bench('XDCAM HD422 1080i50 MXF', masters.xdcam));
// Re-encodes last: minutes of full load can slow the machine (CPU credits) for the short runs after.
if (!values['skip-reencode']) for (const row of rows) row.reencode = await row.measureReencode();
await rm(work, { recursive: true, force: true });
await residentEncoder?.close();

console.log('');
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
console.log(
  '| master | `-ss … -c copy` (floor) | smart cut | full re-encode | smart / copy | re-encode / smart | verification | smart + verification / copy | re-encode / (smart + verification) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  const { copy, reencode } = row;
  const full = reencode ? `${reencode.wall.toFixed(1)} s (CPU ${reencode.cpu.toFixed(1)} s)` : '–';
  for (const { label, measure: smart } of row.smart) {
    const speedup = reencode
      ? `${ratio(reencode.wall, smart.wall)} (CPU ${ratio(reencode.cpu, smart.cpu)})`
      : '–';
    const checked = { wall: smart.wall + row.verify.wall, cpu: smart.cpu + row.verify.cpu };
    const checkedSpeedup = reencode
      ? `${ratio(reencode.wall, checked.wall)} (CPU ${ratio(reencode.cpu, checked.cpu)})`
      : '–';
    console.log(
      `| ${row.name} | ${copy.wall.toFixed(2)} s (CPU ${copy.cpu.toFixed(2)} s) | ` +
        `${smart.wall.toFixed(2)} s (CPU ${smart.cpu.toFixed(2)} s), ${label} | ${full} | ` +
        `${ratio(smart.wall, copy.wall)} (CPU ${ratio(smart.cpu, copy.cpu)}) | ${speedup} | ` +
        `${row.verify.wall.toFixed(2)} s (CPU ${row.verify.cpu.toFixed(2)} s) | ` +
        `${ratio(checked.wall, copy.wall)} (CPU ${ratio(checked.cpu, copy.cpu)}) | ${checkedSpeedup} |`,
    );
  }
}
console.log('\n| master | copy (floor) | job: cut + verification | job / copy |');
console.log('|---|---|---|---|');
for (const row of rows) {
  console.log(
    `| ${row.name} | ${row.jobCopy.wall.toFixed(2)} s (CPU ${row.jobCopy.cpu.toFixed(2)} s) | ` +
      `${row.job.wall.toFixed(2)} s (CPU ${row.job.cpu.toFixed(2)} s), ${row.smart[0]!.label} | ` +
      `${ratio(row.job.wall, row.jobCopy.wall)} (CPU ${ratio(row.job.cpu, row.jobCopy.cpu)}) |`,
  );
}
console.log('\nGoal: smart ≤ 5× the copy, and ≥ 30× faster than the re-encode.');
console.log(
  `Load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (${cpus().length} cores)`,
);
