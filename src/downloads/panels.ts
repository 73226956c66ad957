/** The download panels of a page's videos (for the catalogue's video and story pages). */
import type { AnyDb } from '../platform/db/schema.ts';
import type { SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import { loadDownloadFacts } from './facts.ts';
import { type DownloadPanelOptions, downloadPanel } from './views.ts';

export async function downloadPanels(
  db: AnyDb,
  ctx: PageContext,
  videoIds: readonly string[],
  options: DownloadPanelOptions = {},
): Promise<Map<string, SafeHtml>> {
  const facts = await loadDownloadFacts(db, videoIds);
  return new Map([...facts].map(([id, f]) => [id, downloadPanel(ctx, f, options)]));
}
