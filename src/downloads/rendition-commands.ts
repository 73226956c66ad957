/**
 * ffmpeg arguments for the derived renditions (pure, unit tested; run by the rendition job).
 * - web: H.264 High MP4 at most 1080 lines, square pixels, yuv420p, deinterlaced when the master is
 *   interlaced (bwdif, one frame per frame), AAC stereo from the first audio, +faststart.
 * - audio: WAV of every channel of every audio stream of the master, merged in stream order into
 *   one multichannel file; 24-bit unless the master's audio is 16-bit PCM; RF64 past 4 GiB.
 * Both read the master in the format its probe detected, from a file only (never by guessing).
 */
import type { AudioStreamInfo, MediaInfo } from '../media/public.ts';
import { masterInputArgs } from '../platform/ffmpeg/input.ts';

export function webArgs(input: string, output: string, info: MediaInfo): string[] {
  const filters: string[] = [];
  if (info.video.scan === 'interlaced') filters.push('bwdif=mode=send_frame:parity=auto:deint=all');
  filters.push("scale=w=-2:h='min(1080,ih)':flags=lanczos", 'setsar=1', 'format=yuv420p');
  const args = [
    '-y',
    ...masterInputArgs(info.container),
    '-i',
    input,
    '-map',
    '0:v:0',
    '-vf',
    filters.join(','),
  ];
  const audio = info.audio;
  const [first, second] = audio;
  if (first && first.channels === 1 && second && second.channels === 1) {
    // Broadcast masters often carry mono tracks: the first two make the stereo pair.
    args.push('-filter_complex', '[0:a:0][0:a:1]amerge=inputs=2[web_a]', '-map', '[web_a]');
  } else if (first) {
    args.push('-map', '0:a:0');
  }
  args.push(
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '20',
    '-profile:v',
    'high',
    '-maxrate',
    '12M',
    '-bufsize',
    '24M',
  );
  if (first) args.push('-c:a', 'aac', '-b:a', '192k', '-ac', '2', '-ar', '48000');
  args.push('-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', output);
  return args;
}

function pcmCodec(streams: readonly AudioStreamInfo[]): string {
  const sixteen = streams.every(
    (s) => s.codec === 'pcm_s16le' || s.codec === 'pcm_s16be' || s.bitsPerSample === 16,
  );
  return sixteen ? 'pcm_s16le' : 'pcm_s24le';
}

export function audioArgs(input: string, output: string, info: MediaInfo): string[] | null {
  const streams = info.audio;
  if (streams.length === 0) return null;
  const args = ['-y', ...masterInputArgs(info.container), '-i', input, '-vn'];
  if (streams.length === 1) {
    args.push('-map', '0:a:0');
  } else {
    const inputs = streams.map((_, i) => `[0:a:${i}]`).join('');
    args.push('-filter_complex', `${inputs}amerge=inputs=${streams.length}[all_a]`, '-map', '[all_a]');
  }
  args.push('-c:a', pcmCodec(streams), '-rf64', 'auto', '-map_metadata', '-1', '-f', 'wav', output);
  return args;
}

/** Channels in the audio rendition: all of them. */
export function audioChannels(info: MediaInfo): number {
  return info.audio.reduce((sum, s) => sum + s.channels, 0);
}
