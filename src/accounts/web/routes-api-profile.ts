/**
 * Profile extras of the JSON API: delete the account, and two-factor sign-in (start, confirm with a
 * code from the app -> 10 recovery codes, turn off). Same CSRF rules as the rest of the API. All of it
 * needs a signed-in session: an API token must not mint a TOTP seed or recovery codes, nor delete the
 * account. Wrong passwords count in the sign-in throttle (429 with Retry-After once over).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { apiErrorSchema } from '../../web/errors.ts';
import { requestLang } from '../../web/request-lang.ts';
import { noContent, partial, Type, typed } from '../../web/schemas.ts';
import type { AccountsServices } from '../module.ts';
import type { PasswordCheckFailure } from '../service/profile.ts';
import type { WebAuth } from './auth.ts';
import { apiSignedInBySession, requestTranslator, sessionRequired } from './common.ts';

const TAGS = ['accounts'];
const errors = {
  401: apiErrorSchema,
  403: apiErrorSchema,
  409: apiErrorSchema,
  422: apiErrorSchema,
  429: apiErrorSchema,
};
const passwordBody = Type.Object(
  { password: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);

export function accountsProfileApi(s: AccountsServices, web: WebAuth): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    const t = requestTranslator;
    /** A wrong current password: 403; too many (the sign-in throttle): 429 with Retry-After. */
    const refused = (request: FastifyRequest, reply: FastifyReply, failure: PasswordCheckFailure) => {
      if (failure.kind === 'session-required') throw sessionRequired();
      if (failure.kind === 'limited') {
        const seconds = failure.retryAfterSeconds;
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .send({
            error: { code: 'rate_limited', message: t(request)('accounts.rateLimited', { seconds }) },
          });
      }
      return reply.code(403).send({
        error: { code: 'wrong_password', message: t(request)('accountsWeb.profile.wrongPassword') },
      });
    };

    app.delete(
      '/account',
      {
        schema: {
          tags: TAGS,
          summary:
            'Delete the account (password required, signed-in session only): personal data erased, statistics kept anonymous.',
          body: passwordBody,
          response: { 204: noContent, ...errors },
        },
      },
      async (request, reply) => {
        const result = await s.profile.deleteAccount(
          apiSignedInBySession(request),
          request.body.password,
          web.meta(request),
        );
        if (result.kind !== 'deleted') return refused(request, reply, result);
        web.clearSession(reply);
        return reply.code(204).send();
      },
    );

    app.post(
      '/account/two-factor',
      {
        schema: {
          tags: TAGS,
          summary:
            'Start two-factor setup (signed-in session only): a new TOTP secret, its otpauth:// URI and QR code (SVG).',
          response: {
            200: partial({ secret: Type.String(), uri: Type.String(), qrSvg: Type.String() }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const auth = apiSignedInBySession(request);
        if (auth.user.totp_enabled_at)
          return reply
            .code(409)
            .send({ error: { code: 'already_enabled', message: t(request)('accountsWeb.totp.on') } });
        return s.profile.startTotpSetup(auth, s.siteName(requestLang(request)));
      },
    );

    app.post(
      '/account/two-factor/confirm',
      {
        schema: {
          tags: TAGS,
          summary:
            'Turn two-factor sign-in on with a code from the app (signed-in session only); answers the 10 recovery codes, shown once.',
          body: Type.Object({ otp: Type.String({ maxLength: 16 }) }, { additionalProperties: false }),
          response: {
            200: partial({ recoveryCodes: Type.Array(Type.String()) }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const codes = await s.profile.enableTotp(
          apiSignedInBySession(request),
          request.body.otp,
          web.meta(request),
        );
        if (!codes)
          return reply
            .code(422)
            .send({ error: { code: 'otp_invalid', message: t(request)('accounts.totp.invalid') } });
        return { recoveryCodes: codes };
      },
    );

    app.delete(
      '/account/two-factor',
      {
        schema: {
          tags: TAGS,
          summary: 'Turn two-factor sign-in off (password required; signed-in session only).',
          body: passwordBody,
          response: { 204: noContent, ...errors },
        },
      },
      async (request, reply) => {
        const result = await s.profile.disableTotp(
          apiSignedInBySession(request),
          request.body.password,
          web.meta(request),
        );
        if (result.kind !== 'disabled') return refused(request, reply, result);
        return reply.code(204).send();
      },
    );
  };
}
