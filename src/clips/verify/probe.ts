/**
 * Measures a finished clip and the master frames it must show (I/O: ffprobe and ffmpeg, argument
 * arrays). The clip is decoded once, every stream: `-v error -xerror` (anything printed or a
 * non-zero exit is a decode error), a framecrc of every frame (video as wrapped frames, so nothing is
 * hashed but a few bytes; audio as 32-bit PCM, so its bytes count the samples), and its first and
 * last frames kept (MD5 of the native picture, 8-bit luma). The master's frames around each edge are
 * decoded from the keyframe the planner would decode from, with the same seek rule as the executor.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Keyframe, KeyframeIndex, MediaInfo } from '../../media/public.ts';
import type { ResidentEncoder } from '../../platform/ffmpeg/resident-encoder.ts';
import { runFfmpeg, runFfprobeJson } from '../../platform/ffmpeg/run.ts';
import { seconds } from '../execute/master-audio.ts';
import { absoluteSeconds, masterFormatArgs, secondsArg, seekArgs } from '../plan/commands.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { residentPictures } from './resident-reference.ts';
import { type ClipFacts, type DecodedAudio, type Picture, parseFramecrc } from './rules.ts';

export interface ProbeOutput {
  streams: {
    codec_type?: string;
    duration?: string;
    nb_frames?: string;
    channels?: number;
    sample_rate?: string;
    start_time?: string;
  }[];
  format: { duration?: string };
}

/**
 * Decoder threads of the short decodes (windows, the master's edge frames): one. They run beside
 * each other, and frame threads cost CPU time (start, synchronisation) that a few dozen frames do
 * not repay; a whole clip's decode keeps ffmpeg's default.
 */
export const ONE_THREAD = ['-threads', '1'];

/** MD5s of framemd5 output, in order. */
function md5Lines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').pop()!.trim());
}

/** Splits raw luma planes of `count` equal frames. */
function lumaPlanes(data: Buffer, count: number): Uint8Array[] {
  if (count === 0 || data.length % count !== 0) return [];
  const size = data.length / count;
  return Array.from({ length: count }, (_, i) => data.subarray(i * size, (i + 1) * size));
}

/** Output options writing the selected pictures `[label]` as framemd5 and as 8-bit luma. */
export function pictureOutputs(
  label: string,
  workDir: string,
  name: string,
  size: { width: number; height: number },
) {
  return {
    filter: `[${label}]split=2[${label}m][${label}l0];[${label}l0]scale=${size.width}:${size.height},format=gray[${label}l]`,
    outputs: [
      ...['-map', `[${label}m]`, '-fps_mode', 'passthrough', '-f', 'framemd5', join(workDir, `${name}.md5`)],
      ...['-map', `[${label}l]`, '-fps_mode', 'passthrough', '-f', 'rawvideo', join(workDir, `${name}.gray`)],
    ],
    async read(): Promise<Picture[]> {
      const [md5s, luma] = await Promise.all([
        readFile(join(workDir, `${name}.md5`), 'utf8').then(md5Lines),
        readFile(join(workDir, `${name}.gray`)),
      ]);
      const planes = lumaPlanes(luma, md5s.length);
      return md5s.map((md5, i) => ({ md5, luma: planes[i] ?? new Uint8Array() }));
    },
  };
}

/** What ffprobe reads of a clip, or the facts of a file it cannot read (a failed clip, remade). */
export async function probeClip(
  clipPath: string,
  signal?: AbortSignal,
): Promise<{ probe: ProbeOutput } | { unreadable: ClipFacts }> {
  try {
    return {
      probe: await runFfprobeJson<ProbeOutput>(['-show_streams', '-show_format', clipPath], { signal }),
    };
  } catch (error) {
    // A file ffprobe cannot read is a failed clip (remade), not a failed job (retried).
    if (signal?.aborted) throw error;
    return { unreadable: unreadableFacts(`ffprobe cannot read the file: ${(error as Error).message}`) };
  }
}

/** The facts of a clip that cannot be read at all (failed, then remade). */
export function unreadableFacts(reason: string): ClipFacts {
  return {
    decodeErrors: reason,
    videoFrames: 0,
    videoPts: [],
    declaredVideoSeconds: null,
    declaredVideoFrames: null,
    declaredFormatSeconds: null,
    audio: [],
  };
}

/** The clip's audio streams as decoded (bytes of 32-bit PCM per framecrc stream n + 1). */
export function audioFacts(probe: ProbeOutput, audioBytes: ReadonlyMap<number, number>): DecodedAudio[] {
  const videoStart = seconds(probe.streams.find((s) => s.codec_type === 'video')?.start_time);
  return probe.streams
    .filter((s) => s.codec_type === 'audio')
    .map((stream, n) => {
      const channels = stream.channels ?? 1;
      const start = seconds(stream.start_time);
      return {
        channels,
        sampleRate: Number(stream.sample_rate ?? 0),
        samples: (audioBytes.get(n + 1) ?? 0) / 4 / channels,
        declaredSeconds: seconds(stream.duration),
        leadSeconds: start === null || videoStart === null ? null : videoStart - start,
      };
    });
}

/** Durations and frame count the container declares. */
export function declaredFacts(
  probe: ProbeOutput,
): Pick<
  ClipFacts,
  'declaredVideoSeconds' | 'declaredVideoFrames' | 'declaredFormatSeconds' | 'videoStartSeconds'
> {
  const video = probe.streams.find((s) => s.codec_type === 'video');
  return {
    videoStartSeconds: seconds(video?.start_time),
    declaredVideoSeconds: seconds(video?.duration),
    declaredVideoFrames: video?.nb_frames === undefined ? null : seconds(video.nb_frames),
    declaredFormatSeconds: seconds(probe.format.duration),
  };
}

/**
 * Decodes the whole clip once: its facts, and its first and last pictures (scaled to the master's
 * picture size for the luma comparison, a no-op unless a profile changed it).
 */
export async function measureClip(
  clipPath: string,
  plan: ClipPlan,
  size: { width: number; height: number },
  workDir: string,
  signal?: AbortSignal,
): Promise<{ facts: ClipFacts; first: Picture | null; last: Picture | null }> {
  const probed = await probeClip(clipPath, signal);
  if ('unreadable' in probed) return { facts: probed.unreadable, first: null, last: null };
  const { probe } = probed;
  const audioStreams = probe.streams.filter((s) => s.codec_type === 'audio');
  const last = plan.frameCount - 1;
  const pictures = pictureOutputs('e', workDir, 'clip-edges', size);
  let decodeErrors = '';
  try {
    const { stderr } = await runFfmpeg(
      [
        ...['-v', 'error', '-xerror', '-i', clipPath],
        ...[
          '-filter_complex',
          `[0:v:0]split=2[all][e0];[e0]select=eq(n\\,0)+eq(n\\,${last})[e];${pictures.filter}`,
        ],
        ...['-map', '[all]', ...(audioStreams.length ? ['-map', '0:a'] : [])],
        ...['-c:v', 'wrapped_avframe', '-c:a', 'pcm_s32le', '-fps_mode', 'passthrough'],
        ...['-f', 'framecrc', join(workDir, 'clip.crc')],
        ...pictures.outputs,
      ],
      { signal },
    );
    decodeErrors = stderr;
  } catch (error) {
    if (signal?.aborted) throw error;
    decodeErrors = (error as Error).message || 'decoding failed';
  }
  const crc = await readFile(join(workDir, 'clip.crc'), 'utf8').catch(() => '');
  const decoded = parseFramecrc(crc);
  const edges = await pictures.read().catch(() => [] as Picture[]);
  return {
    facts: {
      decodeErrors,
      videoFrames: decoded.video.length,
      videoPts: decoded.video,
      ...declaredFacts(probe),
      audio: audioFacts(probe, decoded.audioBytes),
    },
    first: edges[0] ?? null,
    last: plan.frameCount > 1 ? (edges[1] ?? null) : (edges[0] ?? null),
  };
}

/** Frames the master's reference may be decoded through from a closed keyframe before seeking instead. */
export const MAX_REFERENCE_DECODE = 250;

/**
 * Where the master's reference frames are decoded from, as independently of the executor as is
 * affordable: the last keyframe at or before `frame` that decodes alone (IDR, closed GOP), from the
 * file's start (no seek at all) when that is frame 0; when it lies more than MAX_REFERENCE_DECODE
 * frames back, the keyframe before the one the planner decodes from (one more GOP, so that an open
 * GOP's leading pictures are never among the frames compared).
 */
export function referenceStart(index: KeyframeIndex, frame: number): Keyframe {
  const before = index.keyframes.filter((k) => k.frame <= frame);
  const closed = before.filter((k) => !k.openGop).pop();
  if (closed && frame - closed.frame <= MAX_REFERENCE_DECODE) return closed;
  return before[Math.max(0, before.length - 2)] ?? index.keyframes[0]!;
}

/**
 * The master's display frames [from, to) (clamped to the master), decoded from referenceStart():
 * counted from the file's first frame, or from an accurate seek to the keyframe's time. By the
 * clip worker's resident encoder when there is one and it can (resident-reference.ts: the same
 * libraries and seek rule, no process), by ffmpeg otherwise.
 */
export async function masterPictures(
  options: {
    masterPath: string;
    masterFormat: string;
    plan: ClipPlan;
    index: KeyframeIndex;
    workDir: string;
    media?: Pick<MediaInfo, 'video'>;
    residentEncoder?: ResidentEncoder | null;
  },
  range: [number, number],
  name: string,
  signal?: AbortSignal,
): Promise<Map<number, Picture>> {
  const { plan, index } = options;
  const from = Math.max(0, range[0]);
  const to = Math.min(index.totalFrames, range[1]);
  const keyframe = referenceStart(index, from);
  const skip = from - keyframe.frame;
  const video = options.media?.video;
  const resident =
    options.residentEncoder && video
      ? await residentPictures(
          options.residentEncoder,
          { plan, pixFmt: video.pixFmt, size: video, workDir: options.workDir },
          {
            masterPath: options.masterPath,
            seek: keyframe.frame === 0 ? undefined : secondsArg(absoluteSeconds(plan, keyframe.pts)),
            stream: plan.videoStreamIndex,
          },
          skip,
          from,
          to - from,
          name,
          signal,
        )
      : null;
  if (resident) return resident;
  const pictures = pictureOutputs('m', options.workDir, name, { width: 0, height: 0 });
  // The luma plane keeps the master's own size: scale=0:0 is the input size.
  await runFfmpeg(
    [
      ...['-v', 'error', ...ONE_THREAD, ...(keyframe.frame === 0 ? [] : seekArgs(plan, keyframe.pts))],
      ...masterFormatArgs(options.masterFormat),
      ...['-i', options.masterPath],
      ...[
        '-filter_complex',
        `[0:${plan.videoStreamIndex}]trim=start_frame=${skip}:end_frame=${skip + to - from}[m];${pictures.filter}`,
      ],
      ...pictures.outputs,
    ],
    { signal },
  );
  const found = await pictures.read();
  return new Map(found.map((picture, i) => [from + i, picture]));
}
