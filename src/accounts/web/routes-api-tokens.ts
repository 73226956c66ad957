/**
 * API tokens in the JSON API: list, create (the token is in the answer, once), revoke. Creating and
 * revoking need a signed-in session (cookie), not a token. Same CSRF rules as the rest of the API.
 */
import type { FastifyPluginAsync } from 'fastify';
import { apiErrorSchema, HttpError } from '../../web/errors.ts';
import { listOf, noContent, nullable, partial, Type, typed } from '../../web/schemas.ts';
import type { AccountsServices } from '../module.ts';
import { API_TOKEN_NAME_MAX } from '../rules/api-tokens.ts';
import type { WebAuth } from './auth.ts';
import { apiSignedIn, sessionRequired } from './common.ts';

const TAGS = ['accounts'];
const tokenProperties = {
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart' }),
  createdAt: Type.String({ format: 'date-time' }),
};
const tokenSchema = partial({
  ...tokenProperties,
  lastUsedAt: nullable(Type.String({ format: 'date-time' })),
});
const createdSchema = partial({
  ...tokenProperties,
  token: Type.String({ description: 'The secret: shown this once, never again' }),
});

export function apiTokensApi(s: AccountsServices, web: WebAuth): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.get(
      '/account/tokens',
      {
        schema: {
          tags: TAGS,
          summary: 'The account’s active API tokens (never their secret).',
          response: {
            200: listOf(tokenSchema),
            401: apiErrorSchema,
          },
        },
      },
      async (request) => ({ items: await s.tokens.list(apiSignedIn(request)) }),
    );

    app.post(
      '/account/tokens',
      {
        schema: {
          tags: TAGS,
          summary: 'Create an API token (signed-in session only); the answer holds the token, shown once.',
          description:
            'Use it as `Authorization: Bearer <token>` on any request. At most 10 active tokens per account (409).',
          body: Type.Object(
            {
              name: Type.String({
                maxLength: 1000,
                description: `1 to ${API_TOKEN_NAME_MAX} characters once trimmed`,
              }),
            },
            { additionalProperties: false },
          ),
          response: {
            201: createdSchema,
            401: apiErrorSchema,
            403: apiErrorSchema,
            409: apiErrorSchema,
            422: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const result = await s.tokens.create(apiSignedIn(request), request.body.name, web.meta(request));
        switch (result.kind) {
          case 'session-required':
            throw sessionRequired();
          case 'invalid':
            throw new HttpError(422, 'invalid_name', `apiTokens.name.${result.error}`, {
              max: API_TOKEN_NAME_MAX,
            });
          case 'limit':
            throw new HttpError(409, 'token_limit', 'apiTokens.error.limit', { max: result.max });
          case 'created':
            return reply.code(201).send({ ...result.view, token: result.token });
        }
      },
    );

    app.delete(
      '/account/tokens/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'Revoke an API token (signed-in session only): it stops working at once.',
          params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
          response: {
            204: noContent,
            401: apiErrorSchema,
            403: apiErrorSchema,
            404: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const result = await s.tokens.revoke(apiSignedIn(request), request.params.id, web.meta(request));
        if (result === 'session-required') throw sessionRequired();
        if (result === 'not-found') throw new HttpError(404, 'not_found', 'apiTokens.error.notFound');
        return reply.code(204).send();
      },
    );
  };
}
