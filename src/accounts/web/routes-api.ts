/**
 * The accounts JSON API under /api/v1 (docs/api.md), with schemas that validate and document it in
 * /api/v1/openapi.json. State-changing calls must be JSON (a cross-site HTML form cannot send that
 * without a CORS preflight) and, when the browser says where they come from, same-origin.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { type MessageKey, translator } from '../../web/i18n/index.ts';
import { requestLang } from '../../web/request-lang.ts';
import {
  dictionaryOf,
  noContent,
  partial,
  stringEnum,
  type TProperties,
  Type,
  typed,
} from '../../web/schemas.ts';
import type { AccountsServices } from '../module.ts';
import type { SendResult } from '../service/accounts.ts';
import { accountView } from '../service/profile.ts';
import type { WebAuth } from './auth.ts';
import {
  apiSignedIn,
  apiSignedInBySession,
  codeMessage,
  registrationMessages,
  sendMessage,
  sessionRequired,
} from './common.ts';
import { accountsProfileApi } from './routes-api-profile.ts';
import { apiTokensApi } from './routes-api-tokens.ts';

const TAGS = ['accounts'];
const str = (maxLength: number) => Type.String({ maxLength });
const language = stringEnum(['fr', 'en']);
const errorSchema = partial({
  error: partial({
    code: Type.String(),
    message: Type.String(),
    fields: dictionaryOf(Type.Array(Type.String())),
    rules: Type.Array(Type.String()),
    messages: Type.Array(Type.String()),
  }),
});
const accountSchema = partial({
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  organisation: Type.String(),
  jobTitle: Type.String(),
  country: Type.String(),
  language,
  role: stringEnum(['journalist', 'editor', 'admin']),
  newsletter: Type.Boolean(),
  twoFactor: Type.Boolean(),
  timeZone: Type.String({ description: 'IANA zone pages show times in; empty: the portal’s (TZ_DEFAULT)' }),
});
const accepted = partial({ next: Type.String() });
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 422: errorSchema, 429: errorSchema };

/** A body of exactly these fields (the optional ones wrapped in Type.Optional). */
function body<P extends TProperties>(properties: P) {
  return Type.Object(properties, { additionalProperties: false });
}

type Body = Record<string, unknown>;

export function accountsApi(s: AccountsServices, web: WebAuth): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    await app.register(accountsProfileApi(s, web));
    await app.register(apiTokensApi(s, web));

    const fail = (reply: FastifyReply, status: number, code: string, message: string, extra: Body = {}) =>
      reply.code(status).send({ error: { code, message, ...extra } });
    const limited = (request: FastifyRequest, reply: FastifyReply, seconds: number, message?: string) => {
      reply.header('retry-after', String(seconds));
      return fail(
        reply,
        429,
        'rate_limited',
        message ?? translator(requestLang(request))('accounts.rateLimited', { seconds }),
      );
    };
    /** 202 with the next step once a code is on its way; 429 with Retry-After when it may not be sent. */
    const codeSent = (request: FastifyRequest, reply: FastifyReply, result: SendResult, next: string) =>
      result.kind === 'sent'
        ? reply.code(202).send({ next })
        : limited(
            request,
            reply,
            result.retryAfterSeconds,
            sendMessage(translator(requestLang(request)), result),
          );
    const signedIn = apiSignedIn;

    app.post(
      '/accounts',
      {
        schema: {
          tags: TAGS,
          summary: 'Register; a 6-digit code is emailed. The same answer for an email already registered.',
          body: body({
            email: str(254),
            password: str(1024),
            firstName: str(200),
            lastName: str(200),
            organisation: str(400),
            jobTitle: Type.Optional(str(200)),
            country: str(8),
            language,
            acceptTerms: Type.Boolean(),
            newsletter: Type.Optional(Type.Boolean()),
          }),
          response: { 202: accepted, ...errors },
        },
      },
      async (request, reply) => {
        const result = await s.registration.register(request.body, web.meta(request));
        const t = translator(requestLang(request));
        if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
        if (result.kind === 'invalid')
          return fail(reply, 422, 'invalid_fields', t('accountsWeb.invalidFields'), {
            fields: registrationMessages(t, result.errors),
          });
        return reply.code(202).send({ next: 'verify' });
      },
    );

    app.post(
      '/accounts/verification',
      {
        schema: {
          tags: TAGS,
          summary: 'Confirm the email with the code; signs in (sets the session cookie).',
          body: body({ email: str(254), code: str(32) }),
          response: { 200: accountSchema, ...errors },
        },
      },
      async (request, reply) => {
        const result = await s.registration.verifyEmail(
          request.body.email,
          request.body.code,
          web.meta(request),
        );
        if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
        if (result.kind === 'code')
          return fail(
            reply,
            422,
            `code_${result.outcome.kind}`,
            codeMessage(translator(requestLang(request)), result.outcome),
          );
        web.setSession(reply, result.token);
        return accountView(result.user);
      },
    );

    app.post(
      '/accounts/verification/resend',
      {
        schema: {
          tags: TAGS,
          summary:
            'Send a new code (replaces the previous one); 60 s cooldown, hourly cap. Same answer for any email.',
          body: body({ email: str(254) }),
          response: { 202: accepted, ...errors },
        },
      },
      async (request, reply) => {
        const result = await s.registration.resendVerification(request.body.email, web.meta(request));
        return codeSent(request, reply, result, 'verify');
      },
    );

    app.post(
      '/session',
      {
        schema: {
          tags: TAGS,
          summary:
            'Sign in; sets the session cookie. `otp`: TOTP or recovery code when two-factor sign-in is on.',
          body: body({ email: str(254), password: str(1024), otp: Type.Optional(str(32)) }),
          response: { 200: accountSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { email, password, otp } = request.body;
        const t = translator(requestLang(request));
        const result = await s.sessions.signIn(email, password, web.meta(request), { otp });
        switch (result.kind) {
          case 'limited':
            return limited(request, reply, result.retryAfterSeconds);
          case 'invalid':
            return fail(reply, 401, 'invalid_credentials', t('accounts.signIn.failed'));
          case 'unverified':
            return fail(reply, 403, 'email_unverified', t('accounts.signIn.unverified'));
          case 'second-factor':
            return result.otpRejected
              ? fail(reply, 401, 'otp_invalid', t('accounts.totp.invalid'))
              : fail(reply, 401, 'otp_required', t('accountsWeb.totp.required'));
          case 'signed-in':
            if (request.auth) await s.sessions.signOut(request.auth, web.meta(request));
            web.setSession(reply, result.token);
            return accountView(result.user);
        }
      },
    );

    app.delete(
      '/session',
      { schema: { tags: TAGS, summary: 'Sign out (this session).', response: { 204: noContent } } },
      async (request, reply) => {
        if (request.auth) await s.sessions.signOut(request.auth, web.meta(request));
        web.clearSession(reply);
        return reply.code(204).send();
      },
    );

    app.delete(
      '/sessions',
      {
        schema: {
          tags: TAGS,
          summary:
            'Sign out everywhere: ends every session and revokes every API token (with a session only).',
          response: { 204: noContent, 401: errorSchema, 403: errorSchema },
        },
      },
      async (request, reply) => {
        // It also revokes the API tokens: a token may not end its owner's sessions and tokens.
        await s.sessions.signOutEverywhere(apiSignedInBySession(request), web.meta(request));
        web.clearSession(reply);
        return reply.code(204).send();
      },
    );

    app.get(
      '/account',
      {
        schema: {
          tags: TAGS,
          summary: 'The signed-in account.',
          response: { 200: accountSchema, 401: errorSchema },
        },
      },
      async (request) => accountView(signedIn(request).user),
    );

    app.patch(
      '/account',
      {
        schema: {
          tags: TAGS,
          summary: 'Update profile fields and the newsletter preference.',
          body: partial(
            {
              firstName: str(200),
              lastName: str(200),
              organisation: str(400),
              jobTitle: str(200),
              country: str(8),
              language,
              newsletter: Type.Boolean(),
              timeZone: Type.String({ maxLength: 64, description: 'IANA zone; empty for the portal’s' }),
            },
            { additionalProperties: false },
          ),
          response: { 200: accountSchema, ...errors },
        },
      },
      async (request, reply) => {
        const result = await s.profile.updateProfile(signedIn(request), request.body ?? {});
        if (result.kind === 'invalid') {
          const t = translator(requestLang(request));
          const fields: Record<string, string[]> = {};
          for (const [field, list] of Object.entries(result.errors))
            fields[field] = (list ?? []).map((e) => t(`accounts.field.${field}.${e}` as MessageKey));
          return fail(reply, 422, 'invalid_fields', t('accountsWeb.invalidFields'), { fields });
        }
        return accountView(result.user);
      },
    );

    app.post(
      '/account/password',
      {
        schema: {
          tags: TAGS,
          summary:
            'Change the password (current password required, signed-in session only; wrong ones count as failed sign-ins); other sessions end.',
          body: body({ currentPassword: str(1024), password: str(1024) }),
          response: { 204: noContent, ...errors },
        },
      },
      async (request, reply) => {
        const t = translator(requestLang(request));
        const result = await s.profile.changePassword(
          apiSignedInBySession(request),
          request.body.currentPassword,
          request.body.password,
          web.meta(request),
        );
        if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
        if (result.kind === 'session-required') throw sessionRequired();
        if (result.kind === 'wrong-password')
          return fail(reply, 403, 'wrong_password', t('accountsWeb.profile.wrongPassword'));
        if (result.kind === 'invalid-password')
          return fail(reply, 422, 'password_policy', t('accounts.password.invalid'), {
            rules: result.rules,
            messages: result.rules.map((r) => t(`accounts.password.rule.${r}`)),
          });
        return reply.code(204).send();
      },
    );

    app.post(
      '/password-reset',
      {
        schema: {
          tags: TAGS,
          summary: 'Email a reset code. The same answer for an unknown email.',
          body: body({ email: str(254) }),
          response: { 202: accepted, ...errors },
        },
      },
      async (request, reply) => {
        const result = await s.registration.requestReset(request.body.email, web.meta(request));
        return codeSent(request, reply, result, 'confirm');
      },
    );

    app.post(
      '/password-reset/confirm',
      {
        schema: {
          tags: TAGS,
          summary: 'Set a new password with the emailed code; every session of the account ends.',
          body: body({ email: str(254), code: str(32), password: str(1024) }),
          response: { 200: partial({ status: Type.String() }), ...errors },
        },
      },
      async (request, reply) => {
        const t = translator(requestLang(request));
        const { email, code, password } = request.body;
        const result = await s.registration.confirmReset(email, code, password, web.meta(request));
        if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
        if (result.kind === 'invalid-password')
          return fail(reply, 422, 'password_policy', t('accounts.password.invalid'), {
            rules: result.rules,
            messages: result.rules.map((r) => t(`accounts.password.rule.${r}`)),
          });
        if (result.kind === 'code')
          return fail(reply, 422, `code_${result.outcome.kind}`, codeMessage(t, result.outcome));
        return { status: 'password-updated' };
      },
    );
  };
}
