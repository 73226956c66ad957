import { parseCountryCode } from './countries.ts';
import {
  checkPassword,
  PASSWORD_RULES,
  type PasswordRule,
  passwordRuleMessageKey,
} from './password-policy.ts';

/**
 * Validation of the registration form (and of POST /api/v1/accounts): every field, every error,
 * as codes; the messages are in accountsMessages under fieldErrorMessageKey(). Pure.
 */

export type Language = 'fr' | 'en';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];

export interface Registration {
  /** As typed (trimmed, domain lowercased and in ASCII); use normaliseEmail() for lookups. */
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly organisation: string;
  readonly jobTitle: string;
  readonly country: string;
  readonly language: Language;
  readonly newsletter: boolean;
}

export type RegistrationField =
  | 'email'
  | 'password'
  | 'passwordConfirm'
  | 'firstName'
  | 'lastName'
  | 'organisation'
  | 'jobTitle'
  | 'country'
  | 'language'
  | 'acceptTerms';

export type FieldError = 'required' | 'invalid' | 'tooLong' | 'mismatch' | PasswordRule;

export type RegistrationErrors = Partial<Record<RegistrationField, FieldError[]>>;

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: RegistrationErrors };

export const FIELD_MAX_LENGTH = {
  email: 254,
  firstName: 100,
  lastName: 100,
  organisation: 200,
  jobTitle: 100,
} as const;

const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}$/u;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * The email to store and show: trimmed, NFC, domain lowercased and converted to ASCII (punycode);
 * null when it is not a plausible address.
 */
export function parseEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().normalize('NFC');
  if (email.length === 0 || codePoints(email) > FIELD_MAX_LENGTH.email || CONTROL.test(email)) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return null;
  const local = email.slice(0, at);
  const rawDomain = email.slice(at + 1);
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return null;
  if (rawDomain.length === 0 || /[\s/\\?#@:[\]%]/.test(rawDomain)) return null;
  let domain: string;
  try {
    domain = new URL(`http://${rawDomain}`).hostname;
  } catch {
    return null;
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return null;
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels[labels.length - 1]!)) return null;
  return `${local}@${domain}`;
}

/** The key under which an account is looked up: the parsed email, lowercased. */
export function normaliseEmail(email: string): string {
  return (parseEmail(email) ?? email.trim()).toLowerCase();
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim().normalize('NFC').replace(/\s+/g, ' ') : '';
}

function checkText(value: string, max: number, required: boolean, needsLetter: boolean): FieldError[] {
  if (value.length === 0) return required ? ['required'] : [];
  const errors: FieldError[] = [];
  if (codePoints(value) > max) errors.push('tooLong');
  if (CONTROL.test(value) || (needsLetter && !/\p{L}/u.test(value))) errors.push('invalid');
  return errors;
}

function isChecked(value: unknown): boolean {
  return value === true || value === 'on' || value === 'true' || value === '1' || value === 'yes';
}

export function parseLanguage(value: unknown): Language | null {
  return value === 'fr' || value === 'en' ? value : null;
}

/**
 * Validate a registration. `passwordConfirm` is checked only when present (the HTML form sends it,
 * the JSON API does not); `jobTitle` is optional; `newsletter` defaults to false.
 */
export function validateRegistration(
  input: Readonly<Record<string, unknown>>,
  options: { commonPasswords: ReadonlySet<string> },
): ValidationResult<Registration> {
  const errors: RegistrationErrors = {};
  const add = (field: RegistrationField, list: FieldError[]) => {
    if (list.length > 0) errors[field] = list;
  };

  const rawEmail = text(input.email);
  const email = parseEmail(rawEmail);
  if (rawEmail.length === 0) add('email', ['required']);
  else if (codePoints(rawEmail) > FIELD_MAX_LENGTH.email) add('email', ['tooLong']);
  else if (!email) add('email', ['invalid']);

  const password = typeof input.password === 'string' ? input.password : '';
  if (password.length === 0) add('password', ['required']);
  else
    add('password', checkPassword(password, { email: email ?? rawEmail, common: options.commonPasswords }));
  if (input.passwordConfirm !== undefined && input.passwordConfirm !== password) {
    add('passwordConfirm', ['mismatch']);
  }

  const firstName = text(input.firstName);
  const lastName = text(input.lastName);
  const organisation = text(input.organisation);
  const jobTitle = text(input.jobTitle);
  add('firstName', checkText(firstName, FIELD_MAX_LENGTH.firstName, true, true));
  add('lastName', checkText(lastName, FIELD_MAX_LENGTH.lastName, true, true));
  add('organisation', checkText(organisation, FIELD_MAX_LENGTH.organisation, true, false));
  add('jobTitle', checkText(jobTitle, FIELD_MAX_LENGTH.jobTitle, false, false));

  const country = parseCountryCode(input.country);
  if (text(input.country).length === 0) add('country', ['required']);
  else if (!country) add('country', ['invalid']);

  const language = parseLanguage(input.language);
  if (input.language === undefined || input.language === '') add('language', ['required']);
  else if (!language) add('language', ['invalid']);

  if (!isChecked(input.acceptTerms)) add('acceptTerms', ['required']);

  if (Object.keys(errors).length > 0 || !email || !country || !language) return { ok: false, errors };
  return {
    ok: true,
    value: {
      email,
      password,
      firstName,
      lastName,
      organisation,
      jobTitle,
      country,
      language,
      newsletter: isChecked(input.newsletter),
    },
  };
}

const PASSWORD_RULE_ERRORS: ReadonlySet<string> = new Set<string>(PASSWORD_RULES);

/** The accountsMessages key for a field's error. */
export function fieldErrorMessageKey(field: RegistrationField, error: FieldError): string {
  if (field === 'password' && PASSWORD_RULE_ERRORS.has(error))
    return passwordRuleMessageKey(error as PasswordRule);
  return `accounts.field.${field}.${error}`;
}
