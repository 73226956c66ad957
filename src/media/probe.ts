/**
 * Probes a master with ffprobe: one pass that reads the format, the streams and counts every packet
 * (`-count_packets` demuxes without decoding: the video stream's packet count is its frame count, far
 * faster than `-count_frames`). Refusals are MediaError with a code. The first probe of a file
 * detects its format among the accepted containers only (`file` protocol, format whitelist); a probe
 * given the detected `format` forces it.
 */
import { access, constants, open } from 'node:fs/promises';
import { masterInputArgs, probeInputArgs } from '../platform/ffmpeg/input.ts';
import { FfmpegError, type RunOptions, runFfprobeCapture } from '../platform/ffmpeg/run.ts';
import { classifyProbeFailure, MediaError } from './probe-errors.ts';
import { type FfprobeOutput, parseProbeOutput } from './probe-parse.ts';
import type { MediaInfo } from './types.ts';

export { MediaError, type MediaErrorCode } from './probe-errors.ts';

/**
 * ffprobe arguments for probing (pure; `path` last). `formatName`: the format an earlier probe
 * detected (forced); without it, detection among the accepted formats only.
 */
export function probeArgs(path: string, countPackets = true, formatName?: string): string[] {
  return [
    '-v',
    'error',
    '-of',
    'json',
    '-show_format',
    '-show_streams',
    ...(countPackets ? ['-count_packets'] : []),
    ...(formatName ? masterInputArgs(formatName) : probeInputArgs()),
    path,
  ];
}

export interface ProbeOptions extends Pick<RunOptions, 'signal' | 'timeoutMs'> {
  /**
   * false: read the headers only (~0.1 s even for a multi-GB master) and estimate durationFrames
   * from the declared duration, without truncation checks. For starting the preview at once; the
   * stored metadata must come from a full probe.
   */
  countFrames?: boolean;
  /** The format_name an earlier probe of this content gave (`MediaInfo.container`): forced. */
  format?: string;
}

export async function probeMedia(path: string, options: ProbeOptions = {}): Promise<MediaInfo> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new MediaError('unreadable', (error as Error).message);
  }
  let stdout: string;
  let stderr: string;
  try {
    ({ stdout, stderr } = await runFfprobeCapture(
      probeArgs(path, options.countFrames !== false, options.format),
      {
        timeoutMs: options.timeoutMs ?? 30 * 60_000,
        signal: options.signal,
      },
    ));
  } catch (error) {
    if (error instanceof FfmpegError && error.exitCode !== null) {
      const code = classifyProbeFailure(error.stderrTail, await readHead(path));
      throw new MediaError(code, error.stderrTail.trim().slice(-500));
    }
    throw error;
  }
  let output: FfprobeOutput;
  try {
    output = JSON.parse(stdout) as FfprobeOutput;
  } catch {
    throw new MediaError('not_media', 'ffprobe output unreadable');
  }
  return parseProbeOutput(output, stderr, { counted: options.countFrames !== false });
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buffer, 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
