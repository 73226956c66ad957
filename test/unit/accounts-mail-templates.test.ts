import { describe, expect, it } from 'vitest';
import {
  accountMailMessage,
  escapeHtml,
  renderAccountMail,
} from '../../src/accounts/service/mail-templates.ts';

const site = 'Broadcast Portal';

describe('account mail templates', () => {
  it('renders the verification code in French, text and HTML', () => {
    const m = renderAccountMail({
      kind: 'verify-email',
      language: 'fr',
      firstName: 'Élodie',
      code: '042917',
      validMinutes: 30,
      siteName: site,
    });
    expect(m.language).toBe('fr');
    expect(m.subject).toBe('Votre code de vérification : 042917');
    expect(m.text).toContain('Bonjour Élodie,');
    expect(m.text).toContain('\n042917\n');
    expect(m.text).toContain('Ce code expirera dans 30 minutes.');
    expect(m.html).toContain('<html lang="fr">');
    expect(m.html).toContain('042917');
    expect(m.html).toContain('Ce code expirera dans 30 minutes.');
  });

  it('renders the verification code in English', () => {
    const m = renderAccountMail({
      kind: 'verify-email',
      language: 'en',
      firstName: 'Ann',
      code: '123456',
      validMinutes: 30,
      siteName: site,
    });
    expect(m.subject).toBe('Your verification code: 123456');
    expect(m.text).toContain('Hello Ann,');
    expect(m.text).toContain('This code will expire in 30 minutes.');
    expect(m.text).toContain('The Broadcast Portal team');
  });

  it('renders the reset code, the duplicate-registration notice and the password-changed notice', () => {
    const reset = renderAccountMail({
      kind: 'reset-password',
      language: 'en',
      code: '654321',
      validMinutes: 30,
      siteName: site,
    });
    expect(reset.subject).toBe('Your password reset code: 654321');
    expect(reset.text).toMatch(/^Hello,/);

    const dup = renderAccountMail({
      kind: 'already-registered',
      language: 'fr',
      firstName: 'Jean',
      signInUrl: 'https://portal.example/connexion',
      resetUrl: 'https://portal.example/mot-de-passe',
      siteName: site,
    });
    expect(dup.subject).toBe('Tentative d’inscription avec votre adresse e-mail');
    expect(dup.text).toContain('https://portal.example/connexion');
    expect(dup.html).toContain(
      '<a href="https://portal.example/mot-de-passe">https://portal.example/mot-de-passe</a>',
    );

    const changed = renderAccountMail({
      kind: 'password-changed',
      language: 'en',
      changedAt: new Date('2026-03-01T10:05:00Z'),
      resetUrl: 'https://portal.example/reset',
      siteName: site,
    });
    expect(changed.subject).toBe('Your password has been changed');
    expect(changed.text).toContain('1 March 2026');
    expect(changed.text).toContain('10:05');
  });

  it('escapes every interpolated value in the HTML part', () => {
    const m = renderAccountMail({
      kind: 'already-registered',
      language: 'en',
      firstName: '<script>alert("x")</script>',
      signInUrl: 'javascript:alert(1)',
      resetUrl: 'https://portal.example/reset?a=1&b="2"',
      siteName: 'A & B',
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(m.html).not.toContain('href="javascript:');
    expect(m.html).toContain('href="https://portal.example/reset?a=1&amp;b=&quot;2&quot;"');
    expect(m.html).toContain('A &amp; B');
    // The text part is plain text: no escaping there.
    expect(m.text).toContain('<script>alert("x")</script>');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('makes a MailMessage', () => {
    const m = renderAccountMail({
      kind: 'reset-password',
      language: 'fr',
      code: '000001',
      validMinutes: 30,
      siteName: site,
    });
    expect(accountMailMessage('a@example.org', m)).toEqual({
      to: 'a@example.org',
      subject: m.subject,
      text: m.text,
      html: m.html,
      language: 'fr',
    });
  });
});
