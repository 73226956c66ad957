/**
 * The basket's logic over its store and sources: where each item stands for this request (refused by
 * the one video rule, being prepared, ready with its file), and adding an item after the same checks
 * a single download would make. Looking at the basket prepares it: clips and renditions not made yet
 * are asked for (clips within the user's cap; the rest wait for the next look).
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { type Lang, translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import type { BasketSources, BasketVideo, ItemFile } from './sources.ts';
import { type BasketStore, MAX_ITEMS, type NewItem } from './store.ts';
import type { BasketItemRow } from './tables.ts';

export interface BasketDeps {
  store: BasketStore;
  sources: BasketSources;
  clock: () => Date;
}

/** One item as the page and the API show it. */
export interface ItemState {
  row: BasketItemRow;
  video: BasketVideo | null;
  /** Why the one video rule refuses it now (embargo, unverified account, gone), in the request's language. */
  refusal: { code: string; message: string } | null;
  file: ItemFile | null;
}

export function errorMessage(lang: Lang, error: HttpError): string {
  return translate(lang, error.messageKey, error.params);
}

async function fileOf(deps: BasketDeps, request: FastifyRequest, userId: string, row: BasketItemRow) {
  if (row.kind === 'video') return deps.sources.rendition(request, row.video_id, row.rendition ?? 'master');
  return deps.sources.clip(request, {
    userId,
    videoId: row.video_id,
    inFrame: row.in_frame ?? 0,
    outFrame: row.out_frame ?? 1,
    profile: row.profile ?? 'broadcast',
  });
}

export async function itemStates(
  deps: BasketDeps,
  request: FastifyRequest,
  userId: string,
): Promise<ItemState[]> {
  const lang = requestLang(request);
  const now = deps.clock();
  const states: ItemState[] = [];
  // One after the other: clips are queued in the basket's order, within the user's cap.
  for (const row of await deps.store.items(userId)) {
    const video = await deps.sources.video(row.video_id, now);
    try {
      await deps.sources.authorise(request, row.video_id, now);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      states.push({
        row,
        video,
        refusal: { code: error.code, message: errorMessage(lang, error) },
        file: null,
      });
      continue;
    }
    try {
      states.push({ row, video, refusal: null, file: await fileOf(deps, request, userId, row) });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      states.push({
        row,
        video,
        refusal: null,
        file: { kind: 'failed', message: errorMessage(lang, error) },
      });
    }
  }
  return states;
}

/**
 * Adds an item once the one video rule lets this request download the video (its HttpError
 * otherwise: 401, 403 with the embargo's date or the unverified account, 404) and, for a clip, once
 * the clips feature accepts the range (422 otherwise). Asking for the clip queues it at once.
 */
export async function addItem(
  deps: BasketDeps,
  request: FastifyRequest,
  userId: string,
  item: NewItem,
): Promise<{ row: BasketItemRow; added: boolean; count: number }> {
  await deps.sources.authorise(request, item.videoId, deps.clock());
  if (item.kind === 'clip') {
    await deps.sources.clip(request, {
      userId,
      videoId: item.videoId,
      inFrame: item.inFrame,
      outFrame: item.outFrame,
      profile: item.profile,
    });
  } else {
    await deps.sources.rendition(request, item.videoId, item.rendition);
  }
  const result = await deps.store.add(userId, item);
  if (!result) throw new HttpError(409, 'basket_full', 'basket.error.full', { max: MAX_ITEMS });
  return { ...result, count: await deps.store.count(userId) };
}
