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
  const jobs: Promise<unknown>[] = [];
  plan.parts.forEach((part, i) => {
    if (part.kind === 'encode') {
      // Encoded straight into MXF: the concat demuxer reads timestamps from it.
      const file = join(workDir, `part-${i}.mxf`);
      const timecode = frameToTimecode(part.startFrame, media.startTimecode, format);
      const encoder = mpeg2EncoderArgs(media.video, { timecode, threads });
      const args = encodePartArgs(plan, part, { masterPath }, encoder, 'mxf', file);
      const frames = part.endFrame - part.startFrame;
      jobs.push(run(args, `encode-${i}`, frames));
      entries.push({ kind: 'file', path: file, frames });
      return;
    }
    if (part.dropLeading === 0) {
      entries.push({ kind: 'copy', part });
      return;
    }
    const next = part.nextKeyframe;
    const es = join(workDir, `part-${i}-gop.m2v`);
    const file = join(workDir, `part-${i}-gop.mxf`);
    const packets = next
      ? next.frame - part.nextLeading - part.fromKeyframe.frame + part.dropLeading
      : part.packetCount;
    jobs.push(
      run(mpeg2CopyArgs(plan, part, masterPath, es, packets), `encode-gop-${i}`, 0)
        .then(() => closeFirstGopInFile(es, part.dropLeading, tcBase))
        .then((fix) => {
          notes.push(
            `open GOP at frame ${part.startFrame}: ${part.dropLeading} leading B-frames dropped, ` +
              `closed_gop set, ${fix.before.length} temporal_reference values renumbered`,
          );
          return run(wrapEsArgs(plan, [es], file), `encode-wrap-${i}`, 0);
        }),
    );
    // The fixed GOP fills the slots up to the next I-frame; that I-frame's leading B-frames come
    // from the master entry and land in the last of those slots.
    entries.push({ kind: 'file', path: file, frames: (next ? next.frame : part.endFrame) - part.startFrame });
    if (next) {
      entries.push({
        kind: 'master',
        from: next,
        until: part.untilKeyframe,
        frames: part.endFrame - next.frame,
      });
    }
  });
  await Promise.all(jobs);
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
