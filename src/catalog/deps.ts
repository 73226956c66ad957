/**
 * What the catalogue's routes and pages are given by `createCatalog` (module.ts): the portal's
 * database (the catalogue's own SQL narrows it to its tables, db.ts) and the one video access rule,
 * bound by the downloads feature to the catalogue's stories.
 */
import type { FastifyRequest } from 'fastify';
import type { VideoAccessFn } from '../downloads/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';

export interface CatalogDeps {
  db: AnyDb;
  videoAccess: VideoAccessFn;
  /** The portal's clock (tests move it to an embargo's time). */
  clock?: () => Date;
  /**
   * An audio item as `GET /videos/{id}` answers it (`kind: "audio"`, the audio feature's JSON), or
   * null when `id` is none the caller may see (API.md: audio items share the video API).
   */
  audioItem?: (request: FastifyRequest, id: string) => Promise<{ kind: 'audio' } | null>;
}
