/**
 * The settings' values (pure): what is stored, what a change (`PATCH /settings`, the admin page) may
 * say, its validation (every bad field named with a code and the figures its message needs) and how
 * a valid change applies to the stored values. An empty string or null clears a value: the
 * configuration's (docs/configuration.md) shows again.
 */
import { parseEmail } from '../accounts/public.ts';
import { HEX_COLOUR, MIN_CONTRAST, weakestContrast } from './contrast.ts';

export type Lang = 'fr' | 'en';
export const LANGS = ['fr', 'en'] as const;

export type Pair = Partial<Record<Lang, string>>;

export interface StoredLogo {
  /** Storage key of the re-encoded PNG (`settings/logo-<sha256 prefix>.png`). */
  key: string;
  width: number;
  height: number;
}

/** What an admin stored; an absent value falls back to the configuration. */
export interface StoredSettings {
  name?: Pair;
  institution?: Pair;
  shortName?: string;
  tagline?: Pair;
  colours?: { primary?: string };
  contactEmail?: string;
  terms?: Pair;
  privacy?: Pair;
  logo?: StoredLogo;
}

type PairInput = Partial<Record<Lang, string | null>> | null;

/** A change as the API and the page give it (schema-checked shapes, unchecked contents). */
export interface SettingsChange {
  name?: PairInput;
  institution?: PairInput;
  shortName?: string | null;
  tagline?: PairInput;
  colours?: { primary?: string | null } | null;
  contactEmail?: string | null;
  terms?: PairInput;
  privacy?: PairInput;
  /** Only null (removes the logo): a logo is set by uploading it (`POST /settings/logo`). */
  logo?: null | unknown;
}

/** Longest value of each field, in characters. */
export const MAX_LENGTH = {
  name: 120,
  institution: 120,
  shortName: 20,
  tagline: 200,
  contactEmail: 254,
  terms: 20_000,
  privacy: 20_000,
} as const;

export interface FieldError {
  code: string;
  params?: Record<string, string | number>;
}
export type FieldErrors = Record<string, FieldError>;

export type Checked =
  | { kind: 'ok'; apply: (stored: StoredSettings) => StoredSettings }
  | { kind: 'invalid'; errors: FieldErrors };

/** One line of printable text (names reach mail headers and page titles), without < > ". */
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029<>"]/u;
/** Markdown keeps newlines and tabs; other control characters are refused. */
const BAD_IN_TEXT = /(?![\t\n\r])\p{Cc}/u;

function length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function checkLine(value: string, max: number): FieldError | null {
  if (length(value) > max) return { code: 'too_long', params: { max } };
  if (NOT_ONE_LINE.test(value)) return { code: 'one_line' };
  return null;
}

function checkText(value: string, max: number): FieldError | null {
  if (length(value) > max) return { code: 'too_long', params: { max } };
  if (BAD_IN_TEXT.test(value)) return { code: 'control_characters' };
  return null;
}

type PairField = 'name' | 'institution' | 'tagline' | 'terms' | 'privacy';
const LINE_PAIRS = ['name', 'institution', 'tagline'] as const;
const TEXT_PAIRS = ['terms', 'privacy'] as const;

/** Validates a change; when valid, `apply` gives the stored values with it. */
export function checkChange(change: SettingsChange): Checked {
  const errors: FieldErrors = {};
  const steps: ((s: StoredSettings) => void)[] = [];

  const pair = (field: PairField, check: (v: string) => FieldError | null) => {
    if (!(field in change)) return;
    const input = change[field];
    if (input === null || input === undefined) {
      steps.push((s) => delete s[field]);
      return;
    }
    for (const lang of LANGS) {
      if (!(lang in input)) continue;
      const raw = input[lang];
      const value = typeof raw === 'string' ? raw.trim() : '';
      const error = value ? check(value) : null;
      if (error) {
        errors[`${field}.${lang}`] = error;
        continue;
      }
      steps.push((s) => {
        const next = { ...s[field] };
        if (value) next[lang] = value;
        else delete next[lang];
        if (Object.keys(next).length > 0) s[field] = next;
        else delete s[field];
      });
    }
  };
  for (const field of LINE_PAIRS) pair(field, (v) => checkLine(v, MAX_LENGTH[field]));
  for (const field of TEXT_PAIRS) pair(field, (v) => checkText(v, MAX_LENGTH[field]));

  if ('shortName' in change) {
    const value = change.shortName?.trim() ?? '';
    const error = value ? checkLine(value, MAX_LENGTH.shortName) : null;
    if (error) errors.shortName = error;
    else
      steps.push((s) => {
        if (value) s.shortName = value;
        else delete s.shortName;
      });
  }

  if ('contactEmail' in change) {
    const raw = change.contactEmail?.trim() ?? '';
    const email = raw ? parseEmail(raw) : '';
    if (raw && length(raw) > MAX_LENGTH.contactEmail)
      errors.contactEmail = { code: 'too_long', params: { max: MAX_LENGTH.contactEmail } };
    else if (email === null || NOT_ONE_LINE.test(raw)) errors.contactEmail = { code: 'invalid_email' };
    else
      steps.push((s) => {
        if (email) s.contactEmail = email;
        else delete s.contactEmail;
      });
  }

  if ('colours' in change) {
    const input = change.colours;
    if (input === null || input === undefined) steps.push((s) => delete s.colours);
    else if ('primary' in input) {
      const value = input.primary?.trim().toLowerCase() ?? '';
      if (value && !HEX_COLOUR.test(value)) errors['colours.primary'] = { code: 'invalid_colour' };
      else if (value && weakestContrast(value) < MIN_CONTRAST)
        errors['colours.primary'] = {
          code: 'low_contrast',
          params: { ratio: weakestContrast(value), min: MIN_CONTRAST },
        };
      else
        steps.push((s) => {
          if (value) s.colours = { primary: value };
          else delete s.colours;
        });
    }
  }

  if ('logo' in change) {
    if (change.logo !== null) errors.logo = { code: 'logo_upload' };
    else steps.push((s) => delete s.logo);
  }

  if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
  return {
    kind: 'ok',
    apply: (stored) => {
      const next: StoredSettings = structuredClone(stored);
      for (const step of steps) step(next);
      return next;
    },
  };
}

/** The stored JSON read back (anything unexpected is dropped, never trusted). */
export function parseStored(text: string): StoredSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const input = raw as Record<string, unknown>;
  const out: StoredSettings = {};
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const pairOf = (v: unknown): Pair | undefined => {
    if (typeof v !== 'object' || v === null) return undefined;
    const p: Pair = {};
    for (const lang of LANGS) {
      const s = str((v as Record<string, unknown>)[lang]);
      if (s) p[lang] = s;
    }
    return Object.keys(p).length ? p : undefined;
  };
  for (const field of [...LINE_PAIRS, ...TEXT_PAIRS]) {
    const p = pairOf(input[field]);
    if (p) out[field] = p;
  }
  const shortName = str(input.shortName);
  if (shortName) out.shortName = shortName;
  const email = str(input.contactEmail);
  if (email) out.contactEmail = email;
  const primary = str((input.colours as Record<string, unknown> | undefined)?.primary);
  if (primary && HEX_COLOUR.test(primary)) out.colours = { primary };
  const logo = input.logo as Record<string, unknown> | undefined;
  if (logo && typeof logo.key === 'string' && /^settings\/logo-[0-9a-f]{16}\.png$/.test(logo.key))
    out.logo = { key: logo.key, width: Number(logo.width) || 0, height: Number(logo.height) || 0 };
  return out;
}

/** The fields an admin stored (they override the configuration), in a fixed order. */
export function customFields(stored: StoredSettings): string[] {
  const order = [
    'name',
    'institution',
    'shortName',
    'tagline',
    'logo',
    'colours',
    'contactEmail',
    'terms',
    'privacy',
  ];
  return order.filter((f) => f in stored);
}
