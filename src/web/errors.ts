/** One error shape for the API (`{"error": {code, message}}`) and friendly pages for browsers. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html } from './html.ts';
import { type MessageKey, type Params, translate } from './i18n/index.ts';
import { layout } from './layout.ts';
import { pageContext } from './page-context.ts';
import { requestLang } from './request-lang.ts';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: Params = {},
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

/** The response schema of `{"error": {code, message}}` (the kit's schemas.ts), for the OpenAPI document. */
export { apiErrorSchema } from './schemas.ts';

/**
 * The API's 422 naming each bad field (`fieldErrorSchema`): `{"error": {code: 'invalid', message,
 * fields, messages}}`, where `fields` maps a field to its error code and `messages` to its message in
 * the request's language; `message` sums them up.
 */
export function sendInvalidFields(
  reply: FastifyReply,
  answer: { message: string; fields: Record<string, string>; messages: Record<string, string> },
) {
  return reply.code(422).send({ error: { code: 'invalid', ...answer } });
}

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  if (isApi(request) || !request.headers.accept?.includes('text/html')) {
    return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
  }
  const ctx = pageContext(request);
  const titleKey: MessageKey = status === 404 ? 'error.notFound.title' : 'error.server.title';
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      layout(
        ctx,
        { title: ctx.t(titleKey) },
        html`<h1>${ctx.t(titleKey)}</h1><p>${message}</p><p><a href="/${ctx.lang}/">${ctx.t('error.backHome')}</a></p>`,
      ),
    );
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const lang = requestLang(request);
    return sendError(request, reply, 404, 'not_found', translate(lang, 'error.notFound.body'));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const lang = requestLang(request);
    if (error instanceof HttpError) {
      return sendError(
        request,
        reply,
        error.statusCode,
        error.code,
        translate(lang, error.messageKey, error.params),
      );
    }
    if (error.validation) {
      const detail = error.validation
        .map((v) =>
          `${v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || ''} ${v.message ?? ''}`.trim(),
        )
        .join('; ');
      return sendError(
        request,
        reply,
        400,
        'invalid_request',
        translate(lang, 'error.validation', { detail }),
      );
    }
    if (error.statusCode === 429) {
      const seconds = Number(reply.getHeader('retry-after') ?? 60);
      return sendError(
        request,
        reply,
        429,
        'rate_limited',
        translate(lang, 'error.rateLimited', { seconds }),
      );
    }
    if (error.statusCode && error.statusCode < 500) {
      return sendError(request, reply, error.statusCode, error.code ?? 'bad_request', error.message);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, 500, 'internal', translate(lang, 'error.server.body'));
  });
}
