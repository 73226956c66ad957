/** Account pages under /fr and /en: register, verify, welcome, sign in/out, password reset. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { localPath } from '../../web/layout.ts';
import { requestLang } from '../../web/request-lang.ts';
import type { AccountsServices } from '../module.ts';
import type { WebAuth } from './auth.ts';
import {
  codeMessage,
  formPage,
  registrationMessages,
  requestTranslator,
  returnToOr,
  returnToOrNull,
  sendCodePage,
  sendMessage,
  sendPage,
  sendRateLimitedPage,
  str,
} from './common.ts';
import { type FormState, registerView, secondFactorView, signInView, welcomeView } from './views.ts';

export function accountPages(s: AccountsServices, web: WebAuth): FastifyPluginAsync {
  const limited = (request: FastifyRequest, reply: FastifyReply, seconds: number) =>
    sendRateLimitedPage(request, reply, seconds, s.clock());

  return async (app) => {
    // `returnTo` (from the sign-in page) goes along the whole registration: register, verify, then there.
    const withReturnTo = (path: string, returnTo: string | null) =>
      returnTo === null
        ? path
        : `${path}${path.includes('?') ? '&' : '?'}returnTo=${encodeURIComponent(returnTo)}`;

    app.get<{ Querystring: { returnTo?: string } }>('/register', async (request, reply) => {
      const csrf = web.csrfToken(request, reply);
      const returnTo = returnToOrNull(request.query.returnTo);
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('accounts.register.title') }),
        (ctx) => registerView(ctx, csrf, {}, [], returnTo),
      );
    });

    app.post('/register', async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const lang = requestLang(request);
      const returnTo = returnToOrNull(str(body, 'returnTo'));
      const result = await s.registration.register(body, web.meta(request));
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind === 'invalid') {
        const csrf = web.csrfToken(request, reply);
        const values: Record<string, string> = {};
        for (const k of [
          'email',
          'firstName',
          'lastName',
          'organisation',
          'jobTitle',
          'country',
          'language',
          'acceptTerms',
          'newsletter',
        ])
          values[k] = str(body, k);
        const failed = (result.errors.password ?? []).filter((e) => e !== 'required') as never[];
        return sendPage(
          request,
          reply,
          (t) => ({ title: t('accounts.register.title') }),
          (ctx) =>
            registerView(
              ctx,
              csrf,
              { values, errors: registrationMessages(ctx.t, result.errors) },
              failed,
              returnTo,
            ),
          422,
        );
      }
      return reply.redirect(
        withReturnTo(`${localPath(lang, '/verify')}?email=${encodeURIComponent(result.email)}`, returnTo),
        303,
      );
    });

    const verifyPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      email: string,
      state: FormState,
      status = 200,
      returnTo: string | null = returnToOrNull(str(request.body, 'returnTo')),
    ) =>
      sendCodePage(
        request,
        reply,
        web.csrfToken(request, reply),
        {
          intro: 'accounts.verify.intro',
          path: '/verify',
          email,
          ...(returnTo === null ? {} : { returnTo }),
        },
        state,
        status,
      );

    app.get<{ Querystring: { email?: string; returnTo?: string } }>('/verify', async (request, reply) =>
      verifyPage(request, reply, request.query.email ?? '', {}, 200, returnToOrNull(request.query.returnTo)),
    );

    app.post('/verify', async (request, reply) => {
      const email = str(request.body, 'email');
      const returnTo = returnToOrNull(str(request.body, 'returnTo'));
      const result = await s.registration.verifyEmail(email, str(request.body, 'code'), web.meta(request));
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind === 'code') {
        return verifyPage(
          request,
          reply,
          email,
          { errors: { code: [codeMessage(requestTranslator(request), result.outcome)] } },
          422,
        );
      }
      web.setSession(reply, result.token);
      return reply.redirect(returnTo ?? localPath(requestLang(request), '/welcome'), 303);
    });

    app.post('/verify/resend', async (request, reply) => {
      const email = str(request.body, 'email');
      const result = await s.registration.resendVerification(email, web.meta(request));
      if (result.kind === 'sent')
        return verifyPage(request, reply, email, {
          notice: requestTranslator(request)('accounts.code.sent'),
        });
      reply.header('retry-after', String(result.retryAfterSeconds));
      return verifyPage(
        request,
        reply,
        email,
        { formError: sendMessage(requestTranslator(request), result) },
        429,
      );
    });

    app.get<{ Querystring: { subscribed?: string } }>('/welcome', async (request, reply) => {
      const auth = request.auth;
      if (!auth || auth.pending) return reply.redirect(localPath(requestLang(request), '/sign-in'), 303);
      const csrf = web.csrfToken(request, reply);
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('accounts.verify.success.title') }),
        (ctx) => welcomeView(ctx, csrf, auth.user.newsletter),
      );
    });

    app.post('/welcome/newsletter', async (request, reply) => {
      const auth = request.auth;
      const lang = requestLang(request);
      if (!auth || auth.pending) return reply.redirect(localPath(lang, '/sign-in'), 303);
      await s.profile.setNewsletter(auth, true);
      return reply.redirect(localPath(lang, '/welcome'), 303);
    });

    const signInPage = formPage(web, 'accounts.signIn.title', signInView);

    app.get<{ Querystring: { returnTo?: string } }>('/sign-in', async (request, reply) => {
      const returnTo = returnToOr(request.query.returnTo, requestLang(request));
      if (request.auth && !request.auth.pending) return reply.redirect(returnTo, 303);
      return signInPage(request, reply, returnTo, {});
    });

    app.post('/sign-in', async (request, reply) => {
      const lang = requestLang(request);
      const t = requestTranslator(request);
      const email = str(request.body, 'email');
      const returnTo = returnToOr(str(request.body, 'returnTo'), lang);
      const result = await s.sessions.signIn(email, str(request.body, 'password'), web.meta(request), {
        pendingSession: true,
      });
      switch (result.kind) {
        case 'limited':
          return limited(request, reply, result.retryAfterSeconds);
        case 'invalid':
          return signInPage(
            request,
            reply,
            returnTo,
            { values: { email }, formError: t('accounts.signIn.failed') },
            401,
          );
        case 'unverified':
          return signInPage(
            request,
            reply,
            returnTo,
            { values: { email }, formError: t('accounts.signIn.unverified') },
            403,
          );
        case 'second-factor':
          if (result.token) web.setSession(reply, result.token);
          return reply.redirect(
            `${localPath(lang, '/sign-in/second-factor')}?returnTo=${encodeURIComponent(returnTo)}`,
            303,
          );
        case 'signed-in':
          // A new session id at every sign-in; the old one, if any, ends.
          if (request.auth) await s.sessions.signOut(request.auth, web.meta(request));
          web.setSession(reply, result.token);
          return reply.redirect(returnTo, 303);
      }
    });

    const secondFactorPage = formPage(web, 'accountsWeb.totp.signInTitle', secondFactorView);

    app.get<{ Querystring: { returnTo?: string } }>('/sign-in/second-factor', async (request, reply) => {
      const lang = requestLang(request);
      if (!request.auth?.pending) return reply.redirect(localPath(lang, '/sign-in'), 303);
      return secondFactorPage(request, reply, returnToOr(request.query.returnTo, lang), {});
    });

    app.post('/sign-in/second-factor', async (request, reply) => {
      const lang = requestLang(request);
      const returnTo = returnToOr(str(request.body, 'returnTo'), lang);
      const auth = request.auth;
      if (!auth?.pending) return reply.redirect(localPath(lang, '/sign-in'), 303);
      const result = await s.sessions.completeSecondFactor(auth, str(request.body, 'otp'), web.meta(request));
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind === 'invalid') {
        web.clearSession(reply);
        return reply.redirect(`${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(returnTo)}`, 303);
      }
      if (result.kind !== 'signed-in')
        return secondFactorPage(
          request,
          reply,
          returnTo,
          { errors: { otp: [requestTranslator(request)('accounts.totp.invalid')] } },
          401,
        );
      web.setSession(reply, result.token);
      return reply.redirect(returnTo, 303);
    });

    app.post('/sign-out', async (request, reply) => {
      if (request.auth) await s.sessions.signOut(request.auth, web.meta(request));
      web.clearSession(reply);
      return reply.redirect(localPath(requestLang(request), ''), 303);
    });
  };
}
