import { describe, expect, it } from 'vitest';
import { accountsMessages } from '../../src/accounts/messages.ts';
import { loadCommonPasswords, parseCommonPasswords } from '../../src/accounts/rules/common-passwords.ts';
import {
  checkPassword,
  checkPasswordRules,
  emailLocalParts,
  PASSWORD_PATTERNS,
  PASSWORD_RULES,
  passwordPolicyForBrowser,
  passwordRuleMessageKey,
} from '../../src/accounts/rules/password-policy.ts';

const common = parseCommonPasswords('123456\npassword\nqwerty123456\nmotdepasse123!\n');

describe('password policy', () => {
  it('accepts a password meeting every rule', () => {
    expect(checkPassword('Correct-Horse-42', { email: 'jean.dupont@example.org', common })).toEqual([]);
  });

  it('names every unmet rule, in order', () => {
    expect(checkPassword('abc', { common })).toEqual(['length', 'uppercase', 'digit', 'symbol']);
    expect(checkPassword('', { common })).toEqual(['length', 'uppercase', 'lowercase', 'digit', 'symbol']);
    expect(checkPassword('ALLUPPERCASE123!', { common })).toEqual(['lowercase']);
    expect(checkPassword('NoDigitsHere!!!', { common })).toEqual(['digit']);
    expect(checkPassword('NoSymbols12345', { common })).toEqual(['symbol']);
  });

  it('refuses any whitespace, including tabs and non-breaking spaces, and control characters', () => {
    for (const pw of ['Has Space-123x', 'Has\tTab-123xx', 'Nbsp\u00a0Here-12', 'Ctrl\u0001Char-12x']) {
      expect(checkPassword(pw, { common })).toContain('whitespace');
    }
  });

  it('counts length in code points and caps it', () => {
    expect(checkPasswordRules('Aa1!Aa1!Aa1')).toContain('length'); // 11
    expect(checkPasswordRules('Aa1!Aa1!Aa1!')).not.toContain('length'); // 12
    // 11 code points written with astral symbols: still too short.
    expect(checkPasswordRules('Aa1😀😀😀😀😀😀😀😀')).toContain('length');
    expect(checkPasswordRules(`Aa1!${'x'.repeat(253)}`)).toContain('maxLength');
  });

  it('is Unicode-aware for letters', () => {
    expect(checkPasswordRules('ÉCOLEéCOLE12!')).toEqual([]);
    expect(checkPasswordRules('ÉCOLEÉCOLE12!')).toEqual(['lowercase']);
    expect(checkPasswordRules('éééééééé12!!')).toEqual(['uppercase']);
    // Letters are not symbols, even accented ones.
    expect(checkPasswordRules('ÉcoleÉcole1234')).toEqual(['symbol']);
  });

  it('refuses a password containing the email local part, case-insensitively', () => {
    expect(checkPassword('xxJean.Dupont!99', { email: 'jean.dupont@example.org', common })).toEqual([
      'email',
    ]);
    // The part before a +tag counts too.
    expect(checkPassword('Marie-Curie!1867', { email: 'marie+portal@example.org', common })).toEqual([
      'email',
    ]);
    // Local parts shorter than 3 characters are ignored.
    expect(checkPassword('Jo-is-here-2024', { email: 'jo@example.org', common })).toEqual([]);
    expect(emailLocalParts('jo@example.org')).toEqual([]);
  });

  it('refuses common passwords case-insensitively', () => {
    expect(checkPassword('QWERTY123456', { common })).toContain('common');
    expect(checkPassword('MotDePasse123!', { common })).toEqual(['common']);
  });

  it('ships 10,000 lowercased common passwords', async () => {
    const set = await loadCommonPasswords();
    expect(set.size).toBe(10_000);
    for (const p of ['123456', 'password', 'qwerty', 'iloveyou', '1qaz2wsx3edc'])
      expect(set.has(p)).toBe(true);
    for (const p of set) expect(p).toBe(p.toLowerCase());
    expect(checkPassword('1QAZ2WSX3EDC', { common: set })).toContain('common');
  });

  it('has an FR and an EN message for every rule', () => {
    for (const rule of PASSWORD_RULES) {
      const key = passwordRuleMessageKey(rule);
      expect(accountsMessages.fr[key]).toBeTruthy();
      expect(accountsMessages.en[key]).toBeTruthy();
    }
    expect(accountsMessages.fr['accounts.password.policy']).toBe(
      'Le mot de passe doit comporter au moins 12 caractères, sans espaces, inclure des lettres majuscules/minuscules, des chiffres et des symboles.',
    );
  });

  it('exports browser rules that give the same answers as the server', () => {
    const policy = JSON.parse(JSON.stringify(passwordPolicyForBrowser)) as typeof passwordPolicyForBrowser;
    expect(policy.rules).not.toContain('common');
    const browserCheck = (pw: string) => {
      const failed: string[] = [];
      const len = [...pw].length;
      if (len < policy.minLength) failed.push('length');
      if (len > policy.maxLength) failed.push('maxLength');
      for (const [rule, p] of Object.entries(policy.patterns)) {
        if (new RegExp(p.source, policy.flags).test(pw) !== p.present) failed.push(rule);
      }
      return failed;
    };
    for (const pw of ['abc', 'Correct-Horse-42', 'Has Space-123x', 'éééééééé12!!', 'NoSymbols12345']) {
      expect(browserCheck(pw)).toEqual(checkPasswordRules(pw));
    }
    expect(Object.keys(PASSWORD_PATTERNS)).toEqual([
      'whitespace',
      'uppercase',
      'lowercase',
      'digit',
      'symbol',
    ]);
  });
});
