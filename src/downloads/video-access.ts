/**
 * The one rule for who may see a video (pure). Pages, the API, preview playlists and segments,
 * posters, thumbnails, downloads and clips all ask `canSeeVideo` and nothing else.
 *
 * - Editors and admins see, watch and download everything (drafts, embargoes included).
 * - A video in no published story (none, or only scheduled and unpublished ones) does not exist for
 *   anyone else: 404 everywhere, as for an unknown id.
 * - Under embargo (`embargoUntil` in the future):
 *   - `hidden`: the same as unpublished until the date;
 *   - `available`: listed (page, API, with the date); only signed-in, verified journalists watch
 *     its preview, poster and thumbnails and download or clip it ahead (every page, file name and
 *     download confirmation then says "not for publication before …"; issue 14); others cannot.
 * - Otherwise the video is public: anyone watches; downloads and clips need a signed-in, verified
 *   account (`checkAccess`).
 */
import { checkAccess, type Refusal } from './rules.ts';
import type { EmbargoKind } from './tables.ts';

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'journalist'; id: string; verified: boolean }
  | { kind: 'staff'; id: string };

export interface VideoFacts {
  /** In at least one story published at or before now. */
  published: boolean;
  embargoUntil: Date | null;
  embargoKind: EmbargoKind;
}

export type DownloadRefusal = Refusal | { status: 404; code: 'not_found' };

export interface VideoAccess {
  /** The video page and API answer (otherwise 404, as for an unknown id). */
  see: boolean;
  /** Preview playlists and segments, poster, thumbnails. */
  watch: boolean;
  /** Why the master, renditions and clips are refused; null when allowed. */
  download: DownloadRefusal | null;
}

const NOT_FOUND: VideoAccess = { see: false, watch: false, download: { status: 404, code: 'not_found' } };

export function canSeeVideo(viewer: Viewer, facts: VideoFacts | null | undefined, now: Date): VideoAccess {
  if (!facts) return NOT_FOUND;
  if (viewer.kind === 'staff') return { see: true, watch: true, download: null };
  const embargoed = facts.embargoUntil !== null && facts.embargoUntil.getTime() > now.getTime();
  if (!facts.published || (embargoed && facts.embargoKind === 'hidden')) return NOT_FOUND;
  const verified = viewer.kind === 'journalist' && viewer.verified;
  const downloader =
    viewer.kind === 'journalist' ? { id: viewer.id, verified: viewer.verified, pending: false } : null;
  return {
    see: true,
    watch: !embargoed || verified,
    // Available under embargo: verified journalists download ahead (marked "not for publication before").
    download: checkAccess(downloader, { embargoUntil: verified ? null : facts.embargoUntil }, now),
  };
}

/** Who asks, from the request's authentication (a session waiting for its second factor: nobody). */
export function viewerOf(
  auth:
    | {
        pending: boolean;
        user: { id: string | number; role: string; email_verified_at: Date | string | null };
      }
    | null
    | undefined,
): Viewer {
  if (!auth || auth.pending) return { kind: 'anonymous' };
  const id = String(auth.user.id);
  if (auth.user.role === 'editor' || auth.user.role === 'admin') return { kind: 'staff', id };
  return { kind: 'journalist', id, verified: auth.user.email_verified_at !== null };
}

/** A key for caches of rendered pages: viewers of one class see the same thing. */
export function viewerClass(viewer: Viewer): 'anonymous' | 'journalist' | 'verified' | 'staff' {
  if (viewer.kind === 'journalist') return viewer.verified ? 'verified' : 'journalist';
  return viewer.kind;
}
