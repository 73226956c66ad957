/**
 * "Add to my selection" from the video and story pages: one JSON request to the basket's API
 * (`POST /api/v1/basket/items`), then one polite announcement in the page's language, with the
 * basket's size and a link to it, or the portal's own refusal (embargo, unverified account…) as it
 * words it. The focus stays on the button. Counts take the language's plural forms (`Intl.PluralRules`
 * through the server's own plural.ts).
 */
import type { Lang } from '../../i18n/index.ts';
import { formatMessage } from '../../i18n/plural.ts';

/** The page's language, for plural forms and the API's messages. */
export function pageLang(): Lang {
  return document.documentElement.lang === 'fr' ? 'fr' : 'en';
}

export interface BasketTexts {
  /** "Added to your selection ({count, plural, one {# item} other {# items}} in all)." (plural.ts) */
  added: string;
  /** The link's text to the basket page. */
  link: string;
  /** Shown when the portal does not answer. */
  network: string;
  /** The basket page's path in the page's language. */
  basketPath: string;
}

export type BasketBody =
  | { videoId: string; kind: 'video'; rendition: 'master' | 'web' }
  | { videoId: string; kind: 'clip'; inFrame: number; outFrame: number; profile: string };

/** Adds the item; writes the outcome into `status` (a live region). True when it was added. */
export async function addToBasket(
  body: BasketBody,
  status: HTMLElement,
  texts: BasketTexts,
): Promise<boolean> {
  let answer: Response;
  try {
    const lang = encodeURIComponent(pageLang());
    answer = await fetch(`/api/v1/basket/items?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    status.textContent = texts.network;
    return false;
  }
  const json = (await answer.json().catch(() => ({}))) as { count?: number; error?: { message?: string } };
  status.replaceChildren();
  if (!answer.ok) {
    status.textContent = json.error?.message ?? texts.network;
    return false;
  }
  const link = document.createElement('a');
  link.href = texts.basketPath;
  link.textContent = texts.link;
  status.append(`${formatMessage(pageLang(), texts.added, { count: json.count ?? 0 })} `, link);
  return true;
}

/** The texts a form or panel carries in its data attributes (`data-basket-*`). */
export function basketTexts(element: HTMLElement): BasketTexts {
  return {
    added: element.dataset.basketAdded ?? '',
    link: element.dataset.basketLink ?? '',
    network: element.dataset.basketNetwork ?? '',
    basketPath: element.dataset.basketPath ?? '/',
  };
}
