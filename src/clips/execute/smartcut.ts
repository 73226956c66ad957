/**
 * Executes a clip plan from the master: head and tail re-encoded in parallel with matched settings,
 * the stretch between copied, joined at the bitstream level in one pass together with the audio
 * (cut once for the whole range). No probing: every time comes from the plan. Output is written
 * under a temporary name and renamed at the end; an abort (AbortSignal) kills the ffmpeg processes
 * and removes every partial file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  type AvcConfig,
  extraParameterSets,
  parameterSetIds,
  readMp4AvcFacts,
  sameParameterSets,
} from '../../lib/isobmff/avc.ts';
import { type Mp4VideoSamples, readMp4TrackSamples, readMp4VideoSamples } from '../../lib/isobmff/samples.ts';
import { encoderSpecFromArgs } from '../../platform/ffmpeg/resident-encoder.ts';
import { type FfmpegProgress, runFfmpeg } from '../../platform/ffmpeg/run.ts';
import { audioArgs, type ConcatEntry, concatJoinArgs, concatList, encodePartArgs } from '../plan/commands.ts';
import { mpeg2EncoderArgs } from '../plan/encoders/mpeg2.ts';
import { webEncoderArgs, x264EncoderArgs } from '../plan/encoders/x264.ts';
import type { ClipPlan, EncodePart } from '../plan/plan.ts';
import { type Feed, readFeed } from './h264-feed.ts';
import { cachedRead } from './master-cache.ts';
import { executeMxf, pcmCodec } from './mxf.ts';
import { startSampleJoin } from './sample-join.ts';
import { copiesByPacketCount, tsCopyArgs } from './ts-copy.ts';
import {
  type ClipResult,
  type ExecuteClipOptions,
  type Executed,
  type ExecutionContext,
  longestEncodePart,
  type Runner,
  YIELDING,
} from './types.ts';

/**
 * What to feed the decoder of a re-encoded part that lies within one GOP of the master's samples;
 * null when the part cannot be fed that way (then ffmpeg seeks and decodes everything).
 */
async function feedPart(
  masterPath: string,
  samples: Mp4VideoSamples,
  part: EncodePart,
): Promise<Feed | null> {
  const position = part.decodeFrom.pos;
  if (position === null) return null;
  const first = samples.offsets.indexOf(position);
  if (first < 0 || !samples.sync[first]) return null;
  const { frame } = part.decodeFrom;
  return readFeed(masterPath, samples, first, part.startFrame - frame, part.endFrame - frame);
}

export type { ClipProgress, ClipResult, ClipStage, ExecuteClipOptions } from './types.ts';
export { ClipExecutionError } from './types.ts';

import { ClipExecutionError, type ClipProgress, type ClipStage } from './types.ts';

const MUXERS: Record<ClipPlan['container'], string> = {
  mxf: 'mxf',
  mov: 'mov',
  mp4: 'mp4',
  mpegts: 'mpegts',
};

interface Tracker {
  report(stage: ClipStage, key: string, fraction: number): void;
}

function tracker(plan: ClipPlan, onProgress?: (p: ClipProgress) => void): Tracker {
  const encodeFrames = plan.parts.reduce(
    (n, p) => n + (p.kind === 'encode' ? p.endFrame - p.startFrame : 0),
    0,
  );
  // Weights: re-encoding dominates; joining is proportional to the copied bytes.
  const encodeWeight = encodeFrames / plan.frameCount > 0.5 ? 0.9 : 0.6;
  const done = new Map<string, number>();
  return {
    report(stage, key, fraction) {
      if (!onProgress) return;
      done.set(key, Math.min(1, Math.max(0, fraction)));
      const encodeKeys = [...done.keys()].filter((k) => k.startsWith('encode'));
      const encodeDone = encodeKeys.length
        ? encodeKeys.reduce((s, k) => s + done.get(k)!, 0) / Math.max(1, encodeKeys.length)
        : 0;
      const joinDone = done.get('join') ?? 0;
      const total = encodeWeight * encodeDone + (1 - encodeWeight) * joinDone;
      onProgress({ stage, fraction: stage === 'done' ? 1 : Math.min(0.99, total) });
    },
  };
}

const LEFTOVER = /(\.tmp-[0-9a-f]{8}\.[a-z0-9]+$)|(^\..+\.parts-[0-9a-f]{8}$)/;

/** Whether a file name is a clip job's temporary output or work directory (never to be served). */
export function isClipLeftover(name: string): boolean {
  return LEFTOVER.test(name);
}

/**
 * Removes what killed clip jobs left in `dir` (temporary outputs, work directories): all of them at
 * worker start in the embedded mode, before any clip job of that directory runs; with `of` (a clip's
 * file name), only that clip's, when a job for it starts.
 */
export async function removeClipLeftovers(dir: string, of?: string): Promise<string[]> {
  const mine = (name: string) => !of || name.startsWith(`${of}.tmp-`) || name.startsWith(`.${of}.parts-`);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => isClipLeftover(n) && mine(n));
  await Promise.all(names.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  return names;
}

/** Executes a plan; resolves with the finished file at `outputPath`. */
export async function executeClip(options: ExecuteClipOptions): Promise<ClipResult> {
  const started = Date.now();
  const { plan, signal } = options;
  const workDir = join(
    dirname(options.outputPath),
    `.${basename(options.outputPath)}.parts-${randomBytes(4).toString('hex')}`,
  );
  const tmpOutput = `${options.outputPath}.tmp-${randomBytes(4).toString('hex')}.${plan.container}`;
  // An earlier attempt of this clip killed in another process (server mode) may have left its parts.
  await removeClipLeftovers(dirname(options.outputPath), basename(options.outputPath));
  const track = tracker(plan, options.onProgress);
  // One controller for every process of this clip: the caller's abort, or any part failing,
  // stops the others.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const fail = (error: unknown): never => {
    controller.abort();
    if (error instanceof ClipExecutionError) throw error;
    if (signal?.aborted) throw new ClipExecutionError('CLIP_ABORTED', 'clip aborted', { cause: error });
    throw new ClipExecutionError('CLIP_FFMPEG_FAILED', (error as Error).message, { cause: error });
  };
  await mkdir(workDir, { recursive: true });
  try {
    const run: Runner = (args, key, frames, input, niceness) => {
      options.onCommand?.(args);
      return runFfmpeg(args, {
        input,
        niceness,
        signal: controller.signal,
        onProgress: (p: FfmpegProgress) =>
          track.report(key === 'join' ? 'join' : 'encode', key, frames ? p.frame / frames : 0),
      }).catch(fail);
    };
    // Re-encoded parts go to the resident encoder when there is one (no process to start, warm
    // memory); when it fails, ffmpeg runs the part.
    const resident = options.residentEncoder ?? null;
    const residentNotes: string[] = [];
    let residentParts = 0;
    const encodePart: ExecutionContext['encodePart'] = async (part, encoderArgs, partJob, ffmpeg) => {
      const encoder = resident && encoderSpecFromArgs(encoderArgs);
      if (!resident || !encoder) return ffmpeg();
      const job = await partJob();
      try {
        await resident.run({
          ...job,
          encoder,
          frameRate: plan.frameRate,
          signal: controller.signal,
          onProgress: (done) => track.report('encode', `encode-${part}`, done / job.count),
        });
        residentParts++;
      } catch (error) {
        if (controller.signal.aborted) throw error;
        residentNotes.push(
          `resident encoder failed (${(error as Error).message}): part ${part} run by ffmpeg`,
        );
        return ffmpeg();
      }
    };
    const context: ExecutionContext = {
      options,
      workDir,
      output: tmpOutput,
      run,
      signal: controller.signal,
      report: (key, fraction) => track.report(key === 'join' ? 'join' : 'encode', key, fraction),
      encodePart,
    };
    const result = await (plan.outputCodec === 'mpeg2video' && plan.container === 'mxf'
      ? executeMxf(context)
      : executeConcat(context)
    ).catch(fail);
    if (residentParts > 0)
      residentNotes.push(`${residentParts} re-encoded part(s) run by the resident encoder`);
    if (signal?.aborted) throw new ClipExecutionError('CLIP_ABORTED', 'clip aborted');
    await rename(tmpOutput, options.outputPath);
    track.report('done', 'done', 1);
    return {
      path: options.outputPath,
      plan,
      parameterSets: result.parameterSets,
      notes: [...result.notes, ...residentNotes],
      timings: { encodeMs: result.encodeMs, joinMs: result.joinMs, totalMs: Date.now() - started },
    };
  } catch (error) {
    controller.abort();
    await rm(tmpOutput, { force: true });
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The smallest parameter set id the master's sample description uses for neither SPS nor PPS. */
function freeParameterSetId(config: AvcConfig): number {
  const ids = parameterSetIds(config);
  const used = new Set([...ids.sps, ...ids.pps]);
  let id = 0;
  while (used.has(id)) id++;
  return id;
}

/** Encoder arguments with their `-threads` value replaced. */
function withThreads(encoder: readonly string[], threads: string): string[] {
  return encoder.map((value, i, all) => (all[i - 1] === '-threads' ? threads : value));
}

async function executeConcat(context: ExecutionContext): Promise<Executed> {
  const { options, workDir, output, run } = context;
  const { plan, media } = options;
  // The concat demuxer resolves relative names against the list's directory.
  const masterPath = resolve(options.masterPath);
  const notes: string[] = [];
  const wholeReencode = !plan.parts.some((p) => p.kind === 'copy');
  const h264Smart = plan.sourceCodec === 'h264' && !wholeReencode;
  // Matched x264 settings for a smart cut, and for a broadcast re-encode of an H.264 master.
  const matchX264 =
    plan.sourceCodec === 'h264' && plan.outputCodec === 'h264' && (h264Smart || plan.profile === 'broadcast');
  let x264Options: string | null = null;
  let masterAvc: AvcConfig | null = null;
  const mp4Master = media.containerFamily === 'mp4' || media.containerFamily === 'mov';
  if (matchX264 && mp4Master && plan.container !== 'mpegts') {
    const facts = await cachedRead(options.masterCache, 'avc', masterPath, () => readMp4AvcFacts(masterPath));
    x264Options = facts.x264Options;
    masterAvc = facts.avcC;
    if (!x264Options) notes.push('master not made by x264: head and tail settings derived from stream facts');
  }
  let encoder: string[];
  if (plan.outputCodec === 'h264' && !matchX264) encoder = webEncoderArgs(media.video);
  else if (plan.outputCodec === 'h264') {
    // A master not made by x264: the parts get parameter set ids of their own, so that the clip's
    // avc1 sample description can carry theirs beside the master's.
    const spsId = !x264Options && masterAvc ? freeParameterSetId(masterAvc) : undefined;
    encoder = x264EncoderArgs(media.video, x264Options, 0, options.x264Effort ?? 'fast', spsId);
  } else if (plan.outputCodec === 'mpeg2video') {
    encoder = mpeg2EncoderArgs(media.video, { timecode: plan.startTimecode });
  } else if (wholeReencode) {
    throw new ClipExecutionError(
      'CLIP_CODEC_UNSUPPORTED',
      `no matched encoder for ${plan.outputCodec}: choose the web profile`,
    );
  } else {
    encoder = [];
  }
  // The longest part uses every core (x264's and the decoder's own threading); the others run on
  // one thread each, in its gaps: frame threading would only add work and memory for a few frames.
  const threads = String(options.threads ?? 0);
  // Web players expect progressive frames: deinterlace (one frame per frame, same count).
  const webFilters =
    plan.profile === 'web' && !matchX264 && media.video.scan === 'interlaced'
      ? [`bwdif=mode=send_frame:parity=${media.video.fieldOrder === 'bff' ? 'bff' : 'tff'}:deint=all`]
      : [];
  encoder = withThreads(encoder, threads);
  const t0 = Date.now();
  const entries: ConcatEntry[] = [];
  const encodes: Promise<unknown>[] = [];
  const encoded: string[] = [];
  // H.264 in MP4/MOV: decoders are fed only the pictures they need, straight from the samples.
  const samples =
    plan.sourceCodec === 'h264' && mp4Master
      ? await cachedRead(options.masterCache, 'samples', masterPath, () =>
          readMp4VideoSamples(masterPath),
        ).catch(() => null)
      : null;
  // Each part starts as soon as its own feed is read.
  const feeds = plan.parts.map((part) =>
    samples && part.kind === 'encode' ? feedPart(masterPath, samples, part) : Promise.resolve(null),
  );
  const longest = longestEncodePart(plan);
  const muxer = plan.container === 'mov' ? 'mov' : 'mp4';
  const tsCopy = copiesByPacketCount(media.containerFamily, plan);
  for (const [i, part] of plan.parts.entries()) {
    if (part.kind === 'copy' && tsCopy) {
      const file = join(workDir, `part-${i}-copy.mp4`);
      const frames = part.endFrame - part.startFrame;
      entries.push({ kind: 'file', path: file, frames });
      const args = tsCopyArgs(plan, part, masterPath, media.container, file);
      const copying = run(args, `encode-copy-${i}`, part.packetCount);
      copying.catch(() => undefined);
      encodes.push(copying);
      continue;
    }
    if (part.kind === 'copy') {
      entries.push({ kind: 'copy', part });
      continue;
    }
    const file = join(workDir, `part-${i}.${muxer}`);
    const frames = part.endFrame - part.startFrame;
    entries.push({ kind: 'file', path: file, frames });
    encoded.push(file);
    const yielding = i !== longest;
    const partEncoder = yielding ? withThreads(encoder, '1') : encoder;
    const decoderThreads = yielding ? 1 : undefined;
    const niceness = yielding ? YIELDING : undefined;
    const encoding = feeds[i]!.then((feed) => {
      const ffmpeg = () =>
        run(
          encodePartArgs(
            plan,
            part,
            feed
              ? { fedLeading: feed.leading, decoderThreads }
              : { masterPath, masterFormat: options.media.container, decoderThreads },
            partEncoder,
            muxer,
            file,
            webFilters,
          ),
          `encode-${i}`,
          frames,
          feed?.chunks,
          niceness,
        );
      // Fed parts (no filters) may go to the resident encoder, reading the feed from a file.
      if (!feed || webFilters.length > 0) return ffmpeg();
      const residentJob = async () => {
        const input = join(workDir, `feed-${i}.h264`);
        await writeFile(input, feed.chunks);
        const { leading } = feed;
        return {
          input,
          inputFormat: 'h264',
          output: file,
          format: muxer,
          leading,
          count: frames,
          decoderThreads,
          niceness,
        };
      };
      return context.encodePart(i, partEncoder, residentJob, ffmpeg);
    });
    // Awaited together below; observed now, as it may fail while the sample join is set up.
    encoding.catch(() => undefined);
    encodes.push(encoding);
  }
  const fed = (await Promise.all(feeds)).filter((feed) => feed !== null);
  if (fed.length > 0)
    notes.push(`${fed.length} re-encoded part(s) decoded from the referenced pictures only`);
  const skipped = fed.reduce((sum, feed) => sum + feed.skipped, 0);
  if (skipped > 0) notes.push(`${skipped} reference picture(s) no decoded frame predicts from were skipped`);
  // With the master's own x264 settings the parts will share its sample description: join at the
  // sample level, writing the copied stretch while the parts are still being encoded.
  // A clip whose every picture is the master's (an intra-only copy, or a whole H.264 GOP run) is
  // joined the same way, whatever the codec: the master's sample description, edit lists and
  // timecode kept, new timing tables.
  const joinable =
    plan.profile === 'broadcast' &&
    mp4Master &&
    (plan.container === 'mov' || plan.container === 'mp4') &&
    (encoded.length === 0 || (samples !== null && matchX264 && masterAvc !== null));
  const joinSamples = !joinable
    ? null
    : (samples ??
      (await cachedRead(options.masterCache, 'track-samples', masterPath, () =>
        readMp4TrackSamples(masterPath),
      ).catch(() => null)));
  const sampleJoin = joinSamples
    ? await startSampleJoin({ options, samples: joinSamples, workDir, output, run, encoded, encodes })
    : null;
  try {
    await Promise.all(encodes);
  } catch (error) {
    // Let the sample join stop (it awaits the parts) before the caller removes its output.
    await sampleJoin?.done.catch(() => undefined);
    throw error;
  }
  const t1 = Date.now();
  let parameterSets: ClipResult['parameterSets'] = 'not-applicable';
  if (plan.container === 'mpegts' && plan.outputCodec === 'h264') {
    // MPEG-TS always carries parameter sets in-band; there is no sample description to match.
    parameterSets = 'in-band';
  } else if ((h264Smart || sampleJoin) && plan.outputCodec === 'h264' && encoded.length > 0) {
    const heads = await Promise.all(encoded.map((file) => readMp4AvcFacts(file)));
    const matched = heads.every((facts) => sameParameterSets(facts.avcC, masterAvc));
    // Sets of their own, under ids the master does not use: carried beside the master's in avc1.
    const beside =
      !matched &&
      sampleJoin !== null &&
      masterAvc !== null &&
      heads.every((facts) => facts.avcC !== null) &&
      extraParameterSets(
        masterAvc,
        heads.map((facts) => facts.avcC!),
      ) !== null;
    parameterSets = matched || beside ? 'matched' : 'in-band';
    if (beside) notes.push("re-encoded parts' parameter sets added to the master's avc1 sample description");
    if (!matched && !beside) {
      notes.push(
        're-encoded SPS/PPS differ from the master: parameter sets carried in-band, declared as avc3',
      );
    }
  } else if (plan.outputCodec === 'h264') {
    parameterSets = 'matched';
  }
  if (sampleJoin && parameterSets !== 'in-band') {
    await sampleJoin.done;
    notes.push(...sampleJoin.notes);
    notes.push('joined at the sample level: the copied stretch was written while the edges were encoded');
    return { parameterSets, notes, encodeMs: t1 - t0, joinMs: Date.now() - t1 };
  }
  // Parameter sets differ after all: let the sample join stop, then join with ffmpeg (in-band).
  await sampleJoin?.done.catch(() => undefined);
  const listPath = join(workDir, 'parts.ffconcat');
  await writeFile(listPath, concatList(plan, masterPath, entries));
  const audio = audioArgs(plan, masterPath, (cut) => pcmCodec(cut.codec), 1, false, options.media.container);
  const args = concatJoinArgs(plan, listPath, audio, {
    inBandParameterSets: parameterSets === 'in-band',
    declareAvc3: parameterSets === 'in-band' && plan.container !== 'mpegts',
    muxer: MUXERS[plan.container],
    outputPath: output,
  });
  await run(args, 'join', plan.frameCount);
  return { parameterSets, notes, encodeMs: t1 - t0, joinMs: Date.now() - t1 };
}
