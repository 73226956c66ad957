/**
 * What the newsroom's API and pages share about a request: who acts (any editor or admin), the
 * If-Match revision, and turning a service outcome into the API's answer (422 with fields, 412 when
 * stale, 409 for a taken slug or a refused move).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiAccess } from '../backoffice/public.ts';
import { storyRecordJson } from '../catalog/public.ts';
import { HttpError, sendInvalidFields } from '../web/errors.ts';
import { type MessageKey, translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import type { Actor, Outcome } from './service.ts';
import type { FieldErrors } from './story-input.ts';
import { fieldMessages } from './wording.ts';

interface NamedUser {
  id: string | number;
  first_name?: string;
  last_name?: string;
  email?: string;
}

export function actorOf(request: FastifyRequest): Actor {
  const user = request.auth?.user as unknown as NamedUser | undefined;
  if (!user) return { id: null, name: '?' };
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return { id: String(user.id), name: name || user.email || String(user.id) };
}

/** The editor or admin calling the API (401 signed out, 403 another role). */
export function apiActor(request: FastifyRequest): Actor {
  apiAccess(request);
  return actorOf(request);
}

/** If-Match as a revision: `"3"`, `W/"3"` or `3`; undefined when absent or `*`. */
export function ifMatchRevision(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new HttpError(400, 'bad_if_match', 'newsroom.badIfMatch');
  return Number(m[1]);
}

export function sendInvalid(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
  const t = translator(requestLang(request));
  const messages = fieldMessages(t, errors);
  return sendInvalidFields(reply, {
    message: t('newsroom.invalid', { detail: Object.values(messages).join(' ') }),
    fields: errors,
    messages,
  });
}

/** Fields named by schema validation errors (attachValidation), each `invalid`. */
export function validationFields(request: FastifyRequest): FieldErrors | null {
  const error = request.validationError as
    | (Error & { validation?: { instancePath?: string; params?: { missingProperty?: string } }[] })
    | undefined;
  if (!error) return null;
  const fields: FieldErrors = {};
  for (const v of error.validation ?? []) {
    const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const missing = v.params?.missingProperty;
    const field = [path, missing].filter(Boolean).join('.') || 'body';
    fields[field.replace(/^translations\.(fr|en)$/, 'translations.$1.title')] = missing
      ? 'required'
      : 'invalid';
  }
  return fields;
}

/** The API's answer to a service outcome (the story, or the error it stands for). */
export function answer(request: FastifyRequest, reply: FastifyReply, outcome: Outcome, okStatus = 200) {
  const lang = requestLang(request);
  switch (outcome.kind) {
    case 'ok':
      reply.header('etag', `"${outcome.story.revision}"`);
      return reply.code(okStatus).send(storyRecordJson(outcome.story));
    case 'not_found':
      throw new HttpError(404, 'not_found', 'newsroom.notFound');
    case 'invalid':
      return sendInvalid(request, reply, outcome.errors);
    case 'slug_taken':
      throw new HttpError(409, 'slug_taken', 'newsroom.slugTaken');
    case 'conflict':
      throw new HttpError(409, outcome.code, `newsroom.conflict.${outcome.code}` as MessageKey);
    case 'stale': {
      const t = translator(lang);
      reply.header('etag', `"${outcome.story.revision}"`);
      return reply.code(412).send({
        error: {
          code: 'stale_revision',
          message: t('newsroom.stale', {
            current: outcome.story.revision,
            yours: String(request.headers['if-match'] ?? '?').replace(/\D/g, '') || '?',
          }),
          revision: outcome.story.revision,
        },
      });
    }
  }
}
