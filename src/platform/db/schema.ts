/** The whole database as Kysely sees it: each feature declares its own tables. */
import type { AccountsTables } from '../../accounts/tables.ts';
import type { CatalogTables } from '../../catalog/tables.ts';
import type { ClipsTables } from '../../clips/tables.ts';
import type { DownloadsTables } from '../../downloads/tables.ts';
import type { MediaTables } from '../../media/tables.ts';
import type { SearchTables } from '../../search/tables.ts';

export interface OperatorTables {
  settings: { key: string; value: string };
}

export interface Database
  extends CatalogTables,
    MediaTables,
    OperatorTables,
    AccountsTables,
    DownloadsTables,
    ClipsTables,
    SearchTables {}
