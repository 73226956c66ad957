/**
 * The editors' dashboard, the back office's first page (`GET /{lang}/admin`, editors and admins):
 * drafts, scheduled stories (time in the zone the editor scheduled them in, named), recent uploads
 * with their processing state, failed ingests with a readable reason; each links to its page. Reads
 * only through the catalogue's and media's public modules.
 */
import type { FastifyPluginAsync } from 'fastify';
import { sendPage } from '../accounts/public.ts';
import { backofficeAccess, backofficePageAllowed } from '../backoffice/public.ts';
import { listStoryRecords } from '../catalog/public.ts';
import { recentVideos } from '../media/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';
import { dashboardView } from './dashboard-view.ts';
import { ADMIN_HEAD } from './views.ts';

export const DASHBOARD_LIMIT = 8;

export function dashboardPages(deps: { db: TablelessDb }): FastifyPluginAsync {
  return async (app) => {
    app.get('/admin', { schema: { hide: true } }, async (request, reply) => {
      if (!backofficePageAllowed(request, reply, '/admin')) return reply;
      const access = backofficeAccess(request.auth);
      const [drafts, scheduled, uploads, failed] = await Promise.all([
        listStoryRecords(deps.db, { status: 'draft', limit: DASHBOARD_LIMIT }),
        listStoryRecords(deps.db, { status: 'scheduled', limit: 100 }),
        recentVideos(deps.db, { limit: DASHBOARD_LIMIT }),
        recentVideos(deps.db, { limit: DASHBOARD_LIMIT, status: 'failed' }),
      ]);
      scheduled.sort((a, b) => (a.publishAt?.getTime() ?? 0) - (b.publishAt?.getTime() ?? 0));
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('dashboard.title'), head: ADMIN_HEAD }),
        (ctx) =>
          dashboardView(ctx, {
            drafts,
            scheduled: scheduled.slice(0, DASHBOARD_LIMIT),
            uploads,
            failed,
            admin: access.kind === 'ok' && access.admin,
          }),
      );
    });
  };
}
