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
// Controls (C0, DEL, C1), invisible format characters (zero-width, bidi overrides, BOM), any space
// or separator, and the backslash that browsers read as '/'.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;
const MAX_DECODE_ROUNDS = 4;

/** The checks a path must pass, applied to the raw value and to each decoded form of it. */
function looksSafe(path: string): boolean {
  if (!path.startsWith('/')) return false;
  if (path.startsWith('//')) return false;
  if (FORBIDDEN.test(path)) return false;
  // A scheme can only sneak in before the first '/', which we already require to be at 0; but a
  // decoded form such as "/%09/evil" or "/:" stays harmless because of the checks above.
  return true;
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
  if (!forms?.every(looksSafe)) return null;

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
  if (!resultForms?.every(looksSafe)) return null;

  const disallowed = options.disallowPrefixes ?? [];
  if (disallowed.some((prefix) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)))
    return null;
  return result;
}

/** `value` when it is a safe same-site path, else the fallback (default '/'). */
export function safeReturnTo(value: unknown, options: ReturnToOptions = {}): string {
  return parseReturnTo(value, options) ?? options.fallback ?? '/';
}
