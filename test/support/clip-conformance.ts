/**
 * Conformance of one clip against its master, with tools we did not write (ffprobe, ffmpeg's
 * decoders and framemd5, mediainfo): returns every failure found as a sentence (empty: exact).
 * - frames: decoded count, clean decode, each frame bit-identical to the master's frame at its
 *   position or (re-encoded) ≥ 45 dB against it and clearly lower against its neighbours;
 * - declared: mediainfo's frame count and durations (video, movie, audio) equal to the decoded ones,
 *   every stream starting at 0 (no empty edit, no offset between picture and sound);
 * - audio: decoded samples per stream exact, and the master's own samples (bit-exact for PCM, to
 *   the sample for AAC);
 * - the start timecode, the video sample entry, pixel aspect, colour and field order as the master's.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ClipPlan } from '../../src/clips/plan/plan.ts';
import { runFfprobeJson } from '../../src/platform/ffmpeg/run.ts';
import {
  decodedAudio,
  decodeFrames,
  decodeWhole,
  frameMd5s,
  peakDifferenceDb,
  psnr,
  startTimecode,
} from './clip-checks.ts';

const exec = promisify(execFile);

interface ProbeStream {
  codec_type: string;
  codec_tag_string?: string;
  sample_aspect_ratio?: string;
  color_primaries?: string;
  field_order?: string;
  start_time?: string;
}

async function probe(path: string): Promise<ProbeStream[]> {
  const out = await runFfprobeJson<{ streams: ProbeStream[] }>([
    ...[
      '-show_entries',
      'stream=codec_type,codec_tag_string,sample_aspect_ratio,color_primaries,field_order,start_time',
    ],
    path,
  ]);
  return out.streams;
}

interface MediaInfoTrack {
  '@type': string;
  Duration?: string;
  FrameCount?: string;
  SamplingCount?: string;
}

export async function mediainfoTracks(path: string): Promise<MediaInfoTrack[]> {
  const { stdout } = await exec('mediainfo', ['--Output=JSON', path], { maxBuffer: 16 << 20 });
  return (JSON.parse(stdout) as { media: { track: MediaInfoTrack[] } }).media.track;
}

/** What is decoded once per master and reused for every clip of it. */
export interface MasterFacts {
  path: string;
  pixFmt: string;
  md5s: string[];
  streams: ProbeStream[];
  /** Decoded audio per stream (s32le interleaved) and its channel count. */
  audio: { data: Buffer; channels: number; pcm: boolean }[];
  /** The master's start timecode (null: it declares none, and a clip need not either). */
  timecode: string | null;
}

export async function masterFacts(path: string, pixFmt: string, audioCodecs: string[]): Promise<MasterFacts> {
  const [md5s, streams] = await Promise.all([frameMd5s(path, pixFmt), probe(path)]);
  const channels = streams.filter((s) => s.codec_type === 'audio');
  const videoStart = Number(streams.find((s) => s.codec_type === 'video')?.start_time ?? 0);
  const audio = [];
  for (const [n, stream] of channels.entries()) {
    const info = await runFfprobeJson<{ streams: { channels: number; sample_rate: string }[] }>([
      ...['-select_streams', `a:${n}`, '-show_entries', 'stream=channels,sample_rate', path],
    ]);
    const { channels: count, sample_rate: rate } = info.streams[0]!;
    // Sample 0 of a clip is the sound at the master's first picture, which a master (remuxed from
    // MPEG-TS, say) may show after its sound starts: the master's decoded sound from there.
    const skip = Math.round((videoStart - Number(stream.start_time ?? 0)) * Number(rate));
    const data = await decodedAudio(path, n);
    audio.push({
      data: data.subarray(Math.max(0, skip) * 4 * count),
      channels: count,
      pcm: audioCodecs[n]?.startsWith('pcm_') ?? false,
    });
  }
  return { path, pixFmt, md5s, streams, audio, timecode: await startTimecode(path) };
}

const ms = (seconds: number) => Math.round(seconds * 1000);

export async function clipConformance(
  clipPath: string,
  plan: ClipPlan,
  master: MasterFacts,
): Promise<string[]> {
  const failures: string[] = [];
  const expectFrames = plan.frameCount;
  const rate = plan.frameRate;
  const seconds = (expectFrames * rate.den) / rate.num;
  // One decode of the clip: its frames hashed (their number is the decoded count), a clean
  // decode, and each audio stream's samples.
  const [streams, whole, tracks, timecode] = await Promise.all([
    probe(clipPath),
    decodeWhole(clipPath, master.pixFmt),
    mediainfoTracks(clipPath),
    startTimecode(clipPath),
  ]);
  const video = streams.find((s) => s.codec_type === 'video');
  const masterVideo = master.streams.find((s) => s.codec_type === 'video')!;
  const md5s = whole.frameHashes;
  if (md5s.length !== expectFrames) failures.push(`decoded ${md5s.length} frames for ${expectFrames}`);
  if (whole.errors) failures.push(`decode errors: ${whole.errors.split('\n').slice(0, 2).join(' | ')}`);
  // Frames: bit-identical, or re-encoded and frame-accurate.
  const differing = md5s.flatMap((md5, i) => (md5 === master.md5s[plan.inFrame + i] ? [] : [i]));
  const sampled = differing.length > 6 ? [...differing.slice(0, 3), ...differing.slice(-3)] : differing;
  if (sampled.length > 0 && md5s.length === expectFrames) {
    // One decode of each file: the clip's frames, and the master's at, before and after them.
    const last = master.md5s.length - 1;
    const source = (f: number, delta: number) => Math.min(last, Math.max(0, f + plan.inFrame + delta));
    const [clipFrames, masterFrames] = await Promise.all([
      decodeFrames(clipPath, sampled),
      decodeFrames(
        master.path,
        sampled.flatMap((f) => [source(f, -1), source(f, 0), source(f, 1)]),
      ),
    ]);
    const at = (delta: number) =>
      sampled.map((f) => psnr(clipFrames.get(f)!, masterFrames.get(source(f, delta))!));
    const [same, before, after] = [at(0), at(-1), at(1)];
    sampled.forEach((f, i) => {
      const source = f + plan.inFrame;
      if (same[i]! < 45) failures.push(`frame ${f}: ${same[i]!.toFixed(1)} dB against its source frame`);
      else if (source > 0 && before[i]! >= same[i]! - 3)
        failures.push(`frame ${f}: as close to the frame before`);
      else if (source + 1 < master.md5s.length && after[i]! >= same[i]! - 3)
        failures.push(`frame ${f}: as close to the frame after`);
    });
  }
  // Declared durations (mediainfo) and stream starts (ffprobe).
  const mi = (type: string) => tracks.filter((t) => t['@type'] === type);
  const miVideo = mi('Video')[0];
  if (Number(miVideo?.FrameCount) !== expectFrames)
    failures.push(`mediainfo counts ${miVideo?.FrameCount} frames for ${expectFrames}`);
  const declared = (t: MediaInfoTrack | undefined) => ms(Number(t?.Duration));
  if (Math.abs(declared(miVideo) - ms(seconds)) > 1)
    failures.push(`video declares ${miVideo?.Duration} s for ${seconds.toFixed(3)} s`);
  const general = mi('General')[0];
  if (Math.abs(declared(general) - ms(seconds)) > 1)
    failures.push(`movie declares ${general?.Duration} s for ${seconds.toFixed(3)} s`);
  for (const [n, track] of mi('Audio').entries()) {
    const source = master.audio[n];
    const cut = plan.audio[n];
    const available =
      source && cut ? (source.data.length / 4 / source.channels - cut.startSample) / cut.sampleRate : seconds;
    if (Math.abs(declared(track) - ms(Math.min(seconds, available))) > 1)
      failures.push(`audio ${n} declares ${track.Duration} s for ${seconds.toFixed(3)} s`);
  }
  for (const stream of streams) {
    if (stream.codec_type !== 'video' && stream.codec_type !== 'audio') continue;
    const start = Number(stream.start_time ?? 0);
    if (Math.abs(start) > 0.0005) failures.push(`${stream.codec_type} starts at ${stream.start_time} s`);
  }
  // Audio: per stream, exact sample count and the master's samples.
  for (const [n, cut] of plan.audio.entries()) {
    const source = master.audio[n];
    if (!source) continue;
    const data = whole.audio[n]?.pcm ?? Buffer.alloc(0);
    const samples = data.length / 4 / source.channels;
    // Nothing past the master's own end: a master whose sound stops before its last picture gives
    // a clip whose sound stops there too.
    const available = source.data.length / 4 / source.channels - cut.startSample;
    const wanted = Math.min(cut.sampleCount, available);
    // ffmpeg 5.1 trims coded audio at the start by the edit list but not at its end (the master
    // itself decodes to its last whole frame): there mediainfo's count, which reads the edit,
    // decides (it derives the count from a duration in milliseconds: within 1 ms).
    const declaredSamples = Number(mi('Audio')[n]?.SamplingCount);
    if (Math.abs(declaredSamples - wanted) > cut.sampleRate / 1000)
      failures.push(`audio ${n} declares ${declaredSamples} samples for ${wanted}`);
    const wrong = source.pcm ? samples !== wanted : samples < wanted || samples >= wanted + 1024;
    if (wrong) failures.push(`audio ${n}: ${samples} samples decoded for ${wanted}`);
    const frame = 4 * source.channels;
    const expected = source.data.subarray(
      cut.startSample * frame,
      (cut.startSample + cut.sampleCount) * frame,
    );
    const length = Math.min(data.length, expected.length);
    const peak = peakDifferenceDb(data.subarray(0, length), expected.subarray(0, length));
    if (source.pcm ? peak !== Number.NEGATIVE_INFINITY : peak > -40)
      failures.push(`audio ${n}: differs from the master's samples (peak ${peak.toFixed(1)} dBFS)`);
  }
  if (timecode !== plan.startTimecode && !(master.timecode === null && timecode === null))
    failures.push(`timecode ${timecode} for ${plan.startTimecode}`);
  for (const key of ['codec_tag_string', 'sample_aspect_ratio', 'color_primaries', 'field_order'] as const) {
    if ((video?.[key] ?? null) !== (masterVideo[key] ?? null))
      failures.push(`${key} ${video?.[key]} for the master's ${masterVideo[key]}`);
  }
  return failures;
}
