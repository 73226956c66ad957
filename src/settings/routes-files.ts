/**
 * The settings' files at the root (anyone, as every page links them): the theme stylesheet that sets
 * the primary colour (`/settings/theme.css`, under the strict CSP no inline style is allowed) and the
 * current logo (`/settings/logo-<sha256 prefix>.png`: content-addressed, cached for good).
 */
import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { Type, typed } from '../web/schemas.ts';
import type { SettingsRouteDeps } from './module.ts';

/** The stylesheet for a stored primary colour (validated `#rrggbb`, so nothing else reaches the CSS). */
export function themeCss(primary: string | undefined): string {
  return primary && /^#[0-9a-f]{6}$/.test(primary)
    ? `/* The portal's settings: its primary colour. */\n:root {\n  --brand: ${primary};\n}\n`
    : "/* The portal's settings: no primary colour stored (site.css's applies). */\n";
}

export function settingsFiles(deps: SettingsRouteDeps): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.get('/settings/theme.css', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(themeCss(deps.current().values.colours?.primary)),
    );
    app.get(
      '/settings/:name',
      { schema: { hide: true, params: Type.Object({ name: Type.String({ maxLength: 100 }) }) } },
      async (request, reply) => {
        const logo = deps.current().values.logo;
        const file = await (logo && `settings/${request.params.name}` === logo.key
          ? deps.storage.stat(logo.key)
          : null);
        if (!logo || !file) throw new HttpError(404, 'not_found', 'error.notFound.body');
        return reply
          .type('image/png')
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('content-length', file.size)
          .send(deps.storage.read(logo.key));
      },
    );
  };
}
