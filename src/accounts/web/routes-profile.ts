/** The profile pages under /fr/account and /en/account (signed-in users only), API tokens included. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../web/errors.ts';
import type { MessageKey } from '../../web/i18n/index.ts';
import { localPath } from '../../web/layout.ts';
import { requestLang } from '../../web/request-lang.ts';
import type { AccountsServices } from '../module.ts';
import { API_TOKEN_NAME_MAX } from '../rules/api-tokens.ts';
import { accountView } from '../service/profile.ts';
import type { Authenticated } from '../service/session.ts';
import type { WebAuth } from './auth.ts';
import {
  passwordMessages,
  requestTranslator,
  sendPage,
  sendRateLimitedPage,
  sessionRequired,
  str,
} from './common.ts';
import type { FormState } from './views.ts';
import { accountDeletedView, profileView, recoveryCodesView, totpSetupView } from './views-profile.ts';
import { apiTokenCreatedView } from './views-tokens.ts';

export function profilePages(s: AccountsServices, web: WebAuth): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', async (request, reply) => {
      // The profile pages are a browser's, signed in with a session: an API token (which could fetch
      // a form token with a GET) must not set up two-factor sign-in, tokens or anything else here.
      if (request.auth?.apiToken) throw sessionRequired();
      if (!request.auth || request.auth.pending) {
        const here = request.method === 'GET' ? request.url : localPath(requestLang(request), '/account');
        return reply.redirect(
          `${localPath(requestLang(request), '/sign-in')}?returnTo=${encodeURIComponent(here)}`,
          303,
        );
      }
    });
    const auth = (request: FastifyRequest) => request.auth as Authenticated;
    const limited = (request: FastifyRequest, reply: FastifyReply, seconds: number) =>
      sendRateLimitedPage(request, reply, seconds, s.clock());
    const t = requestTranslator;

    const profile = async (request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
      const csrf = web.csrfToken(request, reply);
      const user = (await s.repo.findUserById(auth(request).user.id)) ?? auth(request).user;
      const tokens = await s.tokens.list(auth(request));
      return sendPage(
        request,
        reply,
        (tt) => ({ title: tt('accountsWeb.profile.title') }),
        (ctx) => profileView(ctx, csrf, accountView(user), tokens, state),
        status,
      );
    };
    const done = (request: FastifyRequest, reply: FastifyReply, key: MessageKey) =>
      reply.redirect(`${localPath(requestLang(request), '/account')}?done=${encodeURIComponent(key)}`, 303);

    app.get<{ Querystring: { done?: string } }>('/account', async (request, reply) => {
      const key = request.query.done;
      const notice = key && DONE_KEYS.has(key) ? t(request)(key as MessageKey) : undefined;
      return profile(request, reply, { notice });
    });

    app.post('/account', async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const input: Record<string, unknown> = {};
      for (const k of [
        'firstName',
        'lastName',
        'organisation',
        'jobTitle',
        'country',
        'language',
        'timeZone',
      ])
        input[k] = str(body, k);
      const result = await s.profile.updateProfile(auth(request), input);
      if (result.kind === 'invalid') {
        const tt = t(request);
        const errors: Record<string, string[]> = {};
        for (const [field, list] of Object.entries(result.errors))
          errors[field] = (list ?? []).map((e) => tt(`accounts.field.${field}.${e}` as MessageKey));
        return profile(request, reply, { errors, values: input as Record<string, string> }, 422);
      }
      const lang = result.user.language;
      return reply.redirect(`${localPath(lang, '/account')}?done=accountsWeb.profile.saved`, 303);
    });

    app.post('/account/newsletter', async (request, reply) => {
      const on = str(request.body, 'newsletter') === 'on';
      await s.profile.setNewsletter(auth(request), on);
      return done(request, reply, on ? 'accounts.newsletter.subscribed' : 'accountsWeb.newsletter.off');
    });

    app.post('/account/password', async (request, reply) => {
      const result = await s.profile.changePassword(
        auth(request),
        str(request.body, 'currentPassword'),
        str(request.body, 'password'),
        web.meta(request),
      );
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind === 'session-required') throw sessionRequired();
      if (result.kind === 'wrong-password')
        return profile(
          request,
          reply,
          { errors: { currentPassword: [t(request)('accountsWeb.profile.wrongPassword')] } },
          422,
        );
      if (result.kind === 'invalid-password')
        return profile(
          request,
          reply,
          { errors: { password: passwordMessages(t(request), result.rules) } },
          422,
        );
      return done(request, reply, 'accountsWeb.profile.passwordChanged');
    });

    app.post('/account/sign-out-everywhere', async (request, reply) => {
      await s.sessions.signOutEverywhere(auth(request), web.meta(request));
      web.clearSession(reply);
      return reply.redirect(`${localPath(requestLang(request), '/sign-in')}`, 303);
    });

    app.post('/account/delete', async (request, reply) => {
      const tt = t(request);
      if (str(request.body, 'confirmDelete') !== 'on')
        return profile(
          request,
          reply,
          { errors: { confirmDelete: [tt('accountsWeb.delete.confirmRequired')] } },
          422,
        );
      const result = await s.profile.deleteAccount(
        auth(request),
        str(request.body, 'deletePassword'),
        web.meta(request),
      );
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind === 'session-required') throw sessionRequired();
      if (result.kind !== 'deleted')
        return profile(
          request,
          reply,
          { errors: { deletePassword: [tt('accountsWeb.profile.wrongPassword')] } },
          422,
        );
      web.clearSession(reply);
      request.pageExtras = {};
      return sendPage(
        request,
        reply,
        (x) => ({ title: x('accountsWeb.delete.done') }),
        (ctx) => accountDeletedView(ctx),
      );
    });

    app.post('/account/tokens', async (request, reply) => {
      const name = str(request.body, 'tokenName');
      const result = await s.tokens.create(auth(request), name, web.meta(request));
      if (result.kind === 'session-required') throw sessionRequired();
      if (result.kind === 'created')
        return sendPage(
          request,
          reply,
          (x) => ({ title: x('apiTokens.created.title') }),
          (ctx) => apiTokenCreatedView(ctx, { name: result.view.name, token: result.token }),
        );
      const message =
        result.kind === 'limit'
          ? t(request)('apiTokens.error.limit', { max: result.max })
          : t(request)(`apiTokens.name.${result.error}`, { max: API_TOKEN_NAME_MAX });
      return profile(request, reply, { errors: { tokenName: [message] }, values: { tokenName: name } }, 422);
    });

    app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', async (request, reply) => {
      const result = await s.tokens.revoke(auth(request), request.params.id, web.meta(request));
      if (result === 'session-required') throw sessionRequired();
      if (result === 'not-found') throw new HttpError(404, 'not_found', 'apiTokens.error.notFound');
      return done(request, reply, 'apiTokens.revoked');
    });

    const setupPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      state: FormState,
      status = 200,
    ) => {
      const csrf = web.csrfToken(request, reply);
      const setup = await s.profile.startTotpSetup(auth(request), s.siteName(requestLang(request)));
      return sendPage(
        request,
        reply,
        (x) => ({ title: x('accountsWeb.totp.enable') }),
        (ctx) => totpSetupView(ctx, csrf, state, setup),
        status,
      );
    };

    app.get('/account/two-factor', async (request, reply) => {
      if (auth(request).user.totp_enabled_at) return done(request, reply, 'accountsWeb.totp.on');
      return setupPage(request, reply, {});
    });

    app.post('/account/two-factor', async (request, reply) => {
      const codes = await s.profile.enableTotp(auth(request), str(request.body, 'otp'), web.meta(request));
      if (!codes)
        return setupPage(request, reply, { errors: { otp: [t(request)('accounts.totp.invalid')] } }, 422);
      return sendPage(
        request,
        reply,
        (x) => ({ title: x('accountsWeb.totp.enabled') }),
        (ctx) => recoveryCodesView(ctx, codes),
      );
    });

    app.post('/account/two-factor/disable', async (request, reply) => {
      const result = await s.profile.disableTotp(
        auth(request),
        str(request.body, 'disablePassword'),
        web.meta(request),
      );
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind === 'session-required') throw sessionRequired();
      if (result.kind !== 'disabled')
        return profile(
          request,
          reply,
          { errors: { disablePassword: [t(request)('accountsWeb.profile.wrongPassword')] } },
          422,
        );
      return done(request, reply, 'accountsWeb.totp.off');
    });
  };
}

const DONE_KEYS: ReadonlySet<string> = new Set([
  'accountsWeb.profile.saved',
  'accounts.newsletter.subscribed',
  'accountsWeb.newsletter.off',
  'accountsWeb.profile.passwordChanged',
  'accountsWeb.totp.on',
  'accountsWeb.totp.off',
  'apiTokens.revoked',
]);
