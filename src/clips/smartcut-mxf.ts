/**
 * MPEG-2 MXF execution. The joining ffmpeg reads the copied stretch straight from the master (concat
 * demuxer, like a plain `-c copy`): the copied essence never passes through another process.
 *
 * Only the first copied GOP needs its bitstream edited (open GOP: leading B-frames dropped,
 * closed_gop, temporal_reference, GOP timecode): it is extracted as an elementary stream, fixed,
 * and wrapped together with the re-encoded head into one small MXF. The master's packets then start
 * at the next I-frame, whose leading B-frames (displayed before it) reference the fixed GOP, intact.
 * Display slots: the lead file is given the duration up to that I-frame, so those leading B-frames
 * land in the slots just before it.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  audioArgs,
  type ConcatEntry,
  concatJoinArgs,
  concatList,
  encodePartArgs,
  frameRateArg,
  mpeg2CopyArgs,
} from './commands.ts';
import { mpeg2EncoderArgs } from './encoders/mpeg2.ts';
import { closeFirstGopInFile } from './mpeg2-es.ts';
import type { ClipPlan } from './plan.ts';
import { type Executed, type ExecutionContext, encodeParts } from './smartcut-types.ts';
import { frameToTimecode, nominalRate } from './timecode.ts';

export function pcmCodec(codec: string): string {
  return codec.replace('pcm_s24le_planar', 'pcm_s24le').replace(/^(pcm_[a-z0-9]+)p$/, '$1');
}

/** Wraps elementary streams, joined at the bitstream level, into a video-only MXF. */
export function wrapEsArgs(plan: ClipPlan, esPaths: readonly string[], outputPath: string): string[] {
  return [
    ...['-v', 'error', '-y', '-f', 'mpegvideo', '-framerate', frameRateArg(plan)],
    ...['-i', esPaths.length === 1 ? esPaths[0]! : `concat:${esPaths.join('|')}`],
    ...['-map', '0:v:0', '-c:v', 'copy', '-f', 'mxf', outputPath],
  ];
}

interface Pending {
  file: string;
  job: Promise<unknown>;
  /** Display slots this piece occupies in the clip. */
  frames: number;
}

export async function executeMxf(context: ExecutionContext): Promise<Executed> {
  const { options, workDir, output, run } = context;
  const { plan, media } = options;
  const masterPath = resolve(options.masterPath);
  const notes: string[] = [];
  const tcBase = media.dropFrame ? 0 : nominalRate(plan.frameRate);
  const format = { rate: plan.frameRate, dropFrame: media.dropFrame };
  const threads = options.threads ?? (encodeParts(plan).length > 1 ? 1 : 0);
  const t0 = Date.now();
  const entries: ConcatEntry[] = [];
  const wraps: Promise<unknown>[] = [];
  let pending: Pending[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const group = pending;
    pending = [];
    const path = join(workDir, `group-${wraps.length}.mxf`);
    const frames = group.reduce((n, p) => n + p.frames, 0);
    entries.push({ kind: 'file', path, frames });
    wraps.push(
      Promise.all(group.map((p) => p.job)).then(() =>
        run(
          wrapEsArgs(
            plan,
            group.map((p) => p.file),
            path,
          ),
          `encode-wrap-${wraps.length}`,
          0,
        ),
      ),
    );
  };
  plan.parts.forEach((part, i) => {
    if (part.kind === 'encode') {
      const file = join(workDir, `part-${i}.m2v`);
      const timecode = frameToTimecode(part.startFrame, media.startTimecode, format);
      const encoder = mpeg2EncoderArgs(media.video, { timecode, threads });
      const args = encodePartArgs(plan, part, masterPath, encoder, 'mpeg2video', file);
      const frames = part.endFrame - part.startFrame;
      pending.push({ file, job: run(args, `encode-${i}`, frames), frames });
      return;
    }
    if (part.dropLeading === 0) {
      flush();
      entries.push({ kind: 'copy', part });
      return;
    }
    const next = part.nextKeyframe;
    const file = join(workDir, `part-${i}-gop.m2v`);
    const packets = next
      ? next.frame - part.nextLeading - part.fromKeyframe.frame + part.dropLeading
      : part.packetCount;
    const job = run(mpeg2CopyArgs(plan, part, masterPath, file, packets), `encode-gop-${i}`, 0)
      .then(() => closeFirstGopInFile(file, part.dropLeading, tcBase))
      .then((fix) => {
        notes.push(
          `open GOP at frame ${part.startFrame}: ${part.dropLeading} leading B-frames dropped, ` +
            `closed_gop set, ${fix.before.length} temporal_reference values renumbered`,
        );
      });
    pending.push({ file, job, frames: (next ? next.frame : part.endFrame) - part.startFrame });
    if (next) {
      flush();
      entries.push({
        kind: 'master',
        from: next,
        until: part.untilKeyframe,
        frames: part.endFrame - next.frame,
      });
    }
  });
  flush();
  await Promise.all(wraps);
  const t1 = Date.now();
  const listPath = join(workDir, 'parts.ffconcat');
  await writeFile(listPath, concatList(plan, masterPath, entries));
  const audio = audioArgs(plan, masterPath, (cut) => pcmCodec(cut.codec));
  const args = concatJoinArgs(plan, listPath, audio, {
    inBandParameterSets: false,
    declareAvc3: false,
    muxer: 'mxf',
    outputPath: output,
  });
  await run(args, 'join', plan.frameCount);
  return { parameterSets: 'not-applicable', notes, encodeMs: t1 - t0, joinMs: Date.now() - t1 };
}
