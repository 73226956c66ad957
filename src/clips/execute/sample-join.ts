/** The H.264 MP4/MOV executor's sample-level join: segments, the audio, and the join started. */
import { join, resolve } from 'node:path';
import type { SampleTable } from '../../lib/isobmff/samples.ts';
import { parseTimecode } from '../../lib/timecode/timecode.ts';
import { audioArgs, audioOnlyArgs } from '../plan/commands.ts';
import { masterAudioFrames } from './mp4-audio-cut.ts';
import { joinMp4, type Mp4JoinInput, readMasterMovie, type VideoSegment } from './mp4-join.ts';
import { pcmCodec } from './mxf.ts';
import { type ExecuteClipOptions, type Runner, YIELDING } from './types.ts';

/**
 * Starts the sample-level join of an H.264 MP4/MOV clip (mp4-join.ts) while its edges encode: the
 * audio is the master's own coded frames (mp4-audio-cut.ts) or, when they cannot be used (PCM),
 * cut by ffmpeg into a side file at the same time. Null when the master does not allow the join
 * (then ffmpeg joins). `encodes` holds the encode of each encode part, in plan order.
 */
export async function startSampleJoin(context: {
  options: ExecuteClipOptions;
  samples: SampleTable;
  workDir: string;
  output: string;
  run: Runner;
  /** Each encode part's file and its encode, in plan order. */
  encoded: string[];
  encodes: Promise<unknown>[];
}): Promise<{ done: Promise<void>; notes: string[] } | null> {
  const { options, samples, workDir, run } = context;
  const { plan, media } = options;
  const masterPath = resolve(options.masterPath);
  const extension = plan.container === 'mov' ? 'mov' : 'mp4';
  const segments: VideoSegment[] = [];
  let encodeIndex = 0;
  for (const part of plan.parts) {
    const frames = part.endFrame - part.startFrame;
    if (part.kind === 'encode') {
      const path = context.encoded[encodeIndex]!;
      segments.push({ kind: 'file', path, frames, ready: context.encodes[encodeIndex++]! });
      continue;
    }
    const position = part.fromKeyframe.pos;
    const first = position === null ? -1 : samples.offsets.indexOf(position);
    if (first < 0 || part.dropLeading > 0 || part.packetCount !== frames) return null;
    segments.push({ kind: 'master', firstSample: first, count: part.packetCount, frames });
  }
  const movie = await readMasterMovie({
    masterPath,
    master: samples,
    segments,
    frameRate: plan.frameRate,
    cache: options.masterCache,
  });
  if (typeof movie === 'string') return null;
  // The audio's coded frames straight from the master when they can be; else ffmpeg cuts it.
  const frames =
    plan.audio.length > 0
      ? masterAudioFrames({
          moov: movie.moov,
          cuts: plan.audio,
          tables: movie.soundTables,
          videoStart: (plan.firstPts * plan.timeBase.num) / plan.timeBase.den,
        })
      : null;
  const audioPath = join(workDir, `audio.${extension}`);
  let audio: Mp4JoinInput['audio'] = null;
  if (Array.isArray(frames)) {
    audio = { kind: 'frames', tracks: frames };
  } else if (frames !== null) {
    const args = audioOnlyArgs(
      audioArgs(plan, masterPath, (cut) => pcmCodec(cut.codec), 0, false, options.media.container),
      extension,
      audioPath,
    );
    const path = run(args, 'audio', 0, undefined, YIELDING).then(() => audioPath);
    path.catch(() => undefined); // awaited by the join
    audio = { kind: 'file', path };
  }
  const format = { rate: plan.frameRate, dropFrame: media.dropFrame };
  const done = joinMp4(
    {
      masterPath,
      master: samples,
      segments,
      audio,
      startTimecodeFrame: parseTimecode(plan.startTimecode, format),
      frameRate: plan.frameRate,
      outputPath: context.output,
    },
    movie,
  );
  done.catch(() => undefined); // awaited by the caller; observed here in case an encode fails first
  const notes = [
    audio?.kind === 'frames'
      ? "audio: the master's own coded frames, one more before the in-point, trimmed by an edit list"
      : '',
  ].filter(Boolean);
  return { done, notes };
}
