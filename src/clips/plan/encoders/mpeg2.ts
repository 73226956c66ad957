/**
 * Matched MPEG-2 settings for a smart cut's head and tail (pure): 4:2:2 or 4:2:0, the master's GOP
 * length and B-frames, interlaced DCT/ME with the master's field order, closed GOPs, colour
 * metadata, and the GOP header timecode continuing the master's.
 *
 * Quality, not only bitrate: re-encoding frames the master already quantised, at the master's own
 * 50 Mb/s CBR and 17.8 Mbit VBV, scored 37 dB on detailed, noisy pictures (the buffer runs dry after
 * a few frames). The few re-encoded frames are therefore coded at a fixed fine quantiser (non-linear
 * quantiser_scale 2: 48-50 dB on such pictures; trellis quantisation and RD macroblock decision were
 * measured slower and 3 dB lower against the master's frames), with the rate and
 * VBV buffer of the profile and level the master declares (4:2:2P@HL: 300 Mb/s, 47,185,920 bits;
 * MP@HL: 80 Mb/s, 9,781,248 bits), which the encoder enforces (it raises the quantiser of a picture
 * that would overflow the buffer): the edges of a clip may take more bits than the master's, the
 * stream stays within its profile and level.
 */
import type { VideoStreamInfo } from '../../../media/public.ts';

/** Rate and VBV buffer limits of MPEG-2 4:2:2P@HL and MP@HL (ISO/IEC 13818-2 tables 8-13, 8-14). */
const LIMITS_422_HL = { rate: 300_000_000, vbv: 47_185_920 };
const LIMITS_MP_HL = { rate: 80_000_000, vbv: 9_781_248 };

/** ffmpeg's lambda per quantiser step (FF_QP2LAMBDA). */
const QP2LAMBDA = 118;
/** The fixed quantiser of re-encoded frames (non-linear quantiser_scale_code 2: scale 2). */
const EDGE_QUANTISER = 2;

export interface Mpeg2EncodeOptions {
  /** GOP header timecode of the first encoded frame (the master's timecode of that frame). */
  timecode: string;
  threads?: number;
}

export function mpeg2EncoderArgs(video: VideoStreamInfo, options: Mpeg2EncodeOptions): string[] {
  const is422 = (video.pixFmt ?? '').startsWith('yuv422');
  const limits = is422 ? LIMITS_422_HL : LIMITS_MP_HL;
  const bitrate = Math.min(video.bitrate ?? (is422 ? 50_000_000 : 35_000_000), limits.rate);
  const args = ['-c:v', 'mpeg2video', '-threads', String(options.threads ?? 0)];
  args.push('-pix_fmt', is422 ? 'yuv422p' : 'yuv420p');
  args.push('-b:v', String(bitrate), '-maxrate', String(limits.rate));
  args.push('-bufsize', String(limits.vbv), '-rc_init_occupancy', String(limits.vbv));
  args.push('-global_quality', String(EDGE_QUANTISER * QP2LAMBDA));
  args.push('-g', String(video.gopSize ?? 12), '-bf', video.hasBFrames ? '2' : '0');
  args.push('-sc_threshold', '1000000000');
  const flags = ['+cgop', '+qscale'];
  if (video.scan === 'interlaced') {
    flags.push('+ildct', '+ilme');
    args.push('-top', video.fieldOrder === 'bff' ? '0' : '1');
  }
  args.push('-flags', flags.join(''));
  args.push('-intra_vlc', '1', '-non_linear_quant', '1', '-dc', '10', '-qmin', '1', '-qmax', '28');
  if (is422) args.push('-profile:v', '0', '-level:v', '2');
  // The encoder's own option: without it mpeg2video starts GOP timecodes at 00:00:00:00.
  args.push('-timecode', options.timecode);
  if (video.colorPrimaries) args.push('-color_primaries', video.colorPrimaries);
  if (video.colorTransfer) args.push('-color_trc', video.colorTransfer);
  if (video.colorSpace) args.push('-colorspace', video.colorSpace);
  return args;
}
