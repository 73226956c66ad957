/**
 * Who may call each route of the public HTTP server, in one place. The composition root refuses to
 * start when a route is registered that this table does not name (so no route is public by omission),
 * and test/security/route-access.test.ts calls every route as each kind of caller and checks that
 * those below the stated level are refused. The features enforce the rule (with their own messages
 * and redirects) and add finer ones (whose upload, which video: downloads/video-access.ts); this table
 * is the floor they are tested against.
 *
 * - `public`: anyone (a route may still refuse some videos by the one video rule).
 * - `signed-in`: a signed-in user, by session or API token.
 * - `session`: signed in by the session cookie, never by an API token (the account's pages, its
 *   password, deletion, second factor, creating and revoking API tokens).
 * - `editor`: an editor or an admin. `admin`: an admin.
 * Pages are named with `/{lang}` for both `/fr` and `/en`; HEAD goes with GET.
 */
export type RouteAccess = 'public' | 'signed-in' | 'session' | 'editor' | 'admin';

export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // The kit: health, static files, previews (the one video rule), the catalogue.
  'GET /': 'public',
  'GET /static/*': 'public',
  'GET /media/previews/:id/*': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /{lang}': 'public',
  'GET /{lang}/': 'public',
  'GET /{lang}/stories/:slug': 'public',
  'GET /{lang}/topics/:slug': 'public',
  'GET /{lang}/search': 'public',
  'GET /{lang}/videos': 'public',
  'GET /{lang}/videos/:id': 'public',
  'GET /{lang}/terms': 'public',
  'GET /{lang}/newsletter': 'public',
  'GET /api/v1/stories': 'public',
  'GET /api/v1/stories/:slug': 'public',
  'GET /api/v1/videos/:id': 'public',
  'GET /api/v1/openapi.json': 'public',
  // Search: stories published, videos as the one video rule lets the caller see them.
  'GET /api/v1/search': 'public',
  // Feeds, sitemaps, robots.txt: public documents of what anyone may see and watch.
  'GET /{lang}/rss.xml': 'public',
  'GET /{lang}/atom.xml': 'public',
  'GET /robots.txt': 'public',
  'GET /sitemap.xml': 'public',
  'GET /sitemaps/:name': 'public',
  // Saved searches: the signed-in user's own (their feeds open by an unguessable token).
  'GET /api/v1/account/searches': 'signed-in',
  'POST /api/v1/account/searches': 'signed-in',
  'DELETE /api/v1/account/searches/:id': 'signed-in',
  // The newsletter (src/newsletter): sign-up by address, confirmation and unsubscribe links (the
  // signed or emailed token is the authority), the archive; the signed-in user's own subscription;
  // editors' special editions.
  'POST /{lang}/newsletter': 'public',
  'GET /{lang}/newsletter/confirm': 'public',
  'POST /{lang}/newsletter/confirm': 'public',
  'GET /{lang}/newsletter/unsubscribe': 'public',
  'POST /{lang}/newsletter/unsubscribe': 'public',
  'GET /{lang}/newsletter/editions/:id': 'public',
  'POST /{lang}/newsletter/subscription': 'session',
  'POST /api/v1/newsletter/subscribers': 'public',
  'POST /api/v1/newsletter/unsubscribe': 'public',
  'GET /api/v1/newsletter/subscription': 'signed-in',
  'PUT /api/v1/newsletter/subscription': 'signed-in',
  'GET /api/v1/newsletter/editions': 'editor',
  'POST /api/v1/newsletter/editions': 'editor',
  'POST /api/v1/newsletter/editions/:id/send': 'editor',
  'POST /api/v1/newsletter/editions/:id/test': 'editor',
  'GET /api/v1/newsletter/editions/:id/preview': 'editor',
  'GET /{lang}/admin/newsletter': 'editor',
  'POST /{lang}/admin/newsletter': 'editor',
  'GET /{lang}/admin/newsletter/:id': 'editor',
  'GET /{lang}/admin/newsletter/:id/preview': 'editor',
  'POST /{lang}/admin/newsletter/:id/test': 'editor',
  'POST /{lang}/admin/newsletter/:id/send': 'editor',
  // Accounts: registration, sign-in, codes (answers never tell whether an email is registered).
  'GET /{lang}/register': 'public',
  'POST /{lang}/register': 'public',
  'GET /{lang}/verify': 'public',
  'POST /{lang}/verify': 'public',
  'POST /{lang}/verify/resend': 'public',
  'GET /{lang}/sign-in': 'public',
  'POST /{lang}/sign-in': 'public',
  'GET /{lang}/sign-in/second-factor': 'public',
  'POST /{lang}/sign-in/second-factor': 'public',
  'POST /{lang}/sign-out': 'public',
  'GET /{lang}/password-reset': 'public',
  'POST /{lang}/password-reset': 'public',
  'POST /{lang}/password-reset/resend': 'public',
  'GET /{lang}/password-reset/code': 'public',
  'POST /{lang}/password-reset/code': 'public',
  'POST /{lang}/password-reset/new-password': 'public',
  'GET /{lang}/password-reset/done': 'public',
  'POST /api/v1/accounts': 'public',
  'POST /api/v1/accounts/verification': 'public',
  'POST /api/v1/accounts/verification/resend': 'public',
  'POST /api/v1/session': 'public',
  'DELETE /api/v1/session': 'public',
  'POST /api/v1/password-reset': 'public',
  'POST /api/v1/password-reset/confirm': 'public',
  // The signed-in user's own account.
  'GET /{lang}/welcome': 'signed-in',
  'POST /{lang}/welcome/newsletter': 'signed-in',
  'GET /{lang}/account': 'session',
  'POST /{lang}/account': 'session',
  'POST /{lang}/account/newsletter': 'session',
  'POST /{lang}/account/password': 'session',
  'POST /{lang}/account/sign-out-everywhere': 'session',
  'POST /{lang}/account/delete': 'session',
  'GET /{lang}/account/downloads': 'signed-in',
  'POST /{lang}/account/tokens': 'session',
  'POST /{lang}/account/tokens/:id/revoke': 'session',
  'GET /{lang}/account/two-factor': 'session',
  'POST /{lang}/account/two-factor': 'session',
  'POST /{lang}/account/two-factor/disable': 'session',
  'GET /api/v1/account': 'signed-in',
  'PATCH /api/v1/account': 'signed-in',
  'DELETE /api/v1/account': 'session',
  'POST /api/v1/account/password': 'session',
  'GET /api/v1/account/downloads': 'signed-in',
  'POST /api/v1/account/two-factor': 'signed-in',
  'POST /api/v1/account/two-factor/confirm': 'signed-in',
  'DELETE /api/v1/account/two-factor': 'session',
  'GET /api/v1/account/tokens': 'signed-in',
  'POST /api/v1/account/tokens': 'session',
  'DELETE /api/v1/account/tokens/:id': 'session',
  'DELETE /api/v1/sessions': 'signed-in',
  // Downloads and clips (verified users; the one video rule decides which videos).
  'GET /{lang}/videos/:id/download/:name': 'public',
  'GET /api/v1/videos/:id/renditions/:name/file': 'public',
  'POST /{lang}/videos/:id/clips': 'signed-in',
  'POST /api/v1/videos/:id/clips': 'signed-in',
  'GET /{lang}/clips/:id': 'signed-in',
  'GET /api/v1/clips/:id': 'signed-in',
  'GET /api/v1/clips/:id/file': 'signed-in',
  // The selection basket (src/basket): the signed-in user's own; each item by the one video rule.
  'GET /{lang}/basket': 'signed-in',
  'POST /{lang}/basket/items': 'signed-in',
  'POST /{lang}/basket/items/:id': 'signed-in',
  'POST /{lang}/basket/items/:id/delete': 'signed-in',
  'POST /{lang}/basket/empty': 'signed-in',
  'GET /{lang}/basket/archive': 'signed-in',
  'GET /api/v1/basket': 'signed-in',
  'DELETE /api/v1/basket': 'signed-in',
  'POST /api/v1/basket/items': 'signed-in',
  'PATCH /api/v1/basket/items/:id': 'signed-in',
  'DELETE /api/v1/basket/items/:id': 'signed-in',
  'GET /api/v1/basket/archive': 'signed-in',
  // The back office.
  'GET /{lang}/admin': 'editor',
  'GET /{lang}/admin/videos': 'editor',
  'POST /{lang}/admin/videos/:id/retry': 'editor',
  'GET /{lang}/admin/videos/:id/downloads': 'admin',
  'GET /{lang}/admin/upload': 'editor',
  'POST /api/v1/uploads': 'editor',
  'OPTIONS /api/v1/uploads': 'public',
  'HEAD /api/v1/uploads/:id': 'editor',
  'PATCH /api/v1/uploads/:id': 'editor',
  'DELETE /api/v1/uploads/:id': 'editor',
  'GET /api/v1/uploads/:id/video': 'editor',
  'PATCH /api/v1/videos/:id': 'editor',
  'PUT /api/v1/videos/:id/shotlist': 'editor',
  'DELETE /api/v1/videos/:id': 'editor',
  'GET /{lang}/admin/videos/:id': 'editor',
  'POST /{lang}/admin/videos/:id': 'editor',
  'POST /{lang}/admin/videos/:id/shotlist': 'editor',
  'POST /{lang}/admin/videos/:id/delete': 'editor',
  'GET /api/v1/videos/:id/downloads': 'admin',
  // The newsroom: stories, workflow, revisions, topics (editors share it: any editor, any story).
  'GET /{lang}/admin/stories': 'editor',
  'POST /{lang}/admin/stories': 'editor',
  'GET /{lang}/admin/stories/new': 'editor',
  'GET /{lang}/admin/stories/:id': 'editor',
  'POST /{lang}/admin/stories/:id': 'editor',
  'POST /{lang}/admin/stories/:id/publish': 'editor',
  'POST /{lang}/admin/stories/:id/unpublish': 'editor',
  'POST /{lang}/admin/stories/:id/delete': 'editor',
  'GET /{lang}/admin/stories/:id/preview': 'editor',
  'GET /{lang}/admin/stories/:id/revisions': 'editor',
  'POST /{lang}/admin/stories/:id/revisions/:n/restore': 'editor',
  'GET /{lang}/admin/topics': 'editor',
  'POST /{lang}/admin/topics': 'editor',
  'POST /{lang}/admin/topics/:slug': 'editor',
  'POST /api/v1/stories': 'editor',
  'PATCH /api/v1/stories/:id': 'editor',
  'DELETE /api/v1/stories/:id': 'editor',
  'POST /api/v1/stories/:id/publish': 'editor',
  'POST /api/v1/stories/:id/unpublish': 'editor',
  'GET /api/v1/stories/:id/revisions': 'editor',
  'POST /api/v1/stories/:id/revisions/:n/restore': 'editor',
  'GET /api/v1/topics': 'editor',
  'POST /api/v1/topics': 'editor',
  'PATCH /api/v1/topics/:slug': 'editor',
  // People and records: the editors' dashboard, user management and the audit log (admins).
  'GET /{lang}/admin/users': 'admin',
  'GET /{lang}/admin/users/:id': 'admin',
  'POST /{lang}/admin/users/:id': 'admin',
  'POST /{lang}/admin/users/:id/delete': 'admin',
  'GET /{lang}/admin/audit': 'admin',
  'GET /api/v1/admin/users': 'admin',
  'PATCH /api/v1/admin/users/:id': 'admin',
  'DELETE /api/v1/admin/users/:id': 'admin',
  'GET /api/v1/admin/audit': 'admin',
  // The portal's settings (src/settings): anyone reads them (pages show every value), admins change
  // them; the theme stylesheet and the logo are public files; terms and privacy are public pages.
  'GET /api/v1/settings': 'public',
  'PATCH /api/v1/settings': 'admin',
  'POST /api/v1/settings/logo': 'admin',
  'GET /{lang}/admin/settings': 'admin',
  'POST /{lang}/admin/settings': 'admin',
  'GET /{lang}/privacy': 'public',
  'GET /settings/theme.css': 'public',
  'GET /settings/:name': 'public',
  // Photos (src/photos): editors manage them (the back office's upload form posts to the API); files
  // of photos a published story shows are public,
  // the original only for verified journalists (the feature checks it).
  'GET /{lang}/admin/photos': 'editor',
  'POST /{lang}/admin/photos/:id': 'editor',
  'POST /{lang}/admin/photos/:id/delete': 'editor',
  'POST /api/v1/photos': 'editor',
  'GET /api/v1/photos': 'editor',
  'GET /api/v1/photos/:id': 'editor',
  'PATCH /api/v1/photos/:id': 'editor',
  'DELETE /api/v1/photos/:id': 'editor',
  'GET /api/v1/photos/:id/renditions/:name/file': 'public',
  // Audio (src/audio): editors manage it (the back office's form posts to the API); the preview and
  // waveform of an item a published story shows are public, the original only for verified journalists.
  'GET /{lang}/admin/audio': 'editor',
  'POST /{lang}/admin/audio/:id': 'editor',
  'POST /{lang}/admin/audio/:id/delete': 'editor',
  'POST /api/v1/audio': 'editor',
  'GET /api/v1/audio': 'editor',
  'GET /api/v1/audio/:id': 'editor',
  'PATCH /api/v1/audio/:id': 'editor',
  'DELETE /api/v1/audio/:id': 'editor',
  'GET /api/v1/audio/:id/files/:name': 'public',
  // Development only (NODE_ENV=development without SMTP_URL): the embedded outbox's mails.
  'GET /dev/outbox': 'public',
  'GET /dev/outbox/:id': 'public',
};

/** Routes registered only in some configurations (the route-access test's portal has none of them). */
export const CONDITIONAL_ROUTES: ReadonlySet<string> = new Set(['GET /dev/outbox', 'GET /dev/outbox/:id']);

/**
 * The table's key of a registered route (`/fr/…` and `/en/…` as `/{lang}/…`; a HEAD route that the
 * table does not name on its own goes with its GET), or null when the table does not name it.
 */
export function routeKey(method: string, url: string): string | null {
  const path = url.replace(/^\/(fr|en)(?=\/|$)/, '/{lang}');
  const own = `${method} ${path}`;
  if (own in ROUTE_ACCESS) return own;
  const get = `GET ${path}`;
  return method === 'HEAD' && get in ROUTE_ACCESS ? get : null;
}

/** Throws for a route the table does not name: called for every route as it is registered. */
export function checkRouteDeclared(method: string, url: string): string {
  const key = routeKey(method, url);
  if (key === null)
    throw new Error(`route ${method} ${url} is not in src/route-access.ts: state who may call it there`);
  return key;
}
