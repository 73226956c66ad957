/**
 * Test sounds, cached under .cache/test-media, made by ffmpeg (another encoder than the portal's
 * own): a 2-s 24-bit WAV (masters.ts), a 2-s MP3 (LAME) with a cover picture, a 2-s FLAC, and a WAV
 * in a codec the portal refuses (Microsoft ADPCM).
 */
import { audioOnlyMaster, ensureMaster } from './masters.ts';

const tone = (seconds: number, frequency = 440) => [
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=${frequency}:sample_rate=44100:duration=${seconds}`,
];

export const wav24 = audioOnlyMaster;

/** MP3 with an attached cover picture (allowed: `attached_pic`). */
export function mp3WithCover(): Promise<string> {
  return ensureMaster('audio-cover', 'mp3', [
    ...tone(2),
    '-f',
    'lavfi',
    '-i',
    'color=c=red:size=64x64:duration=1',
    '-map',
    '0:a',
    '-map',
    '1:v',
    '-frames:v',
    '1',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '96k',
    '-c:v',
    'mjpeg',
    '-disposition:v',
    'attached_pic',
    '-id3v2_version',
    '3',
    '-f',
    'mp3',
  ]);
}

export function flacTone(): Promise<string> {
  return ensureMaster('audio-tone', 'flac', [...tone(2, 660), '-ac', '2', '-c:a', 'flac', '-f', 'flac']);
}

/** A WAV whose audio is ADPCM: a container the portal reads, a codec it refuses. */
export function adpcmWav(): Promise<string> {
  return ensureMaster('audio-adpcm', 'wav', [...tone(1), '-c:a', 'adpcm_ms', '-f', 'wav']);
}
