/**
 * The password policy, pure and free of Node imports so that the browser bundle can import this very
 * file for the live checklist (progressive enhancement). The common-password check needs the shipped
 * list (see common-passwords.ts) and therefore stays on the server.
 */

export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work argon2 is asked to do; long passphrases still fit comfortably. */
export const PASSWORD_MAX_LENGTH = 256;
/** Email local parts shorter than this are not looked for in the password. */
export const EMAIL_LOCAL_PART_MIN_LENGTH = 3;

export type PasswordRule =
  | 'length'
  | 'maxLength'
  | 'whitespace'
  | 'uppercase'
  | 'lowercase'
  | 'digit'
  | 'symbol'
  | 'email'
  | 'common';

/** In the order a form lists them. */
export const PASSWORD_RULES: readonly PasswordRule[] = [
  'length',
  'maxLength',
  'whitespace',
  'uppercase',
  'lowercase',
  'digit',
  'symbol',
  'email',
  'common',
];

/** Message key of each rule in accountsMessages. */
export function passwordRuleMessageKey(rule: PasswordRule): `accounts.password.rule.${PasswordRule}` {
  return `accounts.password.rule.${rule}`;
}

/**
 * The character-class rules as regular-expression sources (flag 'u'), for a browser that builds
 * `new RegExp(source, 'u')`. `present: true` means the password must match; false that it must not.
 */
export const PASSWORD_PATTERNS = {
  whitespace: { source: '[\\s\\p{Cc}]', present: false },
  uppercase: { source: '\\p{Lu}|\\p{Lt}', present: true },
  lowercase: { source: '\\p{Ll}', present: true },
  digit: { source: '\\p{Nd}', present: true },
  symbol: { source: '[^\\p{L}\\p{N}\\s\\p{Cc}]', present: true },
} as const satisfies Record<string, { source: string; present: boolean }>;

/** Everything a browser needs to show each rule live; JSON-serialisable. */
export const passwordPolicyForBrowser = {
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  emailLocalPartMinLength: EMAIL_LOCAL_PART_MIN_LENGTH,
  patterns: PASSWORD_PATTERNS,
  flags: 'u',
  rules: PASSWORD_RULES.filter((r) => r !== 'common'),
} as const;

const compiled = Object.fromEntries(
  Object.entries(PASSWORD_PATTERNS).map(([rule, p]) => [rule, new RegExp(p.source, 'u')]),
) as Record<keyof typeof PASSWORD_PATTERNS, RegExp>;

/** Length in user-perceived units: code points, so an emoji counts once. */
function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The local part of an email and, for "jean+news@…", the part before the tag as well. */
export function emailLocalParts(email: string): string[] {
  const at = email.lastIndexOf('@');
  const local = (at >= 0 ? email.slice(0, at) : email).trim().toLowerCase();
  const parts = new Set([local, local.split('+')[0] ?? '']);
  return [...parts].filter((p) => codePointLength(p) >= EMAIL_LOCAL_PART_MIN_LENGTH);
}

/**
 * Every rule the password breaks, except 'common' (see checkPassword). Runs in the browser too.
 */
export function checkPasswordRules(password: string, options: { email?: string } = {}): PasswordRule[] {
  const failed: PasswordRule[] = [];
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_LENGTH) failed.push('length');
  if (length > PASSWORD_MAX_LENGTH) failed.push('maxLength');
  for (const [rule, pattern] of Object.entries(PASSWORD_PATTERNS) as [
    keyof typeof PASSWORD_PATTERNS,
    (typeof PASSWORD_PATTERNS)[keyof typeof PASSWORD_PATTERNS],
  ][]) {
    if (compiled[rule].test(password) !== pattern.present) failed.push(rule);
  }
  if (options.email) {
    const lower = password.toLowerCase();
    if (emailLocalParts(options.email).some((part) => lower.includes(part))) failed.push('email');
  }
  return failed;
}

/** True when the password, compared case-insensitively, is on the common list (lowercased entries). */
export function isCommonPassword(password: string, common: ReadonlySet<string>): boolean {
  return common.has(password.toLowerCase());
}

/**
 * The server's full check: every unmet rule, in PASSWORD_RULES order; empty when acceptable.
 */
export function checkPassword(
  password: string,
  options: { email?: string; common: ReadonlySet<string> },
): PasswordRule[] {
  const failed = checkPasswordRules(password, options);
  if (isCommonPassword(password, options.common)) failed.push('common');
  return PASSWORD_RULES.filter((r) => failed.includes(r));
}
