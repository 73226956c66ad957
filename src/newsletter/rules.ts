/**
 * The newsletter's pure rules: what a subscription form or body may hold (each problem a message
 * key), when a digest is due for a frequency, which stories a subscriber's digest holds, and the
 * retry delay of a transiently refused message. No I/O.
 */
import type { Frequency, NewsletterLanguage } from './tables.ts';

export const FREQUENCIES: readonly Frequency[] = ['publication', 'daily', 'weekly'];
export const MAX_TOPICS = 50;
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

export type SubscriptionProblem = 'email' | 'language' | 'frequency' | 'topics';

export interface SubscriptionChoice {
  language: NewsletterLanguage;
  frequency: Frequency;
  topics: string[];
}

/** A topic list from a form (`topics` repeated) or JSON (an array); only known slugs are kept. */
export function parseTopics(value: unknown, known: ReadonlySet<string>): string[] | null {
  const list =
    value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value];
  if (list.length > MAX_TOPICS) return null;
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string' || !SLUG.test(item) || !known.has(item)) return null;
    if (!out.includes(item)) out.push(item);
  }
  return out.sort();
}

export function parseChoice(
  input: { language?: unknown; frequency?: unknown; topics?: unknown },
  known: ReadonlySet<string>,
): { ok: true; choice: SubscriptionChoice } | { ok: false; problem: SubscriptionProblem } {
  const language = input.language;
  if (language !== 'fr' && language !== 'en') return { ok: false, problem: 'language' };
  const frequency = input.frequency;
  if (typeof frequency !== 'string' || !(FREQUENCIES as readonly string[]).includes(frequency))
    return { ok: false, problem: 'frequency' };
  const topics = parseTopics(input.topics, known);
  if (!topics) return { ok: false, problem: 'topics' };
  return { ok: true, choice: { language, frequency: frequency as Frequency, topics } };
}

/** The address as stored (trimmed, domain lowercased) and its lookup key, or null when invalid. */
export function normaliseEmail(value: unknown): { email: string; key: string } | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) return null;
  const at = trimmed.lastIndexOf('@');
  const email = `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
  return { email, key: email.toLowerCase() };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Whether a digest is due now: each publication as soon as a story is new; daily and weekly when a
 * day or a week has passed since the last digest (or since the subscription began).
 */
export function digestDue(frequency: Frequency, since: Date, now: Date): boolean {
  if (frequency === 'publication') return true;
  const gap = frequency === 'daily' ? DAY : 7 * DAY;
  return now.getTime() - since.getTime() >= gap;
}

export interface DigestStory {
  slug: string;
  language: NewsletterLanguage;
  publishedAt: Date;
  topics: readonly string[];
}

/** The stories of one subscriber's digest: in their language, of their topics, in their window. */
export function storiesFor<S extends DigestStory>(
  stories: readonly S[],
  subscriber: { language: NewsletterLanguage; topics: readonly string[] },
  from: Date,
  to: Date,
): S[] {
  return stories.filter(
    (s) =>
      s.language === subscriber.language &&
      s.publishedAt > from &&
      s.publishedAt <= to &&
      (subscriber.topics.length === 0 || s.topics.some((t) => subscriber.topics.includes(t))),
  );
}

export const MAX_ATTEMPTS = 6;

/** Back-off after a transient refusal: 1, 2, 4, 8, 16 minutes. */
export function retryDelayMs(attempts: number): number {
  return 60_000 * 2 ** Math.max(0, Math.min(attempts - 1, 4));
}

/** Hourly alerts at most once an hour; daily ones once a day. */
export function alertDue(alert: 'hourly' | 'daily', since: Date, now: Date): boolean {
  return now.getTime() - since.getTime() >= (alert === 'hourly' ? HOUR : DAY);
}
