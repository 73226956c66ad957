/** Password reset pages under /fr and /en: email -> code -> new password -> back to the page. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { localPath } from '../../web/layout.ts';
import { requestLang } from '../../web/request-lang.ts';
import type { AccountsServices } from '../module.ts';
import type { WebAuth } from './auth.ts';
import {
  codeMessage,
  formPage,
  passwordMessages,
  requestTranslator,
  returnToOr,
  sendCodePage,
  sendMessage,
  sendPage,
  sendRateLimitedPage,
  str,
} from './common.ts';
import type { FormState } from './views.ts';
import { newPasswordView, resetDoneView, resetRequestView } from './views-profile.ts';

export function resetPages(s: AccountsServices, web: WebAuth): FastifyPluginAsync {
  const limited = (request: FastifyRequest, reply: FastifyReply, seconds: number) =>
    sendRateLimitedPage(request, reply, seconds, s.clock());

  return async (app) => {
    const resetRequestPage = formPage(web, 'accounts.reset.title', resetRequestView);

    app.get<{ Querystring: { returnTo?: string } }>('/password-reset', async (request, reply) =>
      resetRequestPage(request, reply, returnToOr(request.query.returnTo, requestLang(request)), {}),
    );

    const resetCodePage = (
      request: FastifyRequest,
      reply: FastifyReply,
      email: string,
      returnTo: string,
      state: FormState,
      status = 200,
    ) =>
      sendCodePage(
        request,
        reply,
        web.csrfToken(request, reply),
        { intro: 'accountsWeb.reset.codeIntro', path: '/password-reset/code', email, returnTo },
        state,
        status,
      );

    const requestReset = async (request: FastifyRequest, reply: FastifyReply, resend: boolean) => {
      const lang = requestLang(request);
      const email = str(request.body, 'email');
      const returnTo = returnToOr(str(request.body, 'returnTo'), lang);
      if (!resend && email.trim() === '')
        return resetRequestPage(
          request,
          reply,
          returnTo,
          { errors: { email: [requestTranslator(request)('accounts.field.email.required')] } },
          422,
        );
      const result = await s.registration.requestReset(email, web.meta(request));
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind !== 'sent') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        return resetCodePage(
          request,
          reply,
          email,
          returnTo,
          { formError: sendMessage(requestTranslator(request), result) },
          429,
        );
      }
      if (resend)
        return resetCodePage(request, reply, email, returnTo, {
          notice: requestTranslator(request)('accounts.code.sent'),
        });
      return reply.redirect(
        `${localPath(lang, '/password-reset/code')}?email=${encodeURIComponent(email)}&returnTo=${encodeURIComponent(returnTo)}`,
        303,
      );
    };

    app.post('/password-reset', (request, reply) => requestReset(request, reply, false));
    app.post('/password-reset/resend', (request, reply) => requestReset(request, reply, true));

    app.get<{ Querystring: { email?: string; returnTo?: string } }>(
      '/password-reset/code',
      async (request, reply) =>
        resetCodePage(
          request,
          reply,
          request.query.email ?? '',
          returnToOr(request.query.returnTo, requestLang(request)),
          {},
        ),
    );

    app.post('/password-reset/code', async (request, reply) => {
      const lang = requestLang(request);
      const email = str(request.body, 'email');
      const code = str(request.body, 'code');
      const returnTo = returnToOr(str(request.body, 'returnTo'), lang);
      const result = await s.registration.checkResetCode(email, code, web.meta(request));
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind === 'code')
        return resetCodePage(
          request,
          reply,
          email,
          returnTo,
          { errors: { code: [codeMessage(requestTranslator(request), result.outcome)] } },
          422,
        );
      const csrf = web.csrfToken(request, reply);
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('accounts.reset.newPassword.title') }),
        (ctx) => newPasswordView(ctx, csrf, {}, { email, code, returnTo, failed: [] }),
      );
    });

    app.post('/password-reset/new-password', async (request, reply) => {
      const lang = requestLang(request);
      const t = requestTranslator(request);
      const email = str(request.body, 'email');
      const code = str(request.body, 'code');
      const password = str(request.body, 'password');
      const returnTo = returnToOr(str(request.body, 'returnTo'), lang);
      const again = (errors: Record<string, string[]>, failed: never[] = []) => {
        const csrf = web.csrfToken(request, reply);
        return sendPage(
          request,
          reply,
          (tt) => ({ title: tt('accounts.reset.newPassword.title') }),
          (ctx) => newPasswordView(ctx, csrf, { errors }, { email, code, returnTo, failed }),
          422,
        );
      };
      if (password === '') return again({ password: [t('accounts.field.password.required')] });
      if (password !== str(request.body, 'passwordConfirm'))
        return again({ passwordConfirm: [t('accounts.field.passwordConfirm.mismatch')] });
      const result = await s.registration.confirmReset(email, code, password, web.meta(request));
      if (result.kind === 'limited') return limited(request, reply, result.retryAfterSeconds);
      if (result.kind === 'invalid-password')
        return again({ password: passwordMessages(t, result.rules) }, result.rules as never[]);
      if (result.kind === 'code')
        return resetCodePage(
          request,
          reply,
          email,
          returnTo,
          { errors: { code: [codeMessage(t, result.outcome)] } },
          422,
        );
      // Every session ended, this browser's too.
      web.clearSession(reply);
      return reply.redirect(
        `${localPath(lang, '/password-reset/done')}?returnTo=${encodeURIComponent(returnTo)}`,
        303,
      );
    });

    app.get<{ Querystring: { returnTo?: string } }>('/password-reset/done', async (request, reply) => {
      const returnTo = returnToOr(request.query.returnTo, requestLang(request));
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('accounts.reset.done.title') }),
        (ctx) => resetDoneView(ctx, returnTo),
      );
    });
  };
}
