/**
 * The web kit's schema builders. Routes write their schemas once, with TypeBox: Fastify validates
 * with them (Ajv) and documents them (OpenAPI), and the TypeBox type provider (`typed(app)`) types
 * each route's params, query, body and replies from them, so no route writes those types by hand.
 * The builders below emit the JSON Schema the routes used to write out (`type: ['string', 'null']`
 * for a nullable value, `enum` for a set of strings, `additionalProperties` for a map), so
 * validation, its messages and the OpenAPI document do not depend on how a schema is built. Also
 * here: the fragments several features share (the API error body, a list or page of items, a text
 * in French and English).
 */
// TypeBox 1.x (the `typebox` package), as the provider re-exports it: its schemas are what it types.
import {
  type Static,
  type TObject,
  type TOptional,
  type TProperties,
  type TSchema,
  type TUnsafe,
  Type,
  type TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export { type Static, type TProperties, Type } from '@fastify/type-provider-typebox';

/** The plugin's instance with route types derived from the TypeBox schemas of each route. */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<TypeBoxTypeProvider>();
}

/** `schema` or null, as `type: [<its type>, 'null']` (a schema with one `type`). */
export function nullable<T extends TSchema & { type: string }>(schema: T): TUnsafe<Static<T> | null> {
  // A spread copies the JSON Schema only (TypeBox's marks are not enumerable).
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });
}

/** One of `values`, as `{type: 'string', enum: values}`. */
export function stringEnum<const V extends readonly string[]>(
  values: V,
  options: Record<string, unknown> = {},
): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });
}

/** An object whose every key maps to `value` (`additionalProperties`). */
export function dictionaryOf<T extends TSchema>(
  value: T,
  options: Record<string, unknown> = {},
): TUnsafe<Record<string, Static<T>>> {
  return Type.Unsafe<Record<string, Static<T>>>({ type: 'object', additionalProperties: value, ...options });
}

/** An object none of whose properties is required (what every reply schema of the API is). */
export function partial<P extends TProperties>(
  properties: P,
  options: Record<string, unknown> = {},
): TObject<{ [K in keyof P]: TOptional<P[K]> }> {
  const optional = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [key, Type.Optional(value)]),
  );
  return Type.Object(optional, options) as unknown as TObject<{ [K in keyof P]: TOptional<P[K]> }>;
}

/** The API's error body, `{"error": {code, message}}` (src/web/errors.ts sends it). */
export const apiErrorSchema = partial({ error: partial({ code: Type.String(), message: Type.String() }) });

/**
 * The API's error body with details: the fields at fault (422 `invalid`: each field's code and its
 * message in the request's language), the current revision (412 `stale_revision`) or the stories that
 * show an item (409 `in_use`). One schema for every route that sends any of them: Fastify's
 * serializer drops what a reply schema does not name, so it names all that they send.
 */
export const fieldErrorSchema = partial({
  error: partial({
    code: Type.String(),
    message: Type.String(),
    fields: dictionaryOf(Type.String(), { description: 'field -> error code' }),
    messages: dictionaryOf(Type.String(), { description: 'field -> message in the request language' }),
    revision: Type.Integer({ description: 'The item’s current revision (412)' }),
    stories: Type.Array(
      partial({ id: Type.Integer(), slug: Type.String(), status: Type.String(), title: Type.String() }),
      { description: 'The stories that show the item (409 in_use)' },
    ),
  }),
});

/** A 204 answer's schema: documented as `{type: 'null'}`, sent as no body at all (`reply.send()`). */
export const noContent = Type.Unsafe<undefined>({ type: 'null' });

/** The same value in French and in English, `{fr, en}`, neither required. */
export function translations<T extends TSchema>(value: T, options: Record<string, unknown> = {}) {
  return partial({ fr: value, en: value }, options);
}

/** A list answer: `{items: [item…]}`. */
export function listOf<T extends TSchema>(item: T) {
  return partial({ items: Type.Array(item) });
}

/** A page of a longer list: `{items, page, total}`, then what the list adds (`more`). */
export function pageOf<T extends TSchema, M extends TProperties = Record<never, never>>(item: T, more?: M) {
  const paged = { items: Type.Array(item), page: Type.Integer(), total: Type.Integer() };
  return partial({ ...paged, ...(more ?? ({} as M)) });
}

/**
 * A posted HTML form (`application/x-www-form-urlencoded`, parsed by @fastify/formbody): each field a
 * string, or a list of strings when the field is repeated (checkboxes, multiple selects). Page routes
 * take their bodies with it and judge each field themselves, so that a wrong value comes back in the
 * redisplayed form in the reader's language (a body that is not such a form gets the usual 400).
 */
export const formBody = dictionaryOf(Type.Union([Type.String(), Type.Array(Type.String())]), {
  description: 'form fields',
});
export type FormBody = Static<typeof formBody>;

/** A form field's (first) value, `''` when absent. */
export function formField(form: FormBody | undefined, key: string): string {
  const value = form?.[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Every value of a repeated form field (none when absent). */
export function formList(form: FormBody | undefined, key: string): string[] {
  const value = form?.[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The request a route's handler gets, for the helpers it passes it to: `params` and `body` as the
 * route's schemas give them (`RequestWith<Static<typeof params>, FormBody>`).
 */
export type RequestWith<P, B = unknown> = FastifyRequest & { params: P; body: B };
