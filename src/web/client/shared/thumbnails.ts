/**
 * The WebVTT thumbnails track of a preview (media/preview-plan.ts writes it): one cue per
 * thumbnail, `sprite_NNN.jpg#xywh=x,y,w,h`. Parsed once (pure), then looked up by time.
 */

export interface ThumbnailCue {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function seconds(text: string): number {
  const parts = text.trim().split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

export function parseThumbnails(vtt: string, base: string): ThumbnailCue[] {
  const cues: ThumbnailCue[] = [];
  const lines = vtt.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const timing = /^([\d:.]+)\s+-->\s+([\d:.]+)/.exec(lines[i] ?? '');
    const target = /^(.+)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec((lines[i + 1] ?? '').trim());
    if (!timing || !target) continue;
    cues.push({
      start: seconds(timing[1] ?? '0'),
      end: seconds(timing[2] ?? '0'),
      url: new URL(target[1] ?? '', base).toString(),
      x: Number(target[2]),
      y: Number(target[3]),
      width: Number(target[4]),
      height: Number(target[5]),
    });
  }
  return cues;
}

export function cueAt(cues: readonly ThumbnailCue[], time: number): ThumbnailCue | null {
  return cues.find((cue) => time >= cue.start && time < cue.end) ?? cues.at(-1) ?? null;
}
