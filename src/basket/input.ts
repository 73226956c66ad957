/**
 * Turning what the API and the page's forms send into a basket item: a whole rendition, or a clip by
 * frames or by the master's timecodes (half-open, as the clip API takes them). A timecode that does
 * not read, or a range outside the video, is a 422 in the caller's language.
 */
import { timecodeToFrame } from '../lib/timecode/timecode.ts';
import { HttpError } from '../web/errors.ts';
import type { BasketVideo } from './sources.ts';
import { MAX_NAME, type NewItem } from './store.ts';

export interface ItemInput {
  videoId: string;
  kind?: 'video' | 'clip';
  rendition?: 'master' | 'web';
  inFrame?: number;
  outFrame?: number;
  in?: string;
  out?: string;
  profile?: 'broadcast' | 'web';
  name?: string;
}

export function cleanName(name: string | undefined): string {
  const trimmed = (name ?? '').replace(/\s+/g, ' ').trim();
  if (trimmed.length > MAX_NAME)
    throw new HttpError(422, 'invalid_name', 'basket.error.name', { max: MAX_NAME });
  return trimmed;
}

export function newItem(input: ItemInput, video: BasketVideo | null): NewItem {
  const name = cleanName(input.name);
  const kind = input.kind ?? (input.inFrame !== undefined || input.in !== undefined ? 'clip' : 'video');
  if (kind === 'video') return { kind, videoId: input.videoId, rendition: input.rendition ?? 'master', name };
  let inFrame = input.inFrame;
  let outFrame = input.outFrame;
  if (
    (inFrame === undefined || outFrame === undefined) &&
    input.in !== undefined &&
    input.out !== undefined
  ) {
    const start = video?.startTimecode ?? '00:00:00:00';
    const format = { rate: video?.rate ?? { num: 25, den: 1 }, dropFrame: video?.dropFrame ?? false };
    try {
      inFrame = timecodeToFrame(input.in, start, format);
      outFrame = timecodeToFrame(input.out, start, format);
    } catch {
      throw new HttpError(422, 'invalid_range', 'basket.error.range');
    }
  }
  if (inFrame === undefined || outFrame === undefined || inFrame < 0 || outFrame <= inFrame)
    throw new HttpError(422, 'invalid_range', 'basket.error.range');
  return {
    kind: 'clip',
    videoId: input.videoId,
    inFrame,
    outFrame,
    profile: input.profile ?? 'broadcast',
    name,
  };
}
