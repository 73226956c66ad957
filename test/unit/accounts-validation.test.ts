import { describe, expect, it } from 'vitest';
import { type AccountsMessageKey, accountsMessages } from '../../src/accounts/messages.ts';
import { parseCommonPasswords } from '../../src/accounts/rules/common-passwords.ts';
import {
  COUNTRY_CODES,
  countryName,
  countryOptions,
  parseCountryCode,
} from '../../src/accounts/rules/countries.ts';
import {
  type FieldError,
  fieldErrorMessageKey,
  normaliseEmail,
  parseEmail,
  type RegistrationField,
  validateRegistration,
} from '../../src/accounts/rules/validation.ts';

const commonPasswords = parseCommonPasswords('password\n123456\n');
const valid = {
  email: 'Jean.Dupont@Example.ORG',
  password: 'Correct-Horse-42',
  passwordConfirm: 'Correct-Horse-42',
  firstName: '  Jean ',
  lastName: 'Dupont',
  organisation: 'Radio Exemple',
  jobTitle: 'Journaliste',
  country: 'fr',
  language: 'fr',
  acceptTerms: 'on',
};

describe('registration validation', () => {
  it('accepts a complete form and normalises it', () => {
    const r = validateRegistration(valid, { commonPasswords });
    expect(r).toEqual({
      ok: true,
      value: {
        email: 'Jean.Dupont@example.org',
        password: 'Correct-Horse-42',
        firstName: 'Jean',
        lastName: 'Dupont',
        organisation: 'Radio Exemple',
        jobTitle: 'Journaliste',
        country: 'FR',
        language: 'fr',
        newsletter: false,
      },
    });
  });

  it('accepts the JSON API body (acceptTerms true, no confirmation, no job title)', () => {
    const { passwordConfirm: _, jobTitle: __, ...api } = valid;
    const r = validateRegistration({ ...api, acceptTerms: true, newsletter: true }, { commonPasswords });
    expect(r.ok && r.value.newsletter).toBe(true);
    expect(r.ok && r.value.jobTitle).toBe('');
  });

  it('names every field error at once', () => {
    const r = validateRegistration({}, { commonPasswords });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      email: ['required'],
      password: ['required'],
      firstName: ['required'],
      lastName: ['required'],
      organisation: ['required'],
      country: ['required'],
      language: ['required'],
      acceptTerms: ['required'],
    });
  });

  it('reports invalid and too long values and every password rule', () => {
    const r = validateRegistration(
      {
        ...valid,
        email: 'not-an-email',
        password: 'short',
        passwordConfirm: 'other',
        firstName: '1234',
        lastName: 'x'.repeat(101),
        organisation: 'Bad\u0000Org',
        jobTitle: 'y'.repeat(101),
        country: 'ZZ',
        language: 'de',
        acceptTerms: 'false',
      },
      { commonPasswords },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      email: ['invalid'],
      password: ['length', 'uppercase', 'digit', 'symbol'],
      passwordConfirm: ['mismatch'],
      firstName: ['invalid'],
      lastName: ['tooLong'],
      organisation: ['invalid'],
      jobTitle: ['tooLong'],
      country: ['invalid'],
      language: ['invalid'],
      acceptTerms: ['required'],
    });
  });

  it('checks the password against the email and the common list', () => {
    const r = validateRegistration(
      { ...valid, password: 'Jean.Dupont-42', passwordConfirm: undefined },
      { commonPasswords },
    );
    expect(!r.ok && r.errors.password).toEqual(['email']);
  });

  it('parses emails sensibly', () => {
    expect(parseEmail('  a.b+tag@sub.example.co.uk ')).toBe('a.b+tag@sub.example.co.uk');
    expect(parseEmail('élodie@exemple.fr')).toBe('élodie@exemple.fr');
    expect(parseEmail('user@Bücher.example')).toBe('user@xn--bcher-kva.example');
    for (const bad of [
      '',
      'plain',
      '@example.org',
      'a@',
      'a@localhost',
      'a@example',
      'a b@example.org',
      'a@exa mple.org',
      'a..b@example.org',
      '.a@example.org',
      'a@-example.org',
      'a@example.org/x',
      'a@[127.0.0.1]',
      'a@example.c',
      'a\n@example.org',
      `${'a'.repeat(65)}@example.org`,
      42,
    ]) {
      expect(parseEmail(bad)).toBeNull();
    }
    expect(normaliseEmail(' Jean.Dupont@Example.ORG ')).toBe('jean.dupont@example.org');
  });

  it('has an FR and an EN message for every error a field can have', () => {
    const cases: [RegistrationField, FieldError[]][] = [
      ['email', ['required', 'invalid', 'tooLong']],
      [
        'password',
        [
          'required',
          'length',
          'maxLength',
          'whitespace',
          'uppercase',
          'lowercase',
          'digit',
          'symbol',
          'email',
          'common',
        ],
      ],
      ['passwordConfirm', ['mismatch']],
      ['firstName', ['required', 'invalid', 'tooLong']],
      ['lastName', ['required', 'invalid', 'tooLong']],
      ['organisation', ['required', 'invalid', 'tooLong']],
      ['jobTitle', ['invalid', 'tooLong']],
      ['country', ['required', 'invalid']],
      ['language', ['required', 'invalid']],
      ['acceptTerms', ['required']],
    ];
    for (const [field, errors] of cases) {
      for (const error of errors) {
        const key = fieldErrorMessageKey(field, error) as AccountsMessageKey;
        expect(accountsMessages.fr[key], key).toBeTruthy();
        expect(accountsMessages.en[key], key).toBeTruthy();
      }
    }
  });
});

describe('countries', () => {
  it('lists ISO 3166-1 alpha-2 codes with names in French and English', () => {
    expect(COUNTRY_CODES).toHaveLength(250);
    expect(parseCountryCode(' be ')).toBe('BE');
    for (const bad of ['EU', 'UK', 'ZZ', 'XX', 'FRA', '', null]) expect(parseCountryCode(bad)).toBeNull();
    expect(countryName('DE', 'fr')).toBe('Allemagne');
    expect(countryName('DE', 'en')).toBe('Germany');
    for (const code of COUNTRY_CODES) {
      expect(countryName(code, 'fr')).not.toBe(code);
      expect(countryName(code, 'en')).not.toBe(code);
    }
  });

  it('sorts options by name in the chosen language', () => {
    const fr = countryOptions('fr');
    expect(fr).toHaveLength(250);
    expect(fr[0]).toEqual({ code: 'AF', name: 'Afghanistan' });
    const names = fr.map((c) => c.name);
    expect(names.indexOf('Égypte')).toBeLessThan(names.indexOf('Espagne'));
  });
});
