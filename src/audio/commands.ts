/**
 * The ffmpeg commands of the audio feature, built as argument arrays (pure; `derivatives-job.ts`
 * runs them). Every read of a stored original forces the demuxer the upload's probe detected and the
 * `file` protocol only, so a file can never make ffmpeg open another.
 */
import { PROBE_FORMATS } from './formats.ts';

export const WAVEFORM = { width: 1200, height: 160, colour: '#1f4e79' } as const;
export const PREVIEW_BITRATE = '128k';

/** ffprobe's arguments for an upload: detection among the audio containers only. */
export function probeArgs(path: string): string[] {
  return [
    '-protocol_whitelist',
    'file',
    '-format_whitelist',
    PROBE_FORMATS,
    '-show_entries',
    'format=format_name,duration:stream=codec_type,codec_name,sample_rate,channels,duration:stream_disposition=attached_pic',
    path,
  ];
}

function input(source: string, demuxer: string): string[] {
  return ['-v', 'error', '-protocol_whitelist', 'file', '-f', demuxer, '-i', source];
}

/** The web preview: the first audio stream as AAC-LC 128 kb/s in MP4 (moov first), stereo at most. */
export function previewArgs(source: string, demuxer: string, channels: number, out: string): string[] {
  return [
    ...input(source, demuxer),
    '-map',
    '0:a:0',
    '-vn',
    '-map_metadata',
    '-1',
    '-c:a',
    'aac',
    '-b:a',
    PREVIEW_BITRATE,
    '-ac',
    String(Math.max(1, Math.min(2, channels))),
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    '-y',
    out,
  ];
}

/** The waveform: the first audio stream mixed to mono, drawn as one PNG. */
export function waveformArgs(source: string, demuxer: string, out: string): string[] {
  const { width, height, colour } = WAVEFORM;
  return [
    ...input(source, demuxer),
    '-filter_complex',
    `[0:a:0]aformat=channel_layouts=mono,showwavespic=s=${width}x${height}:colors=${colour}[w]`,
    '-map',
    '[w]',
    '-frames:v',
    '1',
    '-update',
    '1',
    '-c:v',
    'png',
    '-f',
    'image2',
    '-y',
    out,
  ];
}
