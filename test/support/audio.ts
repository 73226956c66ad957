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

/** BWF's time reference of `bwfMaster`: 10:00:00 at 48 kHz, in samples since midnight. */
export const BWF_TIME_REFERENCE = 10n * 3600n * 48000n;

/**
 * A 2.3-s 24-bit 48 kHz stereo BWF (a `bext` chunk with a time reference and a description): its end
 * is not on an audio frame (57.5 frames of 1920 samples), and its two channels differ.
 */
export function bwfMaster(): Promise<string> {
  return ensureMaster('audio-bwf', 'wav', [
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000:duration=2.3',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=660:sample_rate=48000:duration=2.3',
    '-filter_complex',
    '[0:a][1:a]join=inputs=2:channel_layout=stereo',
    '-c:a',
    'pcm_s24le',
    '-write_bext',
    '1',
    '-metadata',
    `time_reference=${BWF_TIME_REFERENCE}`,
    '-metadata',
    'comment=Harbour interview',
    '-f',
    'wav',
  ]);
}

/** A RIFF/WAVE file's `data` chunk bytes (what PCM samples it stores, read without a decoder). */
export function wavData(bytes: Buffer): Buffer {
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'data') return bytes.subarray(offset + 8, offset + 8 + size);
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/**
 * What an MP3's Xing/Info header and LAME tag declare: frames (the Info frame excluded), the encoder
 * delay and the padding (ISO/IEC 11172-3 frames of 1152 samples; the LAME tag's 12-bit fields).
 */
export function mp3Declared(bytes: Buffer): { frames: number; delay: number; padding: number } {
  const tag = Math.max(bytes.indexOf('Info'), bytes.indexOf('Xing'));
  if (tag < 0) throw new Error('no Xing/Info header');
  const flags = bytes.readUInt32BE(tag + 4);
  if ((flags & 1) === 0) throw new Error('no frame count');
  const frames = bytes.readUInt32BE(tag + 8);
  // Xing: 8 bytes + frames 4 + bytes 4 + TOC 100 + quality 4 when each flag is set; then the LAME tag.
  const lame =
    tag + 8 + (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
  const b = bytes.subarray(lame + 21, lame + 24);
  return {
    frames,
    delay: ((b[0] ?? 0) << 4) | ((b[1] ?? 0) >> 4),
    padding: (((b[1] ?? 0) & 15) << 8) | (b[2] ?? 0),
  };
}
