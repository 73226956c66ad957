/**
 * Watches the media playlists ffmpeg writes while encoding (it renames complete playlists and
 * segments into place: `hls_flags temp_file`), and reports each new segment. Polling, not fs.watch:
 * portable, and cheap at a few reads a second.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PlaylistState {
  segments: number;
  seconds: number;
  ended: boolean;
}

/** Counts the segments of a media playlist. Pure. */
export function parseMediaPlaylist(text: string): PlaylistState {
  let segments = 0;
  let seconds = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#EXTINF:')) {
      segments++;
      seconds += Number.parseFloat(line.slice('#EXTINF:'.length)) || 0;
    }
  }
  return { segments, seconds, ended: text.includes('#EXT-X-ENDLIST') };
}

export interface SegmentEvent {
  rung: string;
  /** Complete segments of this rung so far. */
  segments: number;
  /** Seconds of preview those segments cover. */
  seconds: number;
}

export interface PlaylistWatcher {
  /** Reads the playlists once more (call after ffmpeg exits) and stops polling. */
  stop(): Promise<void>;
  states(): Record<string, PlaylistState>;
}

/**
 * Polls `dir/<rung playlist>` every `intervalMs`. `onSegment` fires for each rung whose segment count
 * grew; `onAllRungsStarted` fires once, when every rung has at least one segment and the master
 * playlist exists (the preview is playable).
 */
export function watchPlaylists(options: {
  dir: string;
  rungPlaylists: Record<string, string>;
  masterPlaylist: string;
  intervalMs?: number;
  onSegment?: (event: SegmentEvent) => void;
  onAllRungsStarted?: () => void;
}): PlaylistWatcher {
  const current: Record<string, PlaylistState> = {};
  let started = false;
  let polling: Promise<void> = Promise.resolve();
  let stopped = false;

  const poll = async (): Promise<void> => {
    for (const [rung, playlist] of Object.entries(options.rungPlaylists)) {
      const text = await readFile(join(options.dir, playlist), 'utf8').catch(() => null);
      if (text === null) continue;
      const state = parseMediaPlaylist(text);
      const before = current[rung]?.segments ?? 0;
      current[rung] = state;
      if (state.segments > before) {
        options.onSegment?.({ rung, segments: state.segments, seconds: state.seconds });
      }
    }
    if (!started) {
      const all = Object.keys(options.rungPlaylists).every((r) => (current[r]?.segments ?? 0) > 0);
      const master = await readFile(join(options.dir, options.masterPlaylist), 'utf8').catch(() => null);
      if (all && master !== null) {
        started = true;
        options.onAllRungsStarted?.();
      }
    }
  };

  const timer = setInterval(() => {
    if (stopped) return;
    polling = polling.then(poll, poll);
  }, options.intervalMs ?? 250);

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await polling.catch(() => {});
      await poll();
    },
    states: () => ({ ...current }),
  };
}
