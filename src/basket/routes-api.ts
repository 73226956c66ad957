/**
 * The basket's API (/api/v1, schemas in /api/v1/openapi.json): the signed-in user's basket, adding
 * (refused as a single download would be), naming and removing items, and the whole basket as one
 * streamed ZIP. Thin: the caller, the input, the service's answer as JSON.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { requestLang } from '../web/request-lang.ts';
import { apiErrorSchema, noContent, nullable, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import { sendArchive } from './archive.ts';
import { cleanName, newItem } from './input.ts';
import { clipRange, describeItem, titleIn } from './manifest.ts';
import { addItem, type BasketDeps, type ItemState, itemStates } from './service.ts';
import { MAX_ITEMS, MAX_NAME } from './store.ts';
import type { BasketItemRow } from './tables.ts';
import { isPending } from './views.ts';

export type BasketRouteDeps = BasketDeps & { publicUrl: string };

export function basketUser(request: FastifyRequest) {
  const auth = request.auth;
  if (!auth || auth.pending) throw new HttpError(401, 'sign_in_required', 'accountsWeb.signInRequired');
  return auth.user;
}

/** One of `values` or null. */
function nullableEnum<const V extends readonly string[]>(values: V) {
  return Type.Unsafe<V[number] | null>({ type: ['string', 'null'], enum: [...values, null] });
}

const itemSchema = partial({
  id: Type.String(),
  videoId: Type.String(),
  kind: stringEnum(['video', 'clip']),
  name: Type.String(),
  title: Type.String({ description: 'The video’s title in the request’s language' }),
  description: Type.String({ description: 'What the item holds, in words' }),
  rendition: nullableEnum(['master', 'web']),
  profile: nullableEnum(['broadcast', 'web']),
  inFrame: nullable(Type.Integer()),
  outFrame: nullable(Type.Integer({ description: 'The first frame not included (half-open)' })),
  in: nullable(Type.String()),
  out: nullable(Type.String()),
  state: stringEnum(['ready', 'preparing', 'waiting', 'refused', 'failed']),
  progress: Type.Number(),
  size: nullable(Type.Integer()),
  fileUrl: nullable(Type.String({ description: 'Downloads this item alone' })),
  message: nullable(
    Type.String({ description: 'Why it is refused, failed or waiting, in the request’s language' }),
  ),
  refusal: nullable(
    Type.String({
      description: 'The refusal’s code: sign_in_required, email_unverified, embargoed, not_found',
    }),
  ),
});

const basketSchema = partial({
  items: Type.Array(itemSchema),
  count: Type.Integer(),
  max: Type.Integer(),
  ready: Type.Boolean({ description: 'True when the ZIP can be downloaded now (nothing is being prepared)' }),
  archiveUrl: Type.String(),
});

function rowJson(row: BasketItemRow) {
  return {
    id: row.id,
    videoId: row.video_id,
    kind: row.kind,
    name: row.name,
    rendition: row.rendition,
    profile: row.profile,
    inFrame: row.in_frame,
    outFrame: row.out_frame,
  };
}

export function itemJson(lang: 'fr' | 'en', s: ItemState) {
  const range = clipRange(s.video, s.row);
  const file = s.file;
  const state = s.refusal ? 'refused' : file?.kind === 'file' ? 'ready' : (file?.kind ?? 'failed');
  return {
    ...rowJson(s.row),
    title: titleIn(lang, s.video),
    description: describeItem(lang, s.video, s.row),
    in: range?.in ?? null,
    out: range?.out ?? null,
    state,
    progress: file?.kind === 'file' ? 1 : file?.kind === 'preparing' ? file.progress : 0,
    size: file?.kind === 'file' ? file.size : null,
    fileUrl: file?.kind === 'file' && !s.refusal ? file.url : null,
    message: s.refusal?.message ?? (file && 'message' in file ? file.message : null),
    refusal: s.refusal?.code ?? null,
  } as const;
}

export function basketJson(lang: 'fr' | 'en', states: readonly ItemState[]) {
  return {
    items: states.map((s) => itemJson(lang, s)),
    count: states.length,
    max: MAX_ITEMS,
    ready:
      states.length > 0 &&
      !states.some(isPending) &&
      states.some((s) => s.file?.kind === 'file' && !s.refusal),
    archiveUrl: '/api/v1/basket/archive',
  };
}

const idParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function basketApi(deps: BasketRouteDeps): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.get(
      '/basket',
      {
        schema: {
          summary: 'The signed-in user’s selection basket, each item with where it stands',
          description:
            'Looking at the basket prepares it: clips and renditions not made yet are asked for (clips within the caller’s queue cap; the others wait for the next look). Items the one video rule refuses now (embargo, unverified account) say so.',
          tags: ['basket'],
          response: { 200: basketSchema, 401: apiErrorSchema },
        },
      },
      async (request) => {
        const user = basketUser(request);
        return basketJson(requestLang(request), await itemStates(deps, request, user.id));
      },
    );

    app.post(
      '/basket/items',
      {
        config: { costly: true },
        schema: {
          summary: 'Put a whole video or a part of it (frames or timecodes, half-open) in the basket',
          description: `Refused as a single download would be (401, 403 \`email_unverified\` or \`embargoed\`, 404); a part the clips feature refuses is a 422. The same selection twice is one item (200). At most ${MAX_ITEMS} items (409 \`basket_full\`).`,
          tags: ['basket'],
          body: Type.Object({
            videoId: Type.String({ maxLength: 200 }),
            kind: Type.Optional(stringEnum(['video', 'clip'])),
            rendition: Type.Optional(stringEnum(['master', 'web'])),
            inFrame: Type.Optional(Type.Integer({ minimum: 0 })),
            outFrame: Type.Optional(Type.Integer({ minimum: 1 })),
            in: Type.Optional(Type.String({ maxLength: 20 })),
            out: Type.Optional(Type.String({ maxLength: 20 })),
            profile: Type.Optional(stringEnum(['broadcast', 'web'])),
            name: Type.Optional(Type.String({ maxLength: MAX_NAME * 2 })),
          }),
          response: {
            200: partial({ item: itemSchema, count: Type.Integer() }),
            201: partial({ item: itemSchema, count: Type.Integer() }),
            401: apiErrorSchema,
            403: apiErrorSchema,
            404: apiErrorSchema,
            409: apiErrorSchema,
            422: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const user = basketUser(request);
        const video = await deps.sources.video(request.body.videoId, deps.clock());
        if (!video) throw new HttpError(404, 'not_found', 'error.notFound.body');
        const result = await addItem(deps, request, user.id, newItem(request.body, video));
        return reply.code(result.added ? 201 : 200).send({ item: rowJson(result.row), count: result.count });
      },
    );

    app.patch(
      '/basket/items/:id',
      {
        schema: {
          summary: 'Name a basket item',
          tags: ['basket'],
          params: idParams,
          body: Type.Object({ name: Type.String({ maxLength: MAX_NAME * 2 }) }),
          response: { 200: itemSchema, 401: apiErrorSchema, 404: apiErrorSchema, 422: apiErrorSchema },
        },
      },
      async (request) => {
        const user = basketUser(request);
        const row = await deps.store.rename(user.id, request.params.id, cleanName(request.body.name));
        if (!row) throw new HttpError(404, 'not_found', 'basket.error.notFound');
        return rowJson(row);
      },
    );

    app.delete(
      '/basket/items/:id',
      {
        schema: {
          summary: 'Take an item out of the basket',
          tags: ['basket'],
          params: idParams,
          response: { 204: noContent, 401: apiErrorSchema, 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const user = basketUser(request);
        if (!(await deps.store.remove(user.id, request.params.id)))
          throw new HttpError(404, 'not_found', 'basket.error.notFound');
        return reply.code(204).send();
      },
    );

    app.delete(
      '/basket',
      {
        schema: {
          summary: 'Empty the basket',
          tags: ['basket'],
          response: { 204: noContent, 401: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const user = basketUser(request);
        await deps.store.empty(user.id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/basket/archive',
      {
        schema: {
          summary: 'The whole basket as one ZIP, streamed (files stored as they are, ZIP64 when large)',
          description:
            'A manifest first (manifest.txt or manifeste.txt in the request’s language, and manifest.json): titles, credits, usage terms, restrictions, timecodes, and the items left out with why. Each file is recorded in the download history. 409 `not_ready` with Retry-After while an item is being prepared; 409 `basket_empty`.',
          tags: ['basket'],
          response: { 401: apiErrorSchema, 403: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const user = basketUser(request);
        return sendArchive(deps, request, reply, user.id);
      },
    );
  };
}
