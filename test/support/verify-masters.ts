/**
 * Tiny masters for clip verification, codec refusal and audio choice tests, generated once with the
 * real encoders and cached like the others (masters.ts ensureMaster): H.264 MOV with two mono PCM
 * streams of different tones and languages, HEVC (libx265) and MPEG-4 Part 2 (ffmpeg's mpeg4) MP4s.
 */
import { ensureMaster } from './masters.ts';

const picture = (size: string, seconds: number) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${size}:rate=25:duration=${seconds}`,
];
const tone = (frequency: number, seconds: number) => [
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`,
];

/** H.264 640x360 25p, 3 s, GOP 25 with B-frames, two mono PCM streams (440 Hz eng, 1 kHz fra), MOV. */
export function twoMonoPcmMovMaster(): Promise<string> {
  return ensureMaster('h264-two-mono-pcm', 'mov', [
    ...picture('640x360', 3),
    ...tone(440, 3),
    ...tone(1000, 3),
    ...['-map', '0:v', '-map', '1:a', '-map', '2:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '25', '-keyint_min', '25'],
    ...['-sc_threshold', '0', '-bf', '2', '-c:a', 'pcm_s16le', '-ac', '1'],
    ...['-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra'],
    ...['-timecode', '10:00:00:00', '-f', 'mov'],
  ]);
}

/** HEVC Main (libx265) 320x180 25p, 2 s, AAC, MP4. */
export function hevcMp4Master(): Promise<string> {
  return ensureMaster('hevc-x265', 'mp4', [
    ...picture('320x180', 2),
    ...tone(1000, 2),
    ...['-map', '0:v', '-map', '1:a', '-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    ...['-x265-params', 'log-level=error:keyint=25', '-tag:v', 'hvc1'],
    ...['-c:a', 'aac', '-ac', '2', '-f', 'mp4'],
  ]);
}

/** MPEG-4 Part 2 (ffmpeg's mpeg4 encoder) 320x180 25p, 2 s, B-frames, AAC, MP4. */
export function mpeg4Mp4Master(): Promise<string> {
  return ensureMaster('mpeg4-part2', 'mp4', [
    ...picture('320x180', 2),
    ...tone(1000, 2),
    ...['-map', '0:v', '-map', '1:a', '-c:v', 'mpeg4', '-q:v', '4', '-g', '25', '-bf', '2'],
    ...['-c:a', 'aac', '-ac', '2', '-f', 'mp4'],
  ]);
}
