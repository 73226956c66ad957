/**
 * The executor of every clip but MPEG-2 MXF (H.264, and copies of other codecs, in MP4, MOV or
 * MPEG-TS): the re-encoded parts start as soon as their decoder feed is read (straight from the
 * master's samples when it is MP4/MOV), copied stretches are taken from the master, and the clip is
 * joined at the sample level while the parts encode when `mp4-route.ts` says it can be, else by
 * ffmpeg's concat demuxer in one pass with the audio.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Mp4VideoSamples, readMp4TrackSamples, readMp4VideoSamples } from '../../lib/isobmff/samples.ts';
import { audioArgs, type ConcatEntry, concatJoinArgs, concatList, encodePartArgs } from '../plan/commands.ts';
import type { ClipPlan, EncodePart } from '../plan/plan.ts';
import { type Feed, readFeed } from './h264-feed.ts';
import { cachedRead } from './master-cache.ts';
import {
  chooseEncoder,
  isMp4Master,
  parameterSetCarriage,
  sampleJoinable,
  withThreads,
} from './mp4-route.ts';
import { pcmCodec } from './mxf.ts';
import { startSampleJoin } from './sample-join.ts';
import { copiesByPacketCount, tsCopyArgs } from './ts-copy.ts';
import { type Executed, type ExecutionContext, longestEncodePart, YIELDING } from './types.ts';

const MUXERS: Record<ClipPlan['container'], string> = {
  mxf: 'mxf',
  mov: 'mov',
  mp4: 'mp4',
  mpegts: 'mpegts',
};

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

export async function executeConcat(context: ExecutionContext): Promise<Executed> {
  const { options, workDir, output, run } = context;
  const { plan, media } = options;
  // The concat demuxer resolves relative names against the list's directory.
  const masterPath = resolve(options.masterPath);
  const notes: string[] = [];
  const choice = await chooseEncoder(options, masterPath, notes);
  const { encoder, matchX264 } = choice;
  const mp4Master = isMp4Master(media);
  // Web players expect progressive frames: deinterlace (one frame per frame, same count).
  const webFilters =
    plan.profile === 'web' && !matchX264 && media.video.scan === 'interlaced'
      ? [`bwdif=mode=send_frame:parity=${media.video.fieldOrder === 'bff' ? 'bff' : 'tff'}:deint=all`]
      : [];
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
  // Joined at the sample level: the copied stretch is written while the parts are still encoded.
  const joinSamples = !sampleJoinable(plan, media, choice, encoded.length, samples !== null)
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
  const parameterSets = await parameterSetCarriage(plan, choice, encoded, sampleJoin !== null, notes);
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
