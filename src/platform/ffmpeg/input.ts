/**
 * How ffmpeg and ffprobe may read a master (pure). Left to themselves they guess the format from the
 * content and follow what a file names: an uploaded HLS playlist or ffconcat script that names a
 * master on disk would be read as a copy of it. So every read of an uploaded file or a stored master
 * goes through these arguments: the `file` protocol only, and only the container formats the portal
 * accepts; the first probe detects which one (`probeInputArgs`), every later call forces it
 * (`masterInputArgs`), and a format not on the list is not media.
 */

/** Demuxers the portal reads masters with: [ffmpeg's name for -f, ffprobe's format_name]. */
const ACCEPTED: readonly (readonly [demuxer: string, formatName: string])[] = [
  ['mov', 'mov,mp4,m4a,3gp,3g2,mj2'],
  ['mxf', 'mxf'],
  ['mpegts', 'mpegts'],
  ['matroska', 'matroska,webm'],
  ['mpeg', 'mpeg'],
  ['avi', 'avi'],
  ['gxf', 'gxf'],
  ['dv', 'dv'],
  ['wav', 'wav'],
];

/** `-format_whitelist` value: every accepted demuxer (ffmpeg matches any of a demuxer's names). */
export const FORMAT_WHITELIST = ACCEPTED.map(([, formatName]) => formatName).join(',');

/** The `-f` demuxer for a probed format_name, or null when the portal does not accept it. */
export function acceptedDemuxer(formatName: string | null | undefined): string | null {
  return ACCEPTED.find(([, name]) => name === formatName)?.[0] ?? null;
}

/** Input options of the first probe of an uploaded file: detect among the accepted formats only. */
export function probeInputArgs(): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', FORMAT_WHITELIST];
}

/**
 * Input options reading a master whose format a probe detected (`formatName`, as ffprobe gave it):
 * that demuxer forced, the `file` protocol only. Throws for a format not on the list: nothing may
 * read such a file.
 */
export function masterInputArgs(formatName: string): string[] {
  const demuxer = acceptedDemuxer(formatName);
  if (!demuxer) throw new UnacceptedFormatError(formatName);
  return ['-protocol_whitelist', 'file', '-format_whitelist', FORMAT_WHITELIST, '-f', demuxer];
}

export class UnacceptedFormatError extends Error {
  constructor(readonly formatName: string) {
    super(`not an accepted media container: ${formatName}`);
    this.name = 'UnacceptedFormatError';
  }
}
