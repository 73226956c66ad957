/**
 * The copied stretch of an MPEG-TS master, taken by packet count rather than by time. The concat
 * demuxer's inpoint/outpoint seek a TS by timestamp and keep whatever packets land in the window:
 * with timestamps an hour in (a TS recorded mid-day) or wrapped past 2^33, frames were lost or
 * doubled and B-frames lost their references at the joins. Here the master is opened at the copy's
 * keyframe (an accurate `-ss` on its own presentation time: stream copy starts at the first
 * keyframe at or after it) and exactly the plan's packets, in decode order, are written to a small
 * MP4 part, timed from 0 like the re-encoded parts, so the join only concatenates parts.
 */
import { masterFormatArgs, seekArgs } from '../plan/commands.ts';
import type { ClipPlan, CopyPart } from '../plan/plan.ts';

/** Whether the copied stretch of a clip from a master in `containerFamily` is extracted this way. */
export function copiesByPacketCount(containerFamily: string, plan: ClipPlan): boolean {
  return containerFamily === 'mpegts' && plan.outputCodec === 'h264' && plan.sourceCodec === 'h264';
}

/**
 * The MP4 track timescale ffmpeg gives a re-encoded part (its time base is 1/frame rate, doubled
 * until it reaches 10000): the concat demuxer relabels every file's ticks in the first file's time
 * base, so the copied part must use the same one.
 */
export function encodedPartTimescale(plan: Pick<ClipPlan, 'frameRate'>): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const { num, den } = plan.frameRate;
  let scale = num / gcd(num, den);
  while (scale < 10000) scale *= 2;
  return scale;
}

/** ffmpeg arguments writing the copy part's packets, bit for bit, into an MP4 timed from 0 (pure). */
export function tsCopyArgs(
  plan: ClipPlan,
  part: CopyPart,
  masterPath: string,
  masterFormat: string | undefined,
  outputPath: string,
): string[] {
  return [
    ...['-v', 'error', '-y'],
    ...seekArgs(plan, part.fromKeyframe.pts),
    ...masterFormatArgs(masterFormat),
    ...['-i', masterPath],
    ...['-map', `0:${plan.videoStreamIndex}`, '-c:v', 'copy', '-an', '-sn', '-dn'],
    ...['-frames:v', String(part.packetCount), '-video_track_timescale', String(encodedPartTimescale(plan))],
    ...['-f', 'mp4', outputPath],
  ];
}
