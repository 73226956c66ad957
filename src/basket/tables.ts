import type { Generated, Selectable } from 'kysely';

/** The basket's table as Kysely sees it (src/platform/db/migrations/1700_basket.ts). */
export interface BasketItemsTable {
  id: Generated<string>;
  user_id: string;
  video_id: string;
  /** `video`: a whole rendition; `clip`: a half-open frame range in a clip profile. */
  kind: 'video' | 'clip';
  rendition: 'master' | 'web' | null;
  in_frame: number | null;
  out_frame: number | null;
  profile: 'broadcast' | 'web' | null;
  /** The journalist's own name for the item ('' when none). */
  name: Generated<string>;
  created_at: Generated<Date>;
  /** The order of adding (identity; `created_at` ties within a millisecond on PGlite). */
  position: Generated<string>;
}

export interface BasketTables {
  basket_items: BasketItemsTable;
}

export type BasketItemRow = Selectable<BasketItemsTable>;

declare module '../platform/db/schema.ts' {
  interface Database extends BasketTables {}
}
