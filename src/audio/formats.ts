/**
 * Which audio files the portal keeps (pure): ffprobe's answer about an upload, judged against a
 * whitelist of containers and codecs. A file is kept when its container is one of `CONTAINERS`, it
 * has at least one audio stream, every audio stream's codec is one of `CODECS`, any picture is cover
 * art (`attached_pic`, as MP3, M4A and FLAC carry it) and its duration is known and within
 * `MAX_DURATION_SECONDS`. What a file declares is read, not its name.
 */

/** ffprobe's format_name -> [our format, ffmpeg demuxer forced on later reads, stored extension]. */
const CONTAINERS = {
  wav: ['wav', 'wav', 'wav'],
  w64: ['w64', 'w64', 'w64'],
  aiff: ['aiff', 'aiff', 'aif'],
  mp3: ['mp3', 'mp3', 'mp3'],
  'mov,mp4,m4a,3gp,3g2,mj2': ['m4a', 'mov', 'm4a'],
  flac: ['flac', 'flac', 'flac'],
  ogg: ['ogg', 'ogg', 'ogg'],
} as const;

export type AudioFormat = (typeof CONTAINERS)[keyof typeof CONTAINERS][0];

/** The Content-Type of each stored extension (the originals' and the derivatives'). */
const CONTENT_TYPES: Record<string, string> = {
  wav: 'audio/wav',
  aif: 'audio/x-aiff',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  flac: 'audio/x-flac',
  ogg: 'audio/ogg',
  png: 'image/png',
};

export function contentTypeOf(extension: string): string {
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** The probe's `-format_whitelist`: ffmpeg detects among these containers only. */
export const PROBE_FORMATS = 'wav,w64,aiff,mp3,mov,mp4,m4a,3gp,3g2,mj2,flac,ogg';

const CODECS = new Set([
  'pcm_s16le',
  'pcm_s24le',
  'pcm_s32le',
  'pcm_f32le',
  'pcm_f64le',
  'pcm_s16be',
  'pcm_s24be',
  'pcm_s32be',
  'pcm_f32be',
  'mp3',
  'aac',
  'alac',
  'flac',
  'vorbis',
  'opus',
]);

export const MAX_DURATION_SECONDS = 6 * 3600;

export interface ProbeOutput {
  format?: { format_name?: string; duration?: string };
  streams?: {
    codec_type?: string;
    codec_name?: string;
    sample_rate?: string;
    channels?: number;
    duration?: string;
    disposition?: { attached_pic?: number };
  }[];
}

export interface AudioFacts {
  format: AudioFormat;
  demuxer: string;
  extension: string;
  codec: string;
  sampleRate: number;
  channels: number;
  durationMs: number;
}

export type AudioRefusalCode = 'not_audio' | 'has_video' | 'unsupported_codec' | 'too_long';

export type Judgement =
  | { ok: true; facts: AudioFacts }
  | { ok: false; code: AudioRefusalCode; codec?: string };

/** The demuxer and extension of a format we keep. */
export function formatDetails(format: AudioFormat): { demuxer: string; extension: string } {
  const entry = Object.values(CONTAINERS).find(([name]) => name === format);
  if (!entry) throw new Error(`not an audio format: ${format}`);
  return { demuxer: entry[1], extension: entry[2] };
}

export function judgeProbe(probe: ProbeOutput): Judgement {
  const formatName = probe.format?.format_name ?? '';
  const container = (CONTAINERS as Record<string, readonly [AudioFormat, string, string]>)[formatName];
  const streams = probe.streams ?? [];
  const audio = streams.filter((s) => s.codec_type === 'audio');
  if (!container || audio.length === 0) return { ok: false, code: 'not_audio' };
  if (streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1))
    return { ok: false, code: 'has_video' };
  const unsupported = audio.find((s) => !CODECS.has(s.codec_name ?? ''));
  if (unsupported) return { ok: false, code: 'unsupported_codec', codec: unsupported.codec_name ?? '?' };
  const first = audio[0] as (typeof audio)[number];
  const seconds = Number.parseFloat(probe.format?.duration ?? first.duration ?? '');
  const sampleRate = Number.parseInt(first.sample_rate ?? '', 10);
  if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isFinite(sampleRate) || sampleRate <= 0)
    return { ok: false, code: 'not_audio' };
  if (seconds > MAX_DURATION_SECONDS) return { ok: false, code: 'too_long' };
  return {
    ok: true,
    facts: {
      format: container[0],
      demuxer: container[1],
      extension: container[2],
      codec: first.codec_name ?? '',
      sampleRate,
      channels: first.channels ?? 0,
      durationMs: Math.round(seconds * 1000),
    },
  };
}
