/**
 * Matched MPEG-2 settings for a smart cut's head and tail (pure): 4:2:2 or 4:2:0, CBR at the
 * master's bitrate (XDCAM HD422: 50 Mb/s, VBV 17825792 bits), the master's GOP length and
 * B-frames, interlaced DCT/ME with the master's field order, closed GOPs, colour metadata, and the
 * GOP header timecode continuing the master's.
 */
import type { VideoStreamInfo } from '../../../media/public.ts';

/** VBV buffer of MPEG-2 4:2:2 high level (XDCAM HD422) and of MP@HL, in bits. */
const VBV_422_HL = 17_825_792;
const VBV_MP_HL = 9_781_248;

export interface Mpeg2EncodeOptions {
  /** GOP header timecode of the first encoded frame (the master's timecode of that frame). */
  timecode: string;
  threads?: number;
}

export function mpeg2EncoderArgs(video: VideoStreamInfo, options: Mpeg2EncodeOptions): string[] {
  const is422 = (video.pixFmt ?? '').startsWith('yuv422');
  const bitrate = video.bitrate ?? (is422 ? 50_000_000 : 35_000_000);
  const vbv = is422 ? VBV_422_HL : VBV_MP_HL;
  const args = ['-c:v', 'mpeg2video', '-threads', String(options.threads ?? 0)];
  args.push('-pix_fmt', is422 ? 'yuv422p' : 'yuv420p');
  args.push('-b:v', String(bitrate), '-minrate', String(bitrate), '-maxrate', String(bitrate));
  args.push('-bufsize', String(vbv), '-rc_init_occupancy', String(vbv));
  args.push('-g', String(video.gopSize ?? 12), '-bf', video.hasBFrames ? '2' : '0');
  args.push('-sc_threshold', '1000000000');
  const flags = ['+cgop'];
  if (video.scan === 'interlaced') {
    flags.push('+ildct', '+ilme');
    args.push('-top', video.fieldOrder === 'bff' ? '0' : '1');
  }
  args.push('-flags', flags.join(''));
  args.push('-intra_vlc', '1', '-non_linear_quant', '1', '-dc', '10', '-qmin', '1', '-qmax', '12');
  if (is422) args.push('-profile:v', '0', '-level:v', '2');
  // The encoder's own option: without it mpeg2video starts GOP timecodes at 00:00:00:00.
  args.push('-timecode', options.timecode);
  if (video.colorPrimaries) args.push('-color_primaries', video.colorPrimaries);
  if (video.colorTransfer) args.push('-color_trc', video.colorTransfer);
  if (video.colorSpace) args.push('-colorspace', video.colorSpace);
  return args;
}
