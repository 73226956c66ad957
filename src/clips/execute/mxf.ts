/**
 * MPEG-2 MXF execution. The joining ffmpeg reads the copied stretch straight from the master (concat
 * demuxer, like a plain `-c copy`): the copied essence never passes through another process.
 *
 * Only the first copied GOP needs its bitstream edited (open GOP: leading B-frames dropped,
 * closed_gop, temporal_reference, GOP timecode): it is extracted as an elementary stream, fixed,
 * and wrapped into a small MXF of its own. The master's packets then start at the next I-frame,
 * whose leading B-frames (displayed before it) reference the fixed GOP, intact. Display slots: the
 * fixed GOP's file is given the duration up to that I-frame, so those leading B-frames land in the
 * slots just before it.
 *
 * The join does not wait for the re-encoded tail: it starts when the head (and fixed GOP) are
 * written, and the tail's file reaches it on its standard input (`pipe:0`, the last entry of the
 * list) once encoded, while the copied stretch is being written.
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { closeFirstGopInFile } from '../../lib/mpeg2/es.ts';
import { isD10Mxf } from '../../lib/mpeg2/mxf-d10.ts';
import { frameToTimecode, nominalRate } from '../../lib/timecode/timecode.ts';
import {
  absoluteSeconds,
  audioArgs,
  type ConcatEntry,
  concatJoinArgs,
  concatList,
  encodePartArgs,
  frameRateArg,
  mpeg2CopyArgs,
  secondsArg,
} from '../plan/commands.ts';
import { mpeg2EncoderArgs } from '../plan/encoders/mpeg2.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { readPcmFramePackets } from './pcm-frame-packets.ts';
import { type Executed, type ExecutionContext, longestEncodePart, YIELDING } from './types.ts';

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

/** The bytes of `path` once `done` resolves (a part's file, read when its encode has finished). */
async function* fileWhenDone(done: Promise<unknown>, path: string): AsyncGenerator<Buffer> {
  await done;
  yield* createReadStream(path) as AsyncIterable<Buffer>;
}

export async function executeMxf(context: ExecutionContext): Promise<Executed> {
  const { options, workDir, output, run } = context;
  const { plan, media } = options;
  const masterPath = resolve(options.masterPath);
  const notes: string[] = [];
  const tcBase = media.dropFrame ? 0 : nominalRate(plan.frameRate);
  const format = { rate: plan.frameRate, dropFrame: media.dropFrame };
  // The join starts once every entry but the last is written: a re-encoded tail reaches it on its
  // standard input when done, while the copied stretch is written. So the tail is not urgent; of
  // the other parts, the longest gets every core (slice threads when encoding and decoding), the
  // rest one thread each, at a lower priority.
  const lastPart = plan.parts.length - 1;
  const pipedPart = lastPart > 0 && plan.parts[lastPart]!.kind === 'encode' ? lastPart : -1;
  const longest = longestEncodePart(plan, pipedPart);
  // Read while the parts encode: whether the audio can be copied as whole packets.
  const framePackets = readPcmFramePackets(masterPath, plan, media.container, options.masterCache).catch(
    () => false,
  );
  // A D-10 (IMX) master's clip keeps the D-10 essence mapping (mxf-d10.ts).
  const d10 = isD10Mxf(masterPath).catch(() => false);
  const t0 = Date.now();
  const entries: ConcatEntry[] = [];
  /** The job that writes each file entry. */
  const writers = new Map<ConcatEntry, Promise<unknown>>();
  plan.parts.forEach((part, i) => {
    if (part.kind === 'encode') {
      // Encoded straight into MXF: the concat demuxer reads timestamps from it.
      const file = join(workDir, `part-${i}.mxf`);
      const timecode = frameToTimecode(part.startFrame, media.startTimecode, format);
      const yielding = i !== longest;
      const threads = yielding ? 1 : (options.threads ?? 0);
      const encoder = mpeg2EncoderArgs(media.video, { timecode, threads });
      const source = { masterPath, masterFormat: media.container, decoderThreads: yielding ? 1 : undefined };
      const args = encodePartArgs(plan, part, source, encoder, 'mxf', file);
      const frames = part.endFrame - part.startFrame;
      const entry: ConcatEntry = { kind: 'file', path: file, frames };
      const niceness = yielding ? YIELDING : undefined;
      // The resident encoder seeks and decodes as this ffmpeg command would.
      const job = context.encodePart(
        i,
        encoder,
        () => ({
          input: masterPath,
          seek: secondsArg(absoluteSeconds(plan, part.decodeFrom.pts)),
          stream: plan.videoStreamIndex,
          leading: part.startFrame - part.decodeFrom.frame,
          count: frames,
          format: 'mxf',
          output: file,
          decoderThreads: source.decoderThreads,
          niceness,
        }),
        () => run(args, `encode-${i}`, frames, undefined, niceness),
      );
      writers.set(entry, job);
      entries.push(entry);
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
    // The fixed GOP fills the slots up to the next I-frame; that I-frame's leading B-frames come
    // from the master entry and land in the last of those slots.
    const entry: ConcatEntry = {
      kind: 'file',
      path: file,
      frames: (next ? next.frame : part.endFrame) - part.startFrame,
    };
    writers.set(
      entry,
      run(mpeg2CopyArgs(plan, part, masterPath, es, packets, media.container), `encode-gop-${i}`, 0)
        .then(() => closeFirstGopInFile(es, part.dropLeading, tcBase))
        .then((fix) => {
          notes.push(
            `open GOP at frame ${part.startFrame}: ${part.dropLeading} leading B-frames dropped, ` +
              `closed_gop set, ${fix.before.length} temporal_reference values renumbered`,
          );
          return run(wrapEsArgs(plan, [es], file), `encode-wrap-${i}`, 0);
        }),
    );
    entries.push(entry);
    if (next) {
      entries.push({
        kind: 'master',
        from: next,
        until: part.untilKeyframe,
        frames: part.endFrame - next.frame,
      });
    }
  });
  const lastEntry = entries.at(-1);
  const piped = pipedPart >= 0 && lastEntry?.kind === 'file' ? lastEntry : null;
  // Every writer is awaited; observed now, as one may fail while another is awaited.
  for (const writer of writers.values()) writer.catch(() => undefined);
  await Promise.all([...writers].filter(([entry]) => entry !== piped).map(([, writer]) => writer));
  const t1 = Date.now();
  const listPath = join(workDir, 'parts.ffconcat');
  const listed = entries.map((entry) => (entry === piped ? { ...entry, path: 'pipe:0' } : entry));
  await writeFile(listPath, concatList(plan, masterPath, listed));
  const audio = audioArgs(
    plan,
    masterPath,
    (cut) => pcmCodec(cut.codec),
    1,
    await framePackets,
    media.container,
  );
  if (await d10) notes.push('D-10 (IMX) master: written with the D-10 essence mapping (SMPTE 386M)');
  if (audio.pcmPacketsCopied) {
    notes.push('audio: PCM copied as whole packets, one a frame, from the in-point (no decoding)');
  }
  const args = concatJoinArgs(plan, listPath, audio, {
    inBandParameterSets: false,
    declareAvc3: false,
    muxer: (await d10) ? 'mxf_d10' : 'mxf',
    outputPath: output,
    standardInput: piped !== null,
    // The master's declared rate in the clip's descriptor (D-10's muxer writes its own).
    videoBitRate: (await d10) ? null : media.video.bitrate,
  });
  const input = piped ? fileWhenDone(writers.get(piped)!, piped.path) : undefined;
  await Promise.all([run(args, 'join', plan.frameCount, input), ...writers.values()]);
  return { parameterSets: 'not-applicable', notes, encodeMs: t1 - t0, joinMs: Date.now() - t1 };
}
