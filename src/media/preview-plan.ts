/**
 * Pure planning of the HLS preview: which rungs, the one ffmpeg command that decodes the master once
 * and writes every rung plus the thumbnail sprite sheets, and the WebVTT thumbnails track.
 *
 * The preview keeps the master's frame rate (1080i50 → 25 frames/s after bwdif, one output frame per
 * master frame) so preview frame n is master frame n: the player can show the master's timecode.
 */
import { masterInputArgs } from '../platform/ffmpeg/input.ts';
import type { MediaInfo } from './types.ts';

export interface Rung {
  name: string;
  height: number;
  videoKbps: number;
  audioKbps: number;
  profile: 'main' | 'high';
}

export const DEFAULT_RUNGS: readonly Rung[] = [
  { name: '720p', height: 720, videoKbps: 2500, audioKbps: 128, profile: 'high' },
  { name: '360p', height: 360, videoKbps: 700, audioKbps: 96, profile: 'main' },
];

export interface ThumbnailLayout {
  everySeconds: number;
  width: number;
  height: number;
  columns: number;
  rows: number;
}

export const DEFAULT_THUMBNAILS: ThumbnailLayout = {
  everySeconds: 2,
  width: 160,
  height: 90,
  columns: 10,
  rows: 10,
};

/** What the preview needs to know about the master (a subset of MediaInfo). */
export type PreviewSource = Pick<MediaInfo, 'durationSeconds'> & {
  /** The master's probed format_name: read in that format only (file protocol), when given. */
  container?: string;
  video: Pick<MediaInfo['video'], 'index' | 'height' | 'frameRate' | 'scan' | 'fieldOrder'>;
  audio: Pick<MediaInfo['audio'][number], 'index' | 'channels'>[];
};

export interface PreviewPlanOptions {
  rungs?: readonly Rung[];
  segmentSeconds?: number;
  thumbnails?: ThumbnailLayout;
  /**
   * x264 preset for the preview, default superfast: a third less CPU than veryfast for these rungs
   * and, unlike ultrafast, keeps CABAC and the deblocking filter.
   */
  preset?: string;
}

export interface PreviewLayout {
  masterPlaylist: string;
  /** Media playlist of each rung, relative to the preview directory. */
  rungPlaylists: Record<string, string>;
  spritePattern: string;
  thumbnailsVtt: string;
  poster: string;
  manifest: string;
}

export const PREVIEW_LAYOUT: PreviewLayout = {
  masterPlaylist: 'master.m3u8',
  rungPlaylists: {},
  spritePattern: 'thumbs/sprite_%03d.jpg',
  thumbnailsVtt: 'thumbs/thumbs.vtt',
  poster: 'poster.jpg',
  manifest: 'preview.json',
};

/** Rungs no taller than the master (at least the smallest one). */
export function chooseRungs(sourceHeight: number, rungs: readonly Rung[] = DEFAULT_RUNGS): Rung[] {
  const fitting = rungs.filter((r) => r.height <= sourceHeight);
  if (fitting.length > 0) return fitting;
  const smallest = [...rungs].sort((a, b) => a.height - b.height)[0];
  return smallest ? [{ ...smallest, height: sourceHeight - (sourceHeight % 2) }] : [];
}

/** Deinterlacer for the preview only: bwdif, one frame per master frame, field order from the probe. */
export function deinterlaceFilter(video: PreviewSource['video']): string | null {
  if (video.scan !== 'interlaced') return null;
  const parity = video.fieldOrder === 'bff' ? 'bff' : video.fieldOrder === 'tff' ? 'tff' : 'auto';
  return `bwdif=mode=send_frame:parity=${parity}:deint=all`;
}

/**
 * Audio graph producing one stereo label per rung: a stereo (or wider) first stream is downmixed,
 * two or more mono streams (XDCAM, IMX) become CH1/CH2 as left/right, one mono stream is doubled.
 */
export function audioGraph(audio: PreviewSource['audio'], count: number): string | null {
  const first = audio[0];
  if (!first || count === 0) return null;
  const outputs = Array.from({ length: count }, (_, i) => `[a${i}]`).join('');
  const second = audio[1];
  let input: string;
  if (first.channels === 1 && second && second.channels === 1) {
    input = `[0:${first.index}][0:${second.index}]amerge=inputs=2`;
  } else {
    input = `[0:${first.index}]aformat=channel_layouts=stereo|mono`;
  }
  // Audio starts at 0 like the video (the master's own A/V start offset is dropped), plus the AAC
  // priming (1024 samples), so the first audio packet is at 0: otherwise ffmpeg shifts everything by
  // 21 ms and preview time 0 is not a frame start.
  return `${input},aresample=48000,asetpts=PTS-STARTPTS+1024/(SR*TB),asplit=${count}${outputs}`;
}

/** Scale to a height keeping the display aspect ratio, square pixels, even width. */
function scaleTo(height: number): string {
  return `scale='trunc(${height}*dar/2)*2':${height}:flags=bilinear,setsar=1`;
}

function gopFrames(source: PreviewSource, segmentSeconds: number): number {
  const { num, den } = source.video.frameRate;
  return Math.max(1, Math.round((segmentSeconds * num) / den));
}

/** Input options reading the master in its probed format (nothing when the source has none). */
function masterInput(source: PreviewSource): string[] {
  return source.container ? masterInputArgs(source.container) : [];
}

/** ffmpeg arguments writing the whole preview into `dir` (relative names; run with cwd = dir). */
export function previewArgs(
  masterPath: string,
  source: PreviewSource,
  options: PreviewPlanOptions = {},
): string[] {
  const rungs = chooseRungs(source.video.height, options.rungs);
  const segmentSeconds = options.segmentSeconds ?? 2;
  const thumbs = options.thumbnails ?? DEFAULT_THUMBNAILS;
  const gop = gopFrames(source, segmentSeconds);
  const deinterlace = deinterlaceFilter(source.video);
  const splits = rungs.length + 1;

  // Deinterlace at full size, scale once to the top rung (with the 4:2:0 conversion in the same
  // swscale pass), then derive the smaller rungs and the thumbnails from that: the cheapest order.
  const graph: string[] = [];
  const head = [
    'setpts=PTS-STARTPTS',
    deinterlace,
    scaleTo(rungs[0]!.height),
    'format=yuv420p',
    `split=${splits}`,
  ]
    .filter(Boolean)
    .join(',');
  graph.push(`[0:${source.video.index}]${head}${rungs.map((_, i) => `[s${i}]`).join('')}[st]`);
  rungs.forEach((rung, i) => {
    graph.push(i === 0 ? `[s0]null[v0]` : `[s${i}]${scaleTo(rung.height)}[v${i}]`);
  });
  graph.push(
    `[st]fps=1/${thumbs.everySeconds}:round=down,scale=${thumbs.width}:${thumbs.height}:flags=bilinear,` +
      `tile=${thumbs.columns}x${thumbs.rows}[thumbs]`,
  );
  const audio = audioGraph(source.audio, rungs.length);
  if (audio) graph.push(audio);

  const maps: string[] = [];
  const perStream: string[] = [];
  rungs.forEach((rung, i) => {
    maps.push('-map', `[v${i}]`);
    if (audio) maps.push('-map', `[a${i}]`);
    perStream.push(
      ...[`-b:v:${i}`, `${rung.videoKbps}k`, `-maxrate:v:${i}`, `${Math.round(rung.videoKbps * 1.5)}k`],
      ...[`-bufsize:v:${i}`, `${rung.videoKbps * 2}k`, `-profile:v:${i}`, rung.profile],
    );
    if (audio) perStream.push(`-b:a:${i}`, `${rung.audioKbps}k`);
  });
  const streamMap = rungs.map((rung, i) => `v:${i}${audio ? `,a:${i}` : ''},name:${rung.name}`).join(' ');

  return [
    ...['-y', ...masterInput(source), '-i', masterPath, '-filter_complex', graph.join(';')],
    ...maps,
    ...['-map_metadata', '-1', '-map_chapters', '-1'],
    ...['-c:v', 'libx264', '-preset', options.preset ?? 'superfast', '-pix_fmt', 'yuv420p'],
    ...[
      '-bf',
      '0',
      '-g',
      String(gop),
      '-keyint_min',
      String(gop),
      '-sc_threshold',
      '0',
      '-fps_mode',
      'passthrough',
    ],
    ...perStream,
    ...(audio ? ['-c:a', 'aac', '-ac', '2', '-ar', '48000'] : []),
    ...['-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_playlist_type', 'event'],
    ...['-hls_flags', 'independent_segments+temp_file', '-hls_segment_type', 'fmp4'],
    ...['-hls_fmp4_init_filename', 'init.mp4', '-master_pl_name', PREVIEW_LAYOUT.masterPlaylist],
    ...['-var_stream_map', streamMap, '-hls_segment_filename', '%v/seg_%05d.m4s', '%v/index.m3u8'],
    ...['-map', '[thumbs]', '-map_metadata', '-1', '-fps_mode', 'passthrough', '-q:v', '5'],
    ...['-start_number', '0', '-f', 'image2', PREVIEW_LAYOUT.spritePattern],
  ];
}

export function rungPlaylist(rung: Rung): string {
  return `${rung.name}/index.m3u8`;
}

/** The files of a rung, as `previewArgs` names them: its init segment and media segment n (from 0). */
export function rungFiles(rungName: string): { init: string; segment(n: number): string } {
  return {
    init: `${rungName}/init.mp4`,
    segment: (n) => `${rungName}/seg_${String(n).padStart(5, '0')}.m4s`,
  };
}

/** Poster: one deinterlaced frame, 720 lines at most, from a seek into the master. */
export function posterArgs(
  masterPath: string,
  source: PreviewSource,
  atSeconds: number,
  out: string,
  seek: 'input' | 'output' = 'input',
): string[] {
  const deinterlace = deinterlaceFilter(source.video);
  const height = Math.min(720, source.video.height);
  const scale = `scale='trunc(${height}*dar/2)*2':${height},setsar=1`;
  // Input seeking is fast; output seeking (decode from the start) also works on files whose
  // keyframes the demuxer cannot seek to (a single GOP in a transport stream).
  const at = ['-ss', atSeconds.toFixed(3)];
  return [
    ...['-y', ...(seek === 'input' ? at : []), ...masterInput(source), '-i', masterPath],
    ...(seek === 'output' ? at : []),
    ...['-map', `0:${source.video.index}`],
    ...['-frames:v', '1', '-vf', [deinterlace, scale].filter(Boolean).join(','), '-q:v', '3'],
    ...['-f', 'image2', '-update', '1', out],
  ];
}

/**
 * The seek that lands on frame `frame` (from the master's first frame): its time rounded down to the
 * millisecond `posterArgs` writes, so the first frame decoded at or after it is that one.
 */
export function frameSeekSeconds(frame: number, frameRate: { num: number; den: number }): number {
  return Math.floor(((frame * frameRate.den) / frameRate.num) * 1000) / 1000;
}

/** Where the poster frame is taken: a tenth of the way in, at most 5 s, 0 for very short masters. */
export function posterTime(durationSeconds: number): number {
  return Math.max(0, Math.min(5, durationSeconds / 10));
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(rest, 3)}`;
}

/** Number of thumbnails the sprite pass produces for this duration. */
export function thumbnailCount(
  durationSeconds: number,
  layout: ThumbnailLayout = DEFAULT_THUMBNAILS,
): number {
  return Math.max(1, Math.ceil(durationSeconds / layout.everySeconds - 1e-9));
}

/** The WebVTT thumbnails track: one cue per thumbnail, `sprite_NNN.jpg#xywh=x,y,w,h`. */
export function thumbnailsVtt(durationSeconds: number, layout: ThumbnailLayout = DEFAULT_THUMBNAILS): string {
  const perSheet = layout.columns * layout.rows;
  const lines = ['WEBVTT', ''];
  const count = thumbnailCount(durationSeconds, layout);
  for (let i = 0; i < count; i++) {
    const start = i * layout.everySeconds;
    const end = Math.min(durationSeconds, start + layout.everySeconds);
    const sheet = Math.floor(i / perSheet);
    const cell = i % perSheet;
    const x = (cell % layout.columns) * layout.width;
    const y = Math.floor(cell / layout.columns) * layout.height;
    lines.push(`${vttTime(start)} --> ${vttTime(end)}`);
    lines.push(
      `sprite_${String(sheet).padStart(3, '0')}.jpg#xywh=${x},${y},${layout.width},${layout.height}`,
    );
    lines.push('');
  }
  return lines.join('\n');
}
