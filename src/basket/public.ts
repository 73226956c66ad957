/**
 * The basket's public module: what other features may use of it (docs/architecture.md). The video
 * and story pages offer "add to my selection"; the form's target is the basket's page route.
 */
import type { Lang } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';

/** Where forms post an item (page route; the API is `POST /api/v1/basket/items`). */
export function basketItemsPath(lang: Lang): string {
  return localPath(lang, '/basket/items');
}
