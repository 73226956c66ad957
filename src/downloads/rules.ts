/**
 * Who may download what (pure), and when a request counts as a download in the history.
 *
 * History: one row per download, not per range request. A full GET or a range starting at byte 0
 * starts a download; a range starting later (`curl -C -`, `wget -c`, a download manager's parallel
 * chunks) adds its bytes to the same user's latest download of that file when there is one within
 * RESUME_WINDOW_MS, so a resumed download counts once; otherwise it starts a row of its own.
 * HEAD, 304, 412 and 416 send nothing of the file and are not recorded.
 */
import type { Delivery } from './http-decision.ts';

export interface Downloader {
  id: string;
  verified: boolean;
  /** A session still waiting for its second factor is not signed in. */
  pending: boolean;
}

export type Refusal =
  | { status: 401; code: 'sign_in_required' }
  | { status: 403; code: 'email_unverified' }
  | { status: 403; code: 'embargoed'; until: Date };

export function checkAccess(
  user: Downloader | null,
  usage: { embargoUntil: Date | null },
  now: Date,
): Refusal | null {
  if (!user || user.pending) return { status: 401, code: 'sign_in_required' };
  if (!user.verified) return { status: 403, code: 'email_unverified' };
  if (usage.embargoUntil && usage.embargoUntil.getTime() > now.getTime()) {
    return { status: 403, code: 'embargoed', until: usage.embargoUntil };
  }
  return null;
}

export function isEmbargoed(embargoUntil: Date | null, now: Date): boolean {
  return embargoUntil !== null && embargoUntil.getTime() > now.getTime();
}

export const RESUME_WINDOW_MS = 24 * 3600 * 1000;

export type HistoryAction = { kind: 'none' } | { kind: 'start'; range: string | null } | { kind: 'resume' };

export function historyAction(method: string, delivery: Delivery): HistoryAction {
  if (method !== 'GET') return { kind: 'none' };
  if (delivery.kind === 'full') return { kind: 'start', range: null };
  if (delivery.kind !== 'partial') return { kind: 'none' };
  if (delivery.start === 0) return { kind: 'start', range: `${delivery.start}-${delivery.end}` };
  return { kind: 'resume' };
}
