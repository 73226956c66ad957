/**
 * A photo on a public story page (and its preview): a figure with a responsive `srcset` of the web
 * renditions, the caption in the page's language only (never the other language's unannounced), the
 * credit, and download links: the large size for anyone who sees it, the original for verified
 * journalists and editors (others are told to sign in). Photos still being processed are left out.
 */
import type { Viewer } from '../downloads/public.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import { localPath } from '../web/layout.ts';
import { fileUrl } from './photo-json.ts';
import type { Photo } from './repository.ts';

export function photoFigure(
  ctx: PageContext,
  photo: Photo,
  viewer: Viewer,
  options: { signInReturnTo?: string } = {},
): SafeHtml | null {
  const medium = photo.renditions.find((r) => r.name === 'medium');
  if (photo.status !== 'ready' || !medium) return null;
  const caption = photo.caption[ctx.lang].trim();
  const srcset = photo.renditions.map((r) => `${fileUrl(photo.id, r.name)} ${r.width}w`).join(', ');
  const mayOriginal = viewer.kind === 'staff' || (viewer.kind === 'journalist' && viewer.verified);
  const large = photo.renditions.find((r) => r.name === 'large');
  return html`<figure class="photo" id="photo-${photo.id}" data-photo-id="${photo.id}">
  <img src="${fileUrl(photo.id, 'medium')}" srcset="${srcset}" sizes="(max-width: 52rem) 100vw, 50rem"
    width="${medium.width}" height="${medium.height}" alt="${caption}" loading="lazy" decoding="async">
  <figcaption>
    ${caption ? html`<span class="photo-caption">${caption}</span>` : ''}
    ${photo.credit ? html`<span class="meta photo-credit">${ctx.t('photos.figure.credit', { credit: photo.credit })}</span>` : ''}
    <span class="photo-downloads">${ctx.t('photos.figure.downloads')}
      ${large ? html`<a href="${fileUrl(photo.id, 'large')}?download=1" download>${ctx.t('photos.download.large')}</a>` : ''}
      ${
        mayOriginal
          ? html`<a href="${fileUrl(photo.id, 'original')}" download>${ctx.t('photos.download.original')}</a>`
          : viewer.kind === 'anonymous' && options.signInReturnTo
            ? html`<a href="${localPath(ctx.lang, '/sign-in')}?returnTo=${encodeURIComponent(options.signInReturnTo)}">${ctx.t('photos.figure.downloadSignIn')}</a>`
            : ''
      }</span>
  </figcaption>
</figure>`;
}
