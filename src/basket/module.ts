/**
 * The selection basket assembled for the composition root: its store over the portal's database, and
 * its API and pages over what the downloads and clips features hand in (sources.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AnyDb } from '../platform/db/schema.ts';
import { basketApi } from './routes-api.ts';
import { basketPages } from './routes-pages.ts';
import type { BasketSources } from './sources.ts';
import { createBasketStore } from './store.ts';
import './messages.ts';

export function createBasket(options: {
  db: AnyDb;
  sources: BasketSources;
  publicUrl: string;
  clock?: () => Date;
}) {
  const deps = {
    store: createBasketStore(options.db),
    sources: options.sources,
    clock: options.clock ?? (() => new Date()),
    publicUrl: options.publicUrl,
  };
  /** App-wide: signed-in pages show the basket in the header. */
  const globalPlugin: FastifyPluginAsync = async (app) => {
    app.addHook('onRequest', async (request) => {
      if (request.auth && !request.auth.pending) request.pageExtras = { ...request.pageExtras, basket: true };
    });
  };
  return { api: basketApi(deps), pages: basketPages(deps), globalPlugin };
}
