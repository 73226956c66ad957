/**
 * The back office's one row of tabs, the same on every back-office page (dashboard, stories, topics,
 * videos, upload, photos, audio; users, the audit log and the settings for admins), the current page marked.
 * Before, each feature drew its own row and each row missed some pages.
 */
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n/index.ts';
import { localPath, type PageContext } from '../web/layout.ts';

export type BackofficeTab =
  | 'dashboard'
  | 'stories'
  | 'topics'
  | 'videos'
  | 'upload'
  | 'photos'
  | 'audio'
  | 'users'
  | 'audit'
  | 'settings';

const TABS: readonly (readonly [BackofficeTab, string, MessageKey, 'admin'?])[] = [
  ['dashboard', '/admin', 'admin.tabs.dashboard'],
  ['stories', '/admin/stories', 'newsroom.tabs.stories'],
  ['topics', '/admin/topics', 'newsroom.tabs.topics'],
  ['videos', '/admin/videos', 'backoffice.tabs.videos'],
  ['upload', '/admin/upload', 'backoffice.tabs.upload'],
  ['photos', '/admin/photos', 'photos.title'],
  ['audio', '/admin/audio', 'audio.title'],
  ['users', '/admin/users', 'admin.tabs.users', 'admin'],
  ['audit', '/admin/audit', 'admin.tabs.audit', 'admin'],
  ['settings', '/admin/settings', 'settings.tab', 'admin'],
];

/** The tabs; `admin` overrides the page context's (the admin pages know it from their request). */
export function backofficeTabs(ctx: PageContext, current: BackofficeTab | null, admin = ctx.admin): SafeHtml {
  const items = TABS.filter(([, , , only]) => !only || admin).map(
    ([name, path, key]) =>
      html`<li><a href="${localPath(ctx.lang, path)}"${name === current ? html` aria-current="page"` : ''}>${ctx.t(key)}</a></li>`,
  );
  return html`<nav class="backoffice-tabs" aria-label="${ctx.t('backoffice.tabs.label')}"><ul class="nav-list">
  ${items}
</ul></nav>`;
}
