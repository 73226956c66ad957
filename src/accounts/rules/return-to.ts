/**
 * `returnTo`: where to send a user after sign-in or a password reset. Only a same-site absolute path
 * is accepted ("/stories/x?lang=fr#video"); anything that a browser could read as another origin
 * falls back to a default. Pure.
 */

export interface ReturnToOptions {
  /** Where to go when the value is refused or absent. Default '/'. */
  readonly fallback?: string;
  /** Paths that must not be returned to (e.g. the sign-in page itself, to avoid loops). */
  readonly disallowPrefixes?: readonly string[];
  /** Longest accepted value. Default 2048. */
  readonly maxLength?: number;
}

const BASE = 'http://return-to.invalid';
// In the raw value: controls (C0, DEL, C1), invisible format characters (zero-width, bidi overrides,
// BOM), any space or separator (browsers strip or mangle them), and the backslash that browsers read
// as '/'. Query strings carry spaces percent-encoded, so this costs nothing legitimate.
const FORBIDDEN_RAW = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;
// In decoded forms, where "%20" legitimately becomes a space: controls and invisible characters only.
const FORBIDDEN_DECODED = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const MAX_DECODE_ROUNDS = 4;

/** The path part (before '?' or '#'). */
function pathPart(value: string): string {
  const end = value.search(/[?#]/);
  return end === -1 ? value : value.slice(0, end);
}

/**
 * The checks a value must pass, on its raw form and on each percent-decoded form (a later hop that
 * decodes once more must not find another origin): a single leading '/', and in the path no '//'
 * and no backslash, anywhere, so that no normalisation can turn it into "//host".
 */
function looksSafe(value: string, raw: boolean): boolean {
  if (!value.startsWith('/')) return false;
  if ((raw ? FORBIDDEN_RAW : FORBIDDEN_DECODED).test(value)) return false;
  const path = pathPart(value);
  return !path.includes('//') && !path.includes('\\');
}

function decodeFully(value: string): string[] | null {
  const forms = [value];
  let current = value;
  for (let i = 0; i < MAX_DECODE_ROUNDS; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return forms;
    forms.push(next);
    current = next;
  }
  // Still changing after several rounds: someone is playing games.
  return null;
}

/**
 * The safe path to redirect to, or null when `value` is not acceptable. The result is the URL
 * parser's normalised form (dot segments resolved, characters percent-encoded).
 */
export function parseReturnTo(value: unknown, options: ReturnToOptions = {}): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  if (value.length > (options.maxLength ?? 2048)) return null;
  const forms = decodeFully(value);
  if (!forms?.every((form, i) => looksSafe(form, i === 0))) return null;

  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const result = `${url.pathname}${url.search}${url.hash}`;
  // "/..//evil" normalises to "//evil": check what the parser made, too.
  const resultForms = decodeFully(result);
  if (!resultForms?.every((form, i) => looksSafe(form, i === 0))) return null;

  const disallowed = options.disallowPrefixes ?? [];
  if (disallowed.some((prefix) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)))
    return null;
  return result;
}

/** `value` when it is a safe same-site path, else the fallback (default '/'). */
export function safeReturnTo(value: unknown, options: ReturnToOptions = {}): string {
  return parseReturnTo(value, options) ?? options.fallback ?? '/';
}
