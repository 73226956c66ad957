/**
 * The audit log's filters from a query string (pure): `since` (ISO 8601 instant, API), `from`/`to`
 * (days, YYYY-MM-DD, the page: `to` includes its whole day), `actor` (an account id), `action` (an
 * action or an area), `limit`, `page`. Each bad field is named with an error code.
 */
import type { AuditQuery } from './store.ts';

export type AuditFieldErrors = Record<string, 'invalid_date' | 'invalid_day' | 'invalid'>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ACTOR = /^[A-Za-z0-9-]{1,64}$/;
const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;
export const PAGE_SIZE = 50;
export const MAX_LIMIT = 500;

export function parseInstant(value: string): Date | null {
  if (!ISO_INSTANT.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A day as the UTC midnight that starts it (null when not a real YYYY-MM-DD day). */
export function parseDay(value: string): Date | null {
  const m = DAY.exec(value);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value ? date : null;
}

export type Raw = Record<string, unknown>;

const text = (raw: Raw, key: string): string | undefined => {
  const v = raw[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
};

export function parseAuditQuery(
  raw: Raw,
  defaults: { limit: number },
): { ok: true; query: AuditQuery; page: number } | { ok: false; errors: AuditFieldErrors } {
  const errors: AuditFieldErrors = {};
  const query: AuditQuery = { limit: defaults.limit };
  const since = text(raw, 'since');
  if (since !== undefined) {
    const at = parseInstant(since);
    if (at) query.since = at;
    else errors.since = 'invalid_date';
  }
  const from = text(raw, 'from');
  if (from !== undefined) {
    const day = parseDay(from);
    if (day) query.from = day;
    else errors.from = 'invalid_day';
  }
  const to = text(raw, 'to');
  if (to !== undefined) {
    const day = parseDay(to);
    if (day) query.to = new Date(day.getTime() + 24 * 3600 * 1000);
    else errors.to = 'invalid_day';
  }
  const actor = text(raw, 'actor');
  if (actor !== undefined) {
    if (ACTOR.test(actor)) query.actorId = actor;
    else errors.actor = 'invalid';
  }
  const action = text(raw, 'action');
  if (action !== undefined) {
    if (ACTION.test(action) && action.length <= 80) query.action = action;
    else errors.action = 'invalid';
  }
  const limit = text(raw, 'limit');
  if (limit !== undefined) {
    if (/^\d{1,4}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= MAX_LIMIT)
      query.limit = Number(limit);
    else errors.limit = 'invalid';
  }
  let page = 1;
  const pageText = text(raw, 'page');
  if (pageText !== undefined) {
    if (/^\d{1,6}$/.test(pageText) && Number(pageText) >= 1) page = Number(pageText);
    else errors.page = 'invalid';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  query.offset = (page - 1) * query.limit;
  return { ok: true, query, page };
}
