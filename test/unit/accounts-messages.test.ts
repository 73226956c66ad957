import { describe, expect, it } from 'vitest';
import { accountsMessages, accountsText, formatMessage } from '../../src/accounts/messages.ts';

describe('accounts messages', () => {
  it('has exactly the same keys in French and English, none empty', () => {
    const fr = Object.keys(accountsMessages.fr).sort();
    const en = Object.keys(accountsMessages.en).sort();
    expect(en).toEqual(fr);
    for (const lang of ['fr', 'en'] as const) {
      for (const [key, value] of Object.entries(accountsMessages[lang])) {
        expect(key).toMatch(/^accounts(\.[a-zA-Z]+)+$/);
        expect(value.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(accountsMessages.fr) as (keyof typeof accountsMessages.fr)[]) {
      expect(placeholders(accountsMessages.en[key]), key).toEqual(placeholders(accountsMessages.fr[key]));
    }
  });

  it('formats placeholders and leaves unknown ones alone', () => {
    expect(formatMessage('Hello {name}, {missing}', { name: 'Ana' })).toBe('Hello Ana, {missing}');
    expect(accountsText('fr')('accounts.code.cooldown', { seconds: 42 })).toContain('42 secondes');
    expect(accountsText('en')('accounts.verify.title')).toBe(
      'Check your inbox and enter the verification code',
    );
  });

  it('keeps the seed wording in French', () => {
    const t = accountsText('fr');
    expect(t('accounts.verify.title')).toBe(
      'Vérifiez votre boîte de réception et entrez le code de vérification',
    );
    expect(t('accounts.code.resend')).toBe('Vous n’avez pas reçu de code ? Envoyer un nouveau code');
    expect(t('accounts.verify.success.title')).toBe('Vous avez créé votre compte avec succès');
    expect(t('accounts.reset.done.title')).toBe('Votre mot de passe a été mis à jour');
  });
});
