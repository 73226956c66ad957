import { describe, expect, it } from 'vitest';
import { parseProfileUpdate } from '../../src/accounts/service/profile.ts';
import { codeMessage, registrationMessages, returnToOr } from '../../src/accounts/web/common.ts';
import { translator } from '../../src/web/i18n/index.ts';

describe('returnToOr', () => {
  it.each([
    ['//evil.example', '/fr/'],
    ['https://evil.example', '/fr/'],
    ['/fr/sign-in?returnTo=/x', '/fr/'],
    ['/en/password-reset/done', '/fr/'],
    ['/fr/stories/a?b=1#c', '/fr/stories/a?b=1#c'],
    [undefined, '/fr/'],
  ])('%s -> %s', (value, expected) => {
    expect(returnToOr(value, 'fr')).toBe(expected);
  });
});

describe('parseProfileUpdate', () => {
  it('keeps absent fields and validates present ones', () => {
    expect(parseProfileUpdate({ firstName: '  Ana  Maria ', country: 'pt', newsletter: true })).toEqual({
      update: { first_name: 'Ana Maria', country: 'PT', newsletter: true },
      errors: {},
    });
    expect(
      parseProfileUpdate({ lastName: '', country: 'XX', language: 'de', jobTitle: 'a'.repeat(101) }).errors,
    ).toEqual({
      lastName: ['required'],
      country: ['invalid'],
      language: ['invalid'],
      jobTitle: ['tooLong'],
    });
  });
});

describe('messages for outcomes', () => {
  it('names every unmet password rule in one message', () => {
    const t = translator('en');
    const messages = registrationMessages(t, { password: ['length', 'symbol'], email: ['invalid'] });
    expect(messages.password).toEqual([
      'This password breaks the following rules: At least 12 characters; At least one symbol.',
    ]);
    expect(messages.email).toEqual(['This email address is not valid.']);
  });

  it('says how many tries are left', () => {
    expect(codeMessage(translator('fr'), { kind: 'wrong', attemptsLeft: 2 })).toBe(
      'Ce code n’est pas le bon. Il vous reste 2 essais.',
    );
  });
});
