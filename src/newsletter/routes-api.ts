/**
 * The newsletter's JSON API under /api/v1 (API.md, Discovery and reach): the signed-in user's
 * subscription, sign-up by address (202 whatever the address), RFC 8058 one-click unsubscribe (no
 * session, no CSRF token: the signed link is the authority), and the editors' special editions.
 * Thin: parse, call the service, answer; problems are 400s in the request's language.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { apiAccess } from '../backoffice/public.ts';
import { apiErrorSchema, HttpError } from '../web/errors.ts';
import { type MessageKey, translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { noContent, partial, stringEnum, Type, translations, typed } from '../web/schemas.ts';
import { MAX_INTRO, MAX_STORIES } from './editions.ts';
import { sendEmailPreview } from './preview-headers.ts';
import { FREQUENCIES, MAX_TOPICS, type SubscriptionProblem } from './rules.ts';
import type { EditionView, NewsletterService } from './service.ts';

export const PROBLEM_KEYS: Record<SubscriptionProblem, MessageKey> = {
  email: 'newsletter.error.email',
  language: 'newsletter.error.language',
  frequency: 'newsletter.error.frequency',
  topics: 'newsletter.error.topics',
};

const subscriptionSchema = partial({
  email: Type.String(),
  language: stringEnum(['fr', 'en']),
  frequency: stringEnum([...FREQUENCIES, 'off']),
  topics: Type.Array(Type.String()),
});

const editionSchema = partial({
  id: Type.String(),
  status: stringEnum(['draft', 'scheduled', 'sending', 'sent']),
  scheduledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  intro: translations(Type.String()),
  stories: Type.Array(Type.String()),
  recipients: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
});

export function editionJson(e: EditionView) {
  return {
    id: e.id,
    status: e.status,
    scheduledAt: e.scheduledAt?.toISOString() ?? null,
    sentAt: e.sentAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    intro: e.intro,
    stories: e.storySlugs,
    recipients: e.recipients,
    sent: e.sent,
    failed: e.failed,
  };
}

function signedInUser(request: FastifyRequest) {
  const auth = request.auth;
  if (!auth || auth.pending) throw new HttpError(401, 'unauthenticated', 'newsletter.error.signIn');
  return auth.user;
}

const errors = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
};
const idParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export function newsletterApi(deps: { service: NewsletterService }): FastifyPluginAsync {
  const { service } = deps;
  return async (plain) => {
    const app = typed(plain);
    const bad = (code: string, key: MessageKey, params: Record<string, string | number> = {}) =>
      new HttpError(400, code, key, params);

    app.get(
      '/newsletter/subscription',
      {
        schema: {
          tags: ['newsletter'],
          summary:
            'The signed-in user’s subscription (frequency `off` when the newsletter preference is off)',
          response: { 200: subscriptionSchema, 401: apiErrorSchema },
        },
      },
      async (request) => {
        const user = signedInUser(request);
        const subscription = await service.subscriptionOf(String(user.id));
        if (!subscription) throw new HttpError(401, 'unauthenticated', 'newsletter.error.noAddress');
        return subscription;
      },
    );

    app.put(
      '/newsletter/subscription',
      {
        schema: {
          tags: ['newsletter'],
          summary: 'Set the signed-in user’s language, frequency (or off) and topics (none: every topic)',
          body: Type.Object({
            language: Type.Optional(Type.String({ maxLength: 10 })),
            frequency: Type.Optional(Type.String({ maxLength: 20 })),
            topics: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: MAX_TOPICS })),
          }),
          response: { 200: subscriptionSchema, 400: apiErrorSchema, 401: apiErrorSchema },
        },
      },
      async (request) => {
        const user = signedInUser(request);
        const outcome = await service.saveSubscription(String(user.id), request.body);
        if (!outcome.ok) {
          if (outcome.problem === 'account')
            throw new HttpError(401, 'unauthenticated', 'newsletter.error.noAddress');
          throw bad(`invalid_${outcome.problem}`, PROBLEM_KEYS[outcome.problem]);
        }
        return outcome.subscription;
      },
    );

    app.post(
      '/newsletter/subscribers',
      {
        schema: {
          tags: ['newsletter'],
          summary:
            'Sign up by address (double opt-in): 202 and a confirmation email; the same answer for a known address',
          body: Type.Object({
            email: Type.Optional(Type.String({ maxLength: 320 })),
            language: Type.Optional(Type.String({ maxLength: 10 })),
            frequency: Type.Optional(Type.String({ maxLength: 20 })),
            topics: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: MAX_TOPICS })),
          }),
          response: { 202: partial({ message: Type.String() }), 400: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const lang = requestLang(request);
        const outcome = await service.signUp(request.body, lang);
        if (!outcome.ok) throw bad(`invalid_${outcome.problem}`, PROBLEM_KEYS[outcome.problem]);
        return reply.code(202).send({ message: translate(lang, 'newsletter.pending') });
      },
    );

    app.post(
      '/newsletter/unsubscribe',
      {
        config: {
          csrf: {
            exempt:
              'RFC 8058 one-click unsubscribe: mail clients post without a session; the signed token is the authority',
          },
        },
        schema: {
          tags: ['newsletter'],
          summary: 'One-click unsubscribe (RFC 8058): the signed token of an email’s List-Unsubscribe header',
          querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 300 })) }),
          response: { 200: partial({ message: Type.String() }), 400: apiErrorSchema },
        },
      },
      async (request) => {
        const lang = requestLang(request);
        if (!(await service.unsubscribe(request.query.token)))
          throw bad('invalid_token', 'newsletter.unsubscribe.invalid');
        return { message: translate(lang, 'newsletter.unsubscribe.done') };
      },
    );

    app.get(
      '/newsletter/editions',
      {
        schema: {
          tags: ['newsletter'],
          summary: 'Special editions, newest first, with their delivery counts (editors)',
          response: {
            200: partial({ items: Type.Array(editionSchema) }),
            401: apiErrorSchema,
            403: apiErrorSchema,
          },
        },
      },
      async (request) => {
        apiAccess(request);
        return { items: (await service.editions()).map(editionJson) };
      },
    );

    app.post(
      '/newsletter/editions',
      {
        schema: {
          tags: ['newsletter'],
          summary:
            'Create a special edition (a draft): an introduction in French and English, and stories by slug',
          description: `intro: {fr, en}, each at most ${MAX_INTRO} characters (blank lines part paragraphs); stories: at most ${MAX_STORIES} slugs of published stories (omitted: the latest published).`,
          body: Type.Object({
            intro: Type.Optional(
              Type.Object({
                fr: Type.Optional(Type.String({ maxLength: 20_000 })),
                en: Type.Optional(Type.String({ maxLength: 20_000 })),
              }),
            ),
            stories: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 100 })),
          }),
          response: { 201: editionSchema, ...errors },
        },
      },
      async (request, reply) => {
        const access = apiAccess(request);
        const outcome = await service.createEdition(request.body, access.userId);
        if (!outcome.ok) {
          if (outcome.problem === 'intro')
            throw bad('invalid_intro', 'newsletter.error.intro', { max: MAX_INTRO });
          throw bad('invalid_stories', 'newsletter.error.stories', {
            slugs: (outcome.slugs ?? []).join(', '),
          });
        }
        return reply.code(201).send(editionJson(outcome.edition));
      },
    );

    app.post(
      '/newsletter/editions/:id/send',
      {
        schema: {
          tags: ['newsletter'],
          summary: 'Send a special edition now, or at `at` (ISO 8601); again before it leaves to move it',
          params: idParams,
          body: Type.Optional(Type.Object({ at: Type.Optional(Type.String({ maxLength: 40 })) })),
          response: { 202: editionSchema, ...errors },
        },
      },
      async (request, reply) => {
        apiAccess(request);
        const rawAt = request.body?.at;
        const at = rawAt === undefined ? null : new Date(rawAt);
        if (at && (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(rawAt ?? '')))
          throw bad('invalid_at', 'newsletter.error.at');
        const outcome = await service.send(request.params.id, at);
        if (outcome === 'past') throw bad('invalid_at', 'newsletter.error.at');
        if (outcome === 'not_found') throw new HttpError(404, 'not_found', 'newsletter.error.notFound');
        if (outcome === 'already_sent')
          throw new HttpError(409, 'already_sent', 'newsletter.error.alreadySent');
        const edition = await service.edition(request.params.id);
        if (!edition) throw new HttpError(404, 'not_found', 'newsletter.error.notFound');
        return reply.code(202).send(editionJson(edition));
      },
    );

    app.post(
      '/newsletter/editions/:id/test',
      {
        schema: {
          tags: ['newsletter'],
          summary:
            'Send the edition now to the signed-in editor only, in the request’s language (not counted)',
          params: idParams,
          response: { 204: noContent, ...errors },
        },
      },
      async (request, reply) => {
        apiAccess(request);
        const user = signedInUser(request);
        const edition = await service.edition(request.params.id);
        if (!edition) throw new HttpError(404, 'not_found', 'newsletter.error.notFound');
        await service.test(edition, user.email, requestLang(request));
        return reply.code(204).send();
      },
    );

    app.get(
      '/newsletter/editions/:id/preview',
      {
        schema: {
          tags: ['newsletter'],
          summary: 'The edition’s email as HTML, in `lang` (default: the request’s language)',
          params: idParams,
          querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) }),
        },
      },
      async (request, reply) => {
        apiAccess(request);
        const edition = await service.edition(request.params.id);
        if (!edition) throw new HttpError(404, 'not_found', 'newsletter.error.notFound');
        const lang =
          request.query.lang === 'fr' || request.query.lang === 'en'
            ? request.query.lang
            : requestLang(request);
        const mail = await service.preview(edition, lang);
        return sendEmailPreview(reply, mail.html);
      },
    );
  };
}
