/**
 * Measures a smart-cut clip where it can be wrong, not over its whole length (I/O: ffprobe and
 * ffmpeg, argument arrays; windows.ts says where), beside the master's side (master-side.ts,
 * started with the cut) for the copied middle.
 *
 * An MP4/MOV clip (measureByBoxes): two processes, the head and tail windows at once; what it
 * declares, its video packets and its audio's samples are read from its boxes (clip-boxes.ts), its
 * copied middle and its copied coded audio compared byte for byte with the master's samples
 * (middle-samples.ts).
 *
 * Any other clip (MXF): four processes of its own, the first three at once, and its middle's
 * packets compared with the master's as ffmpeg lists them:
 * - ffprobe's reading of what the clip declares (streams, durations);
 * - every packet of the clip listed without decoding its video (stream copy into framecrc: size,
 *   checksum, times), with every audio stream decoded (32-bit PCM, so its bytes count the samples);
 * - the clip decoded from its first frame through the head window, keeping its first picture;
 * - then the clip decoded from the keyframe of the tail window to its end, keeping its last picture:
 *   started once the head window gives the clip's first time, from the seek it predicts, and kept
 *   when the packet list puts that keyframe at the same time (else decoded again from the list).
 * Decoding is `-v error -xerror` throughout: anything printed is a decode error.
 */
import { join } from 'node:path';
import type { SampleTable } from '../../lib/isobmff/samples.ts';
import type { ResidentEncoder } from '../../platform/ffmpeg/resident-encoder.ts';
import type { MasterCache } from '../execute/master-cache.ts';
import { codedFrameSamples } from '../plan/commands.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { type ClipBoxes, presentedSamples, readClipBoxes } from './clip-boxes.ts';
import type { MasterMiddle } from './master-side.ts';
import { compareCopiedAudio, compareMiddleSamples } from './middle-samples.ts';
import { audioFacts, declaredFacts, probeClip, unreadableFacts } from './probe.ts';
import { type ClipFacts, type Picture, parseFramecrc } from './rules.ts';
import { seamPictures } from './seam-pictures.ts';
import {
  decodeTailWindow,
  decodeWindow,
  predictedTailSeek,
  runListing,
  sameTime,
  sameTimes,
  type TailWindowRequest,
  type TimeBase,
  timeBaseOf,
  type WindowClip,
  type WindowDecoded,
} from './window-decode.ts';
import {
  compareMiddle,
  type DecodeWindows,
  distinctPts,
  headWindowThreads,
  narrowWindows,
  type PacketFacts,
  packetOfFrame,
  parsePackets,
  withoutLeading,
} from './windows.ts';

export async function measureSeams(
  options: {
    clipPath: string;
    plan: ClipPlan;
    windows: DecodeWindows;
    /** The master's packets from the middle's first keyframe (master-side.ts). */
    masterMiddle: Promise<MasterMiddle>;
    size: { width: number; height: number };
    workDir: string;
    /** The master, for the copied audio of an MP4/MOV clip (its frames compared with the master's). */
    masterPath: string;
    masterCache?: MasterCache;
    /** The clip worker's resident encoder: it decodes the windows when it can (else ffmpeg does). */
    residentEncoder?: ResidentEncoder | null;
    /** The clip's pixel format (the master's: a smart cut keeps it). */
    pixFmt?: string | null;
  },
  signal?: AbortSignal,
): Promise<Measured> {
  const { clipPath, plan, windows, workDir } = options;
  if (BOXES.has(plan.container)) return measureByBoxes(options, signal);
  const n = plan.frameCount;
  const clip = windowClip(options, signal);
  // The probe beside the rest (it only adds the declared facts): the listing maps the audio
  // streams there are (`0:a?`), without waiting to know how many.
  const probing = probeClip(clipPath, signal);
  // Timestamps as written (-copyts), so that the tail window is found by its packet's time.
  const listing = runListing(
    [
      ...['-v', 'error', '-xerror', '-copyts', '-i', clipPath, '-map', '0:v:0', '-c:v', 'copy'],
      ...['-map', '0:a?', '-c:a', 'pcm_s32le'],
    ],
    join(workDir, 'packets.crc'),
    signal,
  );
  const head = decodeWindow({ ...clip, frames: windows.headEnd, pick: 0, name: 'head' });
  const tailFrames = n - windows.tailStart;
  // The tail window beside the listing, from where the head's first time says its keyframe is:
  // used only when the listing puts that keyframe at the same time, so that the seek, and so the
  // job, is the one the listing asks for (decodeTailWindow); else decoded again from the listing.
  const early = head.then((decoded) => {
    const seek = predictedTailSeek(decoded, windows.tailStart, plan);
    if (seek === null) return null;
    const window = decodeWindow({
      ...clip,
      seek,
      frames: tailFrames,
      pick: tailFrames - 1,
      name: 'tail-early',
    });
    window.catch(() => undefined);
    return { seek, decoded: window };
  });
  // Awaited below, after the probe and the listing: observed now, so that when either fails (or a
  // stop aborts them all) their rejections are not unhandled (which would end the process).
  listing.catch(() => undefined);
  head.catch(() => undefined);
  early.catch(() => undefined);
  // Settled before the caller removes the work directory, whatever happens.
  const earlyDone = () => early.then((e) => e?.decoded).catch(() => undefined);
  const probed = await probing;
  if ('unreadable' in probed) {
    await Promise.allSettled([listing, head, earlyDone()]);
    return { facts: probed.unreadable, first: null, last: null };
  }
  const { probe } = probed;
  const packetsRun = await listing;
  const packets = parsePackets(packetsRun.text);
  const decodedAudio = parseFramecrc(packetsRun.text);
  const timeBase = timeBaseOf(packetsRun.text);
  const { packet: tailPacket, decoded: tail } = tailWindow(clip, options, {
    packets,
    timeBase,
    early: await early.catch(() => null),
  });
  // The copied middle, beside the windows.
  const comparing = comparedMiddle(options, packets);
  const [headDecoded, copiedMiddle, tailDecoded] = await Promise.all([head, comparing, tail]).finally(
    earlyDone,
  );
  return measured(options, {
    listingErrors: packetsRun.errors,
    packets,
    timeBase,
    head: headDecoded,
    tail: tailDecoded,
    tailPacket,
    declared: { ...declaredFacts(probe), audio: audioFacts(probe, decodedAudio.audioBytes) },
    copiedMiddle,
  });
}

/** The clip of `options`, whose windows are decoded (by its resident encoder when it can). */
function windowClip(options: Parameters<typeof measureSeams>[0], signal?: AbortSignal): WindowClip {
  const { clipPath, size, workDir, plan } = options;
  const decoder = { resident: options.residentEncoder, pixFmt: options.pixFmt, frameRate: plan.frameRate };
  return { clipPath, size, workDir, decoder, signal };
}

/** The tail window of `clip` (decodeTailWindow), found in its packets as read. */
function tailWindow(
  clip: WindowClip,
  options: Parameters<typeof measureSeams>[0],
  read: Pick<TailWindowRequest, 'packets' | 'timeBase' | 'early'>,
): ReturnType<typeof decodeTailWindow> {
  const { plan, windows } = options;
  return decodeTailWindow({
    ...clip,
    ...read,
    tailStart: windows.tailStart,
    clipFrames: plan.frameCount,
    plan,
  });
}

/** The copied middle against the master's (compareWithMaster), started now; or why it cannot be. */
function comparedMiddle(
  options: Parameters<typeof measureSeams>[0],
  packets: PacketFacts[],
  clipTable?: SampleTable,
  timeBases?: Parameters<typeof compareMiddleSamples>[7],
): Promise<string | null> {
  const { clipPath, windows } = options;
  // From the copy's second keyframe up to the tail's packets.
  const middleStart = packetOfFrame(packets, windows.middleFrom);
  const middleEnd = packets.length - windows.tailFrames;
  return middleStart < 0
    ? Promise.resolve(`no packet shows clip frame ${windows.middleFrom}`)
    : options.masterMiddle.then((master) =>
        compareWithMaster(clipPath, packets, middleStart, middleEnd, master, windows, clipTable, timeBases),
      );
}

/**
 * What measuring `options`' clip by its seams found: its packets and its two windows as decoded
 * (the decode errors, the listing's first if any), what it declares and its copied middle compared.
 */
function measured(
  options: Parameters<typeof measureSeams>[0],
  found: {
    listingErrors?: string;
    packets: PacketFacts[];
    timeBase: TimeBase | null;
    head: WindowDecoded;
    tail: WindowDecoded | null;
    tailPacket: PacketFacts | undefined;
    declared: Pick<
      ClipFacts,
      'declaredVideoSeconds' | 'declaredVideoFrames' | 'declaredFormatSeconds' | 'videoStartSeconds' | 'audio'
    >;
    copiedMiddle: string | null;
    /** MP4/MOV: each window must show the clip's frames at their times (from its sample table). */
    exactTimes?: boolean;
    /** What the seams' own pictures showed wrong (seam-pictures.ts), if anything. */
    seamErrors?: string;
  },
): Measured {
  const { windows } = options;
  const n = options.plan.frameCount;
  const { packets, head, tail } = found;
  const errors = [found.listingErrors ?? '', head.errors, tail?.errors ?? '', found.seamErrors ?? '']
    .map((e) => e.trim())
    .filter(Boolean)
    .join('\n');
  // The clip's frames in display order: each window must show exactly its own, at their times.
  const shown = found.exactTimes ? packets.map((p) => p.pts).sort((a, b) => a - b) : null;
  const timesRight = (window: WindowDecoded | null, from: number, to: number) =>
    shown ? { timesRight: sameTimes(window, shown.slice(from, to), found.timeBase) } : {};
  return {
    facts: {
      decodeErrors: errors,
      videoFrames: packets.length,
      // Both windows in clip time: strictly increasing from the head's first to the tail's last.
      videoPts: [...head.pts, ...(tail?.pts ?? [])],
      ...found.declared,
      windows: [
        {
          name: 'head',
          frames: Math.min(windows.headEnd, n),
          decoded: head.pts.length,
          ...timesRight(head, 0, windows.headEnd),
        },
        {
          name: 'tail',
          frames: n - windows.tailStart,
          decoded: tail?.pts.length ?? 0,
          // The tail window must start on the frame it was meant to.
          startsRight: sameTime(tail, found.tailPacket?.pts, found.timeBase),
          ...timesRight(tail, windows.tailStart, n),
        },
      ],
      packetTimesDistinct: distinctPts(packets),
      copiedMiddle: found.copiedMiddle,
    },
    first: head.picture,
    last: tail?.picture ?? null,
  };
}

/** A clip measured: its facts, its first and last pictures (null when not decoded). */
type Measured = { facts: ClipFacts; first: Picture | null; last: Picture | null };

/** Containers whose clips are read from their own boxes (clip-boxes.ts) instead of ffprobe and a listing. */
const BOXES = new Set(['mp4', 'mov']);

/**
 * An MP4/MOV clip measured by its seams with two processes instead of four: what ffprobe and the
 * packet listing gave is read from its boxes (clip-boxes.ts), its copied audio compared byte for
 * byte with the master's frames (middle-samples.ts); the head and tail windows decode at once
 * (the tail's keyframe is known from the sample table before anything runs).
 */
async function measureByBoxes(
  options: Parameters<typeof measureSeams>[0],
  signal?: AbortSignal,
): Promise<Measured> {
  const { clipPath, plan } = options;
  const clip = windowClip(options, signal);
  const boxes = await readClipBoxes(clipPath);
  if (typeof boxes === 'string') {
    return { facts: unreadableFacts(`the clip's boxes cannot be read: ${boxes}`), first: null, last: null };
  }
  const { packets, timeBase } = boxes;
  // The windows as the clip's own seams need them (narrowed for H.264 when its pictures prove it).
  const { windows, headIdr } = await seamWindows(clipPath, plan, options.windows, boxes);
  const seamed = { ...options, windows };
  const threads = headWindowThreads(windows, plan.frameCount);
  const head = decodeWindow({ ...clip, frames: windows.headEnd, pick: 0, name: 'head', threads });
  head.catch(() => undefined);
  const { packet: tailPacket, decoded: tail } = tailWindow(clip, seamed, { packets, timeBase });
  tail?.catch(() => undefined);
  const comparing = comparedMiddle(seamed, packets, boxes.table, { clip: timeBase, master: plan.timeBase });
  const audioCompared = Promise.all(
    boxes.audio.map((audio, i) => {
      const cut = plan.audio[i];
      if (cut?.method !== 'copy-frames') return null;
      return compareCopiedAudio(clipPath, audio, i, cut, plan, options.masterPath, options.masterCache).catch(
        (error: Error) => `audio ${i}: the copied frames could not be compared: ${error.message}`,
      );
    }),
  );
  const [headDecoded, copiedMiddle, copiedAudio, tailDecoded] = await Promise.all([
    head,
    comparing,
    audioCompared,
    tail,
  ]);
  return measured(seamed, {
    packets,
    timeBase,
    head: headDecoded,
    tail: tailDecoded,
    tailPacket,
    exactTimes: true,
    seamErrors: headIdr === false ? 'the first copied picture, after re-encoded ones, is not an IDR' : '',
    declared: {
      declaredVideoSeconds: boxes.declaredVideoSeconds,
      declaredVideoFrames: boxes.declaredVideoFrames,
      declaredFormatSeconds: boxes.declaredFormatSeconds,
      videoStartSeconds: boxes.videoStartSeconds,
      audio: boxes.audio.map((audio, i) => {
        const cut = plan.audio[i];
        return {
          channels: audio.channels,
          sampleRate: audio.sampleRate,
          samples: presentedSamples(audio, codedFrameSamples(cut?.codec ?? 'aac')),
          declaredSeconds: audio.declaredSeconds,
        };
      }),
    },
    copiedMiddle: copiedMiddle ?? copiedAudio.find((d) => d) ?? null,
  });
}

/**
 * An H.264 MP4/MOV clip's windows narrowed where its own pictures prove its seams need less
 * (seam-pictures.ts, windows.ts `narrowWindows`), as planned otherwise; and whether its first
 * copied picture, after re-encoded ones, is an IDR (null: no such seam, or not read).
 */
async function seamWindows(
  clipPath: string,
  plan: ClipPlan,
  windows: DecodeWindows,
  boxes: ClipBoxes,
): Promise<{ windows: DecodeWindows; headIdr: boolean | null }> {
  const [head, copy] = plan.parts;
  if (plan.outputCodec !== 'h264' || !boxes.avcC || head?.kind !== 'encode' || copy?.kind !== 'copy') {
    return { windows, headIdr: null };
  }
  const { packets } = boxes;
  const seams = await seamPictures(
    clipPath,
    boxes.table,
    boxes.avcC,
    packetOfFrame(packets, copy.startFrame - plan.inFrame),
    packetOfFrame(packets, windows.tailStart),
    windows.tailFrames > 0 ? packets.length - windows.tailFrames : null,
  ).catch(() => ({ headIdr: null, headAfterCopy: null, tailIdr: false }));
  return { windows: narrowWindows(windows, plan.frameCount, seams), headIdr: seams.headIdr };
}

/** The clip's packets [from, to) against the master's (bytes from both sample tables, or listings). */
async function compareWithMaster(
  clipPath: string,
  packets: PacketFacts[],
  from: number,
  to: number,
  master: MasterMiddle,
  windows: DecodeWindows,
  clipTable?: SampleTable,
  timeBases?: Parameters<typeof compareMiddleSamples>[7],
): Promise<string | null> {
  const dropLeading = windows.middleDropLeading ?? 0;
  if ('samples' in master) {
    return compareMiddleSamples(
      clipPath,
      packets,
      from,
      to,
      master.samples,
      dropLeading,
      clipTable,
      timeBases,
    ).catch((error: Error) => `the copied samples could not be compared: ${error.message}`);
  }
  const errors = master.listing.errors.trim();
  if (errors) return `the master's packets could not be read: ${errors.split('\n')[0]}`;
  return compareMiddle(
    packets.slice(from, to),
    withoutLeading(parsePackets(master.listing.text), dropLeading),
  );
}
