/**
 * What the basket needs of other features, handed in by the composition root (src/portal.ts): the
 * downloads feature's rule, videos' facts and files, and its history; the clips feature's clips. The
 * basket imports neither feature's internals; these types are its whole view of them.
 */
import type { FastifyRequest } from 'fastify';
import type { HistoryTarget } from '../downloads/public.ts';

/** What the manifest and the page say of a video, in both languages. */
export interface BasketVideo {
  id: string;
  titleFr: string;
  titleEn: string;
  /** Frames per second as a fraction; null before the ingest has probed it. */
  rate: { num: number; den: number } | null;
  startTimecode: string | null;
  dropFrame: boolean;
  credit: string;
  termsFr: string;
  termsEn: string;
  restrictionsFr: string;
  restrictionsEn: string;
  /** Set while the video is under embargo (verified journalists download ahead of an `available` one). */
  embargoUntil: Date | null;
}

/** A file ready to go into the archive, with what the history records of it. */
export interface BasketFile {
  kind: 'file';
  path: string;
  size: number;
  lastModified: Date;
  /** The readable name the file is downloaded under. */
  fileName: string;
  /** The URL that downloads this file alone. */
  url: string;
  history: HistoryTarget;
}

/** Where an item's file stands. `message` is in the request's language. */
export type ItemFile =
  | BasketFile
  | { kind: 'preparing'; progress: number }
  | { kind: 'waiting'; message: string }
  | { kind: 'failed'; message: string };

export interface BasketSources {
  /** Throws the downloads feature's HttpError when this request may not download the video. */
  authorise(request: FastifyRequest, videoId: string, now: Date): Promise<void>;
  video(videoId: string, now: Date): Promise<BasketVideo | null>;
  /** A whole rendition's file, or its preparation (queued when needed). */
  rendition(request: FastifyRequest, videoId: string, name: 'master' | 'web'): Promise<ItemFile>;
  /**
   * A clip's file, or its preparation: asks the clips feature for it (queued when not made, within the
   * user's cap). Throws the clips feature's HttpError for a range it refuses (422).
   */
  clip(
    request: FastifyRequest,
    input: {
      userId: string;
      videoId: string;
      inFrame: number;
      outFrame: number;
      profile: 'broadcast' | 'web';
    },
  ): Promise<ItemFile>;
  /** Records a download in the history; `addBytes` counts what was sent of it. */
  recordDownload(userId: string, history: HistoryTarget, fileSize: number): Promise<string>;
  addBytes(historyId: string, bytes: number): Promise<void>;
}
