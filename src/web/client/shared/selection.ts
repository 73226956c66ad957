/**
 * The clip editor's selection (pure): the first frame and the last frame, both included, as an editor
 * marks them (Avid, Premiere); the API and the page's address take the half-open range [in, out).
 */
import { type TimecodeFormat, timecodeToFrame } from '../../../lib/timecode/timecode.ts';

export interface Selection {
  first: number;
  last: number;
}

export type SelectionProblem = 'timecode-in' | 'timecode-out' | 'order' | 'bounds' | null;

export function parseFrame(text: string, start: string, format: TimecodeFormat): number | null {
  try {
    return timecodeToFrame(text.trim(), start, format);
  } catch {
    return null;
  }
}

/** What is wrong with a selection of a video of `total` frames, if anything. */
export function problemOf(first: number | null, last: number | null, total: number): SelectionProblem {
  if (first === null) return 'timecode-in';
  if (last === null) return 'timecode-out';
  if (last < first) return 'order';
  if (first < 0 || last > total - 1) return 'bounds';
  return null;
}

/** The half-open range the API takes. */
export function halfOpen(selection: Selection): { inFrame: number; outFrame: number } {
  return { inFrame: selection.first, outFrame: selection.last + 1 };
}
