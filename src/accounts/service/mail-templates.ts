import { formatDateTime } from '../../web/i18n/index.ts';
import { type AccountsLanguage, type AccountsMessageKey, accountsText } from '../messages.ts';

/**
 * The account emails, in the account's language, as plain text and HTML (every interpolated value
 * escaped). Strings come from accountsMessages. Pure: the flows pass the result to a MailTransport.
 */

interface Common {
  readonly language: AccountsLanguage;
  /** Shown in the greeting; omitted when unknown. */
  readonly firstName?: string | null;
  /** Site name for the signature, e.g. 'Broadcast Portal'. */
  readonly siteName: string;
}

export type AccountMail =
  | (Common & { readonly kind: 'verify-email'; readonly code: string; readonly validMinutes: number })
  | (Common & { readonly kind: 'already-registered'; readonly signInUrl: string; readonly resetUrl: string })
  | (Common & { readonly kind: 'reset-password'; readonly code: string; readonly validMinutes: number })
  | (Common & { readonly kind: 'password-changed'; readonly changedAt: Date; readonly resetUrl: string })
  /** Repeated failures locked the address (sign-in or code checks) until `until`. */
  | (Common & {
      readonly kind: 'lockout';
      readonly flow: 'sign-in' | 'code';
      readonly until: Date;
      readonly resetUrl: string;
    });

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly language: AccountsLanguage;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A block of the body: a paragraph, the code in large type, or a paragraph ending with a link. */
type Block =
  | { readonly type: 'p'; readonly text: string }
  | { readonly type: 'code'; readonly code: string }
  | { readonly type: 'link'; readonly text: string; readonly url: string };

/** Keep only http(s) URLs in links; anything else becomes plain text. */
function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

function blocksFor(
  mail: AccountMail,
  t: ReturnType<typeof accountsText>,
): { subject: string; blocks: Block[] } {
  switch (mail.kind) {
    case 'verify-email':
    case 'reset-password': {
      const prefix = mail.kind === 'verify-email' ? 'accounts.mail.verify' : 'accounts.mail.reset';
      const key = (suffix: string) => `${prefix}.${suffix}` as AccountsMessageKey;
      return {
        subject: t(key('subject'), { code: mail.code }),
        blocks: [
          { type: 'p', text: t(key('intro')) },
          { type: 'code', code: mail.code },
          { type: 'p', text: t(key('expiry'), { minutes: mail.validMinutes }) },
          { type: 'p', text: t('accounts.mail.notYou') },
        ],
      };
    }
    case 'already-registered':
      return {
        subject: t('accounts.mail.duplicate.subject'),
        blocks: [
          { type: 'p', text: t('accounts.mail.duplicate.intro') },
          {
            type: 'link',
            text: t('accounts.mail.duplicate.signIn', { url: mail.signInUrl }),
            url: mail.signInUrl,
          },
          {
            type: 'link',
            text: t('accounts.mail.duplicate.reset', { url: mail.resetUrl }),
            url: mail.resetUrl,
          },
          { type: 'p', text: t('accounts.mail.notYou') },
        ],
      };
    case 'password-changed':
      return {
        subject: t('accounts.mail.passwordChanged.subject'),
        blocks: [
          {
            type: 'p',
            text: t('accounts.mail.passwordChanged.intro', {
              date: formatDateTime(mail.language, mail.changedAt),
            }),
          },
          {
            type: 'link',
            text: t('accounts.mail.passwordChanged.notYou', { url: mail.resetUrl }),
            url: mail.resetUrl,
          },
        ],
      };
    case 'lockout':
      return {
        subject: t('accounts.mail.lockout.subject'),
        blocks: [
          {
            type: 'p',
            text: t(mail.flow === 'sign-in' ? 'accounts.mail.lockout.signIn' : 'accounts.mail.lockout.code', {
              date: formatDateTime(mail.language, mail.until),
            }),
          },
          { type: 'link', text: t('accounts.mail.lockout.safe', { url: mail.resetUrl }), url: mail.resetUrl },
        ],
      };
  }
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'p':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'code':
      return `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${escapeHtml(block.code)}</p>`;
    case 'link': {
      const text = escapeHtml(block.text);
      if (!isWebUrl(block.url)) return `<p>${text}</p>`;
      const url = escapeHtml(block.url);
      // The URL is part of the sentence: make that occurrence the link.
      return `<p>${text.includes(url) ? text.replace(url, `<a href="${url}">${url}</a>`) : `${text} <a href="${url}">${url}</a>`}</p>`;
    }
  }
}

export function renderAccountMail(mail: AccountMail): RenderedMail {
  const t = accountsText(mail.language);
  const { subject, blocks } = blocksFor(mail, t);
  const name = mail.firstName?.trim();
  const greeting = name ? t('accounts.mail.greeting', { name }) : t('accounts.mail.greetingNoName');
  const signature = t('accounts.mail.signature', { site: mail.siteName });

  const textBody = [greeting, ...blocks.map((b) => (b.type === 'code' ? b.code : b.text)), signature].join(
    '\n\n',
  );
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${mail.language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...blocks.map(blockHtml),
    `<p>${escapeHtml(signature)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text: `${textBody}\n`, html, language: mail.language };
}

/** The MailMessage for a rendered account mail. */
export function accountMailMessage(to: string, rendered: RenderedMail) {
  return {
    to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    language: rendered.language,
  };
}
