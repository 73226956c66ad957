/**
 * What an enhanced player offers the other scripts of the page (the clip editor): the frame on
 * screen, seeking to a frame, the master's timecode format, and the scrubber to draw on. Set on the
 * player's root element as `root.player`.
 */
import type { TimecodeFormat } from '../../../lib/timecode/timecode.ts';

export interface PlayerHandle {
  frame(): number;
  seekFrame(frame: number): Promise<void>;
  /** Seeks without waiting (dragging): the latest target wins. */
  showFrame(frame: number): void;
  /** The frame under a viewport x coordinate on the scrubber. */
  frameAtX(clientX: number): number;
  scrubber: HTMLElement | null;
  format: TimecodeFormat;
  startTimecode: string;
  durationFrames: number;
}

declare global {
  interface HTMLElement {
    player?: PlayerHandle;
  }
}

/** A frame's left edge on the scrubber, in percent of its width. */
export function framePercent(frame: number, durationFrames: number): number {
  return durationFrames > 0 ? (Math.max(0, Math.min(durationFrames, frame)) / durationFrames) * 100 : 0;
}
