/**
 * A story's page content for a viewer: its videos as far as the one video rule lets the viewer
 * (downloads/video-access.ts), their download panels, the view. The public page and the newsroom's
 * preview both render through here, so a preview is the page as it will look.
 */
import type { Viewer } from '../downloads/public.ts';
import { downloadPanels } from '../downloads/public.ts';
import type { SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import type { CatalogDeps } from './deps.ts';
import type { StoryDetail } from './stories.ts';
import { storyView, watchable } from './views.ts';

export async function storyContent(
  { db, videoAccess }: CatalogDeps,
  ctx: PageContext,
  found: StoryDetail,
  viewer: Viewer,
  options: { signInReturnTo?: string } = {},
): Promise<SafeHtml> {
  const access = await videoAccess(
    viewer,
    found.videos.map((v) => v.id),
    new Date(),
  );
  const videos = found.videos
    .filter((v) => access.get(v.id)?.see)
    .map((v) => watchable(v, access.get(v.id)?.watch ?? false));
  const story = { ...found, videos, videoIds: videos.map((v) => v.id) };
  const panels = await downloadPanels(
    db,
    ctx,
    videos.map((v) => v.id),
    viewer.kind === 'anonymous' && options.signInReturnTo
      ? { signInReturnTo: options.signInReturnTo }
      : // Verified journalists and staff download "available" embargoed videos ahead (marked).
        { early: viewer.kind === 'staff' || (viewer.kind === 'journalist' && viewer.verified) },
  );
  return storyView(ctx, story, panels);
}
