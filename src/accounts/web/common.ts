/** Helpers shared by the account pages and API: messages for outcomes, returnTo, page replies. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../web/errors.ts';
import type { SafeHtml } from '../../web/html.ts';
import { type MessageKey, type Translator, translator } from '../../web/i18n/index.ts';
import { layout, localPath, type PageContext, type PageOptions } from '../../web/layout.ts';
import { pageContext } from '../../web/page-context.ts';
import { requestLang } from '../../web/request-lang.ts';
import type { CheckOutcome } from '../rules/codes.ts';
import { type PasswordRule, passwordRuleMessageKey } from '../rules/password-policy.ts';
import { parseReturnTo } from '../rules/return-to.ts';
import './messages.ts';
import '../messages.ts';
import {
  fieldErrorMessageKey,
  type RegistrationErrors,
  type RegistrationField,
} from '../rules/validation.ts';
import type { SendResult } from '../service/accounts.ts';
import type { Authenticated } from '../service/session.ts';
import { bySession } from '../service/tokens.ts';
import type { WebAuth } from './auth.ts';
import { codeView, type FormState, rateLimitedView } from './views.ts';

const NO_RETURN = ['/sign-in', '/register', '/verify', '/password-reset', '/sign-out', '/welcome'].flatMap(
  (p) => [`/fr${p}`, `/en${p}`],
);

/** A same-site path to go back to after sign-in or a reset; the language's home otherwise. */
/** The translator of the request's language. */
export function requestTranslator(request: FastifyRequest): Translator {
  return translator(requestLang(request));
}

export function returnToOr(value: unknown, lang: 'fr' | 'en'): string {
  return parseReturnTo(value, { disallowPrefixes: NO_RETURN }) ?? `/${lang}/`;
}

/** The same check, without a fallback: null when absent or refused (registration then welcomes). */
export function returnToOrNull(value: unknown): string | null {
  return parseReturnTo(value, { disallowPrefixes: NO_RETURN });
}

export function codeMessage(t: Translator, outcome: Exclude<CheckOutcome, { kind: 'ok' }>): string {
  switch (outcome.kind) {
    case 'wrong':
      return t('accounts.code.wrong', { attemptsLeft: outcome.attemptsLeft });
    case 'expired':
      return t('accounts.code.expired');
    case 'exhausted':
      return t('accounts.code.exhausted');
    case 'none':
      return t('accounts.code.none');
  }
}

export function sendMessage(t: Translator, result: Exclude<SendResult, { kind: 'sent' }>): string {
  if (result.kind === 'cooldown') return t('accounts.code.cooldown', { seconds: result.retryAfterSeconds });
  if (result.kind === 'capped')
    return t('accounts.code.capped', { minutes: Math.ceil(result.retryAfterSeconds / 60) });
  return t('accounts.rateLimited', { seconds: result.retryAfterSeconds });
}

export function passwordMessages(t: Translator, rules: readonly PasswordRule[]): string[] {
  return [
    `${t('accounts.password.invalid')} ${rules.map((r) => t(passwordRuleMessageKey(r))).join(t('accountsWeb.listSeparator'))}.`,
  ];
}

export function registrationMessages(t: Translator, errors: RegistrationErrors): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, list] of Object.entries(errors) as [
    RegistrationField,
    NonNullable<RegistrationErrors[RegistrationField]>,
  ][]) {
    if (field === 'password' && list.some((e) => e !== 'required')) {
      out[field] = passwordMessages(t, list.filter((e) => e !== 'required') as PasswordRule[]);
    } else {
      out[field] = list.map((e) => t(fieldErrorMessageKey(field, e) as MessageKey));
    }
  }
  return out;
}

export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageOptions | ((t: Translator) => PageOptions),
  content: (ctx: ReturnType<typeof pageContext>) => SafeHtml,
  status = 200,
): FastifyReply {
  const ctx = pageContext(request);
  const opts = typeof options === 'function' ? options(ctx.t) : options;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(layout(ctx, opts, content(ctx)));
}

/**
 * A page holding one form that goes back to `returnTo` (sign-in, second factor, reset request): the
 * view gets this browser's form token.
 */
export function formPage(
  web: Pick<WebAuth, 'csrfToken'>,
  title: MessageKey,
  view: (ctx: PageContext, csrf: string, state: FormState, returnTo: string) => SafeHtml,
) {
  return (request: FastifyRequest, reply: FastifyReply, returnTo: string, state: FormState, status = 200) => {
    const csrf = web.csrfToken(request, reply);
    return sendPage(
      request,
      reply,
      (t) => ({ title: t(title) }),
      (ctx) => view(ctx, csrf, state, returnTo),
      status,
    );
  };
}

/** The "enter the code we emailed" page, for email verification and for password reset. */
export function sendCodePage(
  request: FastifyRequest,
  reply: FastifyReply,
  csrf: string,
  options: { intro: MessageKey; path: string; email: string; returnTo?: string },
  state: FormState,
  status = 200,
): FastifyReply {
  const lang = requestLang(request);
  return sendPage(
    request,
    reply,
    (t) => ({ title: t('accounts.verify.title') }),
    (ctx) =>
      codeView(ctx, csrf, state, {
        title: 'accounts.verify.title',
        intro: options.intro,
        action: localPath(lang, options.path),
        resendAction: localPath(lang, `${options.path.replace(/\/code$/, '')}/resend`),
        email: options.email,
        ...(options.returnTo === undefined ? {} : { returnTo: options.returnTo }),
      }),
    status,
  );
}

export function sendRateLimitedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  retryAfterSeconds: number,
  now: Date,
): FastifyReply {
  reply.header('retry-after', String(retryAfterSeconds));
  return sendPage(
    request,
    reply,
    (t) => ({ title: t('accountsWeb.rateLimited.title') }),
    (ctx) => rateLimitedView(ctx, retryAfterSeconds, new Date(now.getTime() + retryAfterSeconds * 1000)),
    429,
  );
}

export function str(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The API's signed-in user (a session or an API token); 401 otherwise. */
export function apiSignedIn(request: FastifyRequest): Authenticated {
  const auth = request.auth;
  if (!auth || auth.pending) throw new HttpError(401, 'unauthenticated', 'accountsWeb.signInRequired');
  return auth;
}

/** 403 for what only a signed-in session may do, asked with an API token. */
export const sessionRequired = () =>
  new HttpError(403, 'session_required', 'apiTokens.error.sessionRequired');

/**
 * For what only a signed-in session may do (two-factor setup; API tokens check in their service):
 * a leaked API token must not mint more credentials (TOTP seeds, recovery codes, tokens).
 */
export function apiSignedInBySession(request: FastifyRequest): Authenticated {
  const auth = apiSignedIn(request);
  if (!bySession(auth)) throw sessionRequired();
  return auth;
}
