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
import { masterAudioSamples } from './master-audio.ts';
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
import {
  type EdgeReferenceRequest,
  type Executed,
  type ExecutionContext,
  longestEncodePart,
  YIELDING,
} from './types.ts';

const MUXERS: Record<ClipPlan['container'], string> = {
  mxf: 'mxf',
  mov: 'mov',
  mp4: 'mp4',
  mpegts: 'mpegts',
};

/** A re-encoded part's feed: frames [leading, leading + frames) of it are the part's. */
interface PartFeed {
  feed: Feed;
  leading: number;
  /** The verification's frames around the edge, from the same decode: decoded frames [from, from + count). */
  references: { request: EdgeReferenceRequest; from: number; count: number } | null;
}

/**
 * What to feed the decoder of a re-encoded part that lies within one GOP of the master's samples;
 * null when the part cannot be fed that way (then ffmpeg seeks and decodes everything). With a
 * `request` for the master's frames around the part's edge, the feed also covers them when they lie
 * in the same GOP (one picture or two more to decode); when they do not, the request is declined.
 */
async function feedPart(
  masterPath: string,
  samples: Mp4VideoSamples,
  part: EncodePart,
  request: EdgeReferenceRequest | null,
): Promise<PartFeed | null> {
  const position = part.decodeFrom.pos;
  const first = position === null ? -1 : samples.offsets.indexOf(position);
  if (first < 0 || !samples.sync[first]) {
    request?.settle(false);
    return null;
  }
  const { frame } = part.decodeFrom;
  if (request) {
    const start = Math.min(part.startFrame, request.from);
    const end = Math.max(part.endFrame, request.to);
    const feed = await readFeed(masterPath, samples, first, start - frame, end - frame);
    if (feed) {
      // Every picture shown in [start, end) is fed, so the decoder shows them all, in order.
      return {
        feed,
        leading: feed.leading + part.startFrame - start,
        references: { request, from: feed.leading + request.from - start, count: request.to - request.from },
      };
    }
    request.settle(false);
  }
  const feed = await readFeed(masterPath, samples, first, part.startFrame - frame, part.endFrame - frame);
  return feed ? { feed, leading: feed.leading, references: null } : null;
}

/** The request for the master's frames around the edge that plan part `i` re-encodes, if any. */
function edgeRequest(context: ExecutionContext, i: number): EdgeReferenceRequest | null {
  const { plan } = context.options;
  // A part that makes both edges (the clip re-encoded whole) keeps its own references.
  if (plan.parts.length < 2) return null;
  const edge = i === 0 ? 'first' : i === plan.parts.length - 1 ? 'last' : null;
  return context.options.edgeReferences?.find((request) => request.edge === edge) ?? null;
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
  // The verification's frames around an edge come from the decode that encodes it: only from a
  // resident encoder's job (an ffmpeg process writes no raw frames here), without filters.
  const askable = (i: number) => {
    const request = edgeRequest(context, i);
    if (request && (!samples || !options.residentEncoder || webFilters.length > 0)) {
      request.settle(false);
      return null;
    }
    return request;
  };
  // Each part starts as soon as its own feed is read.
  const feeds = plan.parts.map((part, i) => {
    if (part.kind !== 'encode') return Promise.resolve(null);
    const request = askable(i);
    if (!samples) return Promise.resolve(null);
    return feedPart(masterPath, samples, part, request).catch((error: unknown) => {
      request?.settle(false);
      throw error;
    });
  });
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
    const encoding = feeds[i]!.then((fed) => {
      const feed = fed?.feed;
      const references = fed?.references ?? null;
      const ffmpeg = () => {
        // An ffmpeg process writes no raw frames: the verification decodes its own.
        references?.request.settle(false);
        return run(
          encodePartArgs(
            plan,
            part,
            fed
              ? { fedLeading: fed.leading, decoderThreads }
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
      };
      // Fed parts (no filters) may go to the resident encoder, reading the feed from a file.
      if (!fed || !feed || webFilters.length > 0) return ffmpeg();
      const residentJob = async () => {
        const input = join(workDir, `feed-${i}.h264`);
        await writeFile(input, feed.chunks);
        return {
          input,
          inputFormat: 'h264',
          output: file,
          format: muxer,
          leading: fed.leading,
          count: frames,
          decoderThreads,
          niceness,
          ...(references
            ? {
                references: {
                  output: references.request.output,
                  from: references.from,
                  count: references.count,
                },
              }
            : {}),
        };
      };
      return context
        .encodePart(i, partEncoder, residentJob, ffmpeg)
        .then(() => references?.request.settle(true));
    });
    // Awaited together below; observed now, as it may fail while the sample join is set up.
    encoding.catch(() => undefined);
    encodes.push(encoding);
  }
  const fed = (await Promise.all(feeds)).flatMap((part) => (part ? [part.feed] : []));
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
  // To the master's last frame: no decoded sound past what the master declares (master-audio.ts).
  const available = await masterAudioSamples({
    masterPath,
    media: options.media,
    plan,
    totalFrames: options.media.durationFrames,
    masterCache: options.masterCache,
  });
  const audio = audioArgs(
    plan,
    masterPath,
    (cut) => pcmCodec(cut.codec),
    1,
    false,
    options.media.container,
    available,
  );
  const args = concatJoinArgs(plan, listPath, audio, {
    inBandParameterSets: parameterSets === 'in-band',
    declareAvc3: parameterSets === 'in-band' && plan.container !== 'mpegts',
    muxer: MUXERS[plan.container],
    outputPath: output,
  });
  await run(args, 'join', plan.frameCount);
  return { parameterSets, notes, encodeMs: t1 - t0, joinMs: Date.now() - t1 };
}
