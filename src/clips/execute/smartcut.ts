/**
 * Executes a clip plan from the master: head and tail re-encoded in parallel with matched settings,
 * the stretch between copied, joined at the bitstream level in one pass together with the audio
 * (cut once for the whole range). No probing: every time comes from the plan. This file is the frame
 * shared by the executors (`concat.ts`, `mxf.ts`): output written under a temporary name and renamed
 * at the end, progress, the resident encoder with its fallback to ffmpeg, and an abort
 * (AbortSignal) that kills the ffmpeg processes and removes every partial file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { encoderSpecFromArgs } from '../../platform/ffmpeg/resident-encoder.ts';
import { type FfmpegProgress, runFfmpeg } from '../../platform/ffmpeg/run.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { executeConcat } from './concat.ts';
import { executeMxf } from './mxf.ts';
import {
  ClipExecutionError,
  type ClipProgress,
  type ClipResult,
  type ClipStage,
  type ExecuteClipOptions,
  type ExecutionContext,
  type Runner,
} from './types.ts';

export type { ClipProgress, ClipResult, ClipStage, ExecuteClipOptions } from './types.ts';
export { ClipExecutionError } from './types.ts';

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
    // Requests no part answered (an MXF clip, a failed cut): the verification decodes its own.
    for (const request of options.edgeReferences ?? []) request.settle(false);
    signal?.removeEventListener('abort', onAbort);
    await rm(workDir, { recursive: true, force: true });
  }
}
