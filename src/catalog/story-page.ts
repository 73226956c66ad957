/**
 * A story's page content for a viewer: its videos as far as the one video rule lets the viewer
 * (downloads/video-access.ts), their download panels, its photos (src/photos) in the story's media
 * order, the view. The public page and the newsroom's
 * preview both render through here, so a preview is the page as it will look.
 */

import { audioByIds, audioFigure } from '../audio/public.ts';
import type { VideoAccess, Viewer } from '../downloads/public.ts';
import { downloadPanels } from '../downloads/public.ts';
import { photoFigure, photosByIds } from '../photos/public.ts';
import type { SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import type { CatalogDeps } from './deps.ts';
import type { StoryDetail } from './stories.ts';
import { storyMediaOrder } from './story-photos.ts';
import { type StoryMediaItem, storyView, watchable } from './views.ts';

export async function storyContent(
  { db, videoAccess }: CatalogDeps,
  ctx: PageContext,
  found: StoryDetail,
  viewer: Viewer,
  options: { signInReturnTo?: string; access?: ReadonlyMap<string, VideoAccess> } = {},
): Promise<SafeHtml> {
  // The viewer's access to the videos: the caller's when it has asked already.
  const access =
    options.access ??
    (await videoAccess(
      viewer,
      found.videos.map((v) => v.id),
      new Date(),
    ));
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
  // Photos and audio, in the story's one media order with its videos (none: the videos section as before).
  const order = await storyMediaOrder(db, found.slug);
  const photoIds = order.filter((m) => m.kind === 'photo').map((m) => m.id);
  const audioIds = order.filter((m) => m.kind === 'audio').map((m) => m.id);
  if (photoIds.length === 0 && audioIds.length === 0) return storyView(ctx, story, panels);
  const [photos, audio] = await Promise.all([
    photosByIds(db, photoIds).then((list) => new Map(list.map((p) => [p.id, p]))),
    audioByIds(db, audioIds).then((list) => new Map(list.map((a) => [a.id, a]))),
  ]);
  const media: StoryMediaItem[] = order.flatMap((m): StoryMediaItem[] => {
    if (m.kind === 'video') return videos.some((v) => v.id === m.id) ? [{ kind: 'video', id: m.id }] : [];
    if (m.kind === 'audio') {
      const item = audio.get(m.id);
      const figure = item && audioFigure(ctx, item, viewer, options);
      return figure ? [{ kind: 'audio', id: m.id, html: figure }] : [];
    }
    const photo = photos.get(m.id);
    const figure = photo && photoFigure(ctx, photo, viewer, options);
    return figure ? [{ kind: 'photo', id: m.id, html: figure }] : [];
  });
  return storyView(ctx, story, panels, media);
}
