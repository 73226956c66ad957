/**
 * Time normalisation of one stream's packet times, container-agnostic and pure: what the keyframe
 * index is built from, so that planning, execution and the written clip count frames the same way.
 *
 * ffprobe already applies what a demuxer knows (MP4/MOV edit lists and negative composition
 * offsets: packets the edit list hides carry the `D` flag and are left out by the index builder;
 * MPEG-TS 33-bit wrap relative to the first timestamp). What is left is done here:
 * - timestamps that wrap (`wrapBits`, 33 for MPEG-TS) are unwrapped so they increase, even when a
 *   demuxer did not (a stream that starts just before the wrap);
 * - a missing presentation time is stood in for by the decode time, else by the decode index;
 * - display frame 0 is the smallest presentation time (`firstPts`), whatever the container's start.
 */

export interface StreamTimeOptions {
  /** Bits of the container's timestamps when they wrap (MPEG-TS: 33); none by default. */
  wrapBits?: number;
}

/**
 * Unwraps timestamps of `bits` bits in place order: a jump back by more than half the range is a
 * wrap (NaN stays NaN). Returns a new array.
 */
export function unwrapTimestamps(values: Float64Array, bits: number): Float64Array {
  const range = 2 ** bits;
  const out = new Float64Array(values.length);
  let offset = 0;
  let previous = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) {
      out[i] = value;
      continue;
    }
    if (!Number.isNaN(previous)) {
      const raw = previous - offset;
      if (raw - value > range / 2) offset += range;
      else if (value - raw > range / 2) offset -= range;
    }
    out[i] = value + offset;
    previous = out[i]!;
  }
  return out;
}

/**
 * Presentation times, or stand-ins when the container gives none: the decode time, else the decode
 * index (then display order is taken to be decode order).
 */
export function presentationTimes(pts: Float64Array, dts: Float64Array): Float64Array {
  if (!pts.some(Number.isNaN)) return pts;
  if (!dts.some(Number.isNaN)) return Float64Array.from(pts, (p, i) => (Number.isNaN(p) ? dts[i]! : p));
  return Float64Array.from(pts, (_, i) => i);
}

/** The normalised presentation and decode times of a stream's packets (decode order). Pure. */
export function normaliseStreamTimes(
  pts: Float64Array,
  dts: Float64Array,
  options: StreamTimeOptions = {},
): { pts: Float64Array; dts: Float64Array } {
  const bits = options.wrapBits;
  const unwrappedPts = bits ? unwrapTimestamps(pts, bits) : pts;
  const unwrappedDts = bits ? unwrapTimestamps(dts, bits) : dts;
  return { pts: presentationTimes(unwrappedPts, unwrappedDts), dts: unwrappedDts };
}
