/**
 * The media core's ingest, composed: a reference for the job layer and what bench/ingest measures.
 *
 *   header-only probe (refuses non-media before anything is written; detects the container among
 *   the accepted ones, and every later read of the file forces that format)
 *   ├─ preview (HLS + poster + sprites), started at once: playable after the first segment
 *   └─ store (sha256 copy) → counted probe (refuses truncated) → keyframe index (file)
 *
 * Each step is idempotent on its own (same content → same stored master; an existing complete
 * preview or index is reused), so a durable job may also run them one by one and retry any.
 * A refusal after the store removes what this run created and aborts the preview. Every file is
 * written through the storage port (master, index, preview), under its key.
 */
import { stat, writeFile } from 'node:fs/promises';
import type { MediaStorage } from '../platform/storage/index.ts';
import { buildKeyframeIndex } from './keyframe-index.ts';
import { encodeKeyframeIndex, readKeyframeIndex, withGopSize } from './keyframe-store.ts';
import { buildPreview, type PreviewManifest, type SegmentEvent } from './preview.ts';
import { probeMedia } from './probe.ts';
import { isMediaError } from './probe-errors.ts';
import {
  keyframeIndexKey,
  removeStaleIncoming,
  removeStored,
  type StoredMaster,
  storeMaster,
} from './store.ts';
import type { KeyframeIndex, MediaInfo } from './types.ts';

export type IngestStage = 'store' | 'probe' | 'index' | 'preview';

export interface IngestOptions {
  sourcePath: string;
  /** Where media files go: the master under `masters/`, its keyframe index beside it. */
  storage: MediaStorage;
  /** The storage key of this asset's preview folder (built under `<previewKey>.partial`). */
  previewKey: string;
  signal?: AbortSignal;
  /** Progress of one stage, 0..1. */
  onStage?: (stage: IngestStage, fraction: number) => void;
  onPreviewable?: (event: { dir: string; masterPlaylist: string }) => void;
  onSegment?: (event: SegmentEvent & { dir: string }) => void;
}

export interface IngestResult {
  stored: StoredMaster;
  /** Counted probe, with the GOP size from the index. */
  info: MediaInfo;
  index: KeyframeIndex;
  indexPath: string;
  preview: PreviewManifest;
  /** Milliseconds from the start: first segment playable, and each stage's end. */
  timings: { previewable: number | null; store: number; probe: number; index: number; preview: number };
}

export async function ingestMaster(options: IngestOptions): Promise<IngestResult> {
  const t0 = performance.now();
  const since = () => Math.round(performance.now() - t0);
  const quick = await probeMedia(options.sourcePath, { countFrames: false, signal: options.signal });
  // Temporaries of a store that a killed process left behind.
  await removeStaleIncoming(options.storage);

  const previewAbort = new AbortController();
  const stopPreview = () => previewAbort.abort();
  options.signal?.addEventListener('abort', stopPreview, { once: true });
  const timings: IngestResult['timings'] = { previewable: null, store: 0, probe: 0, index: 0, preview: 0 };
  const preview = buildPreview({
    masterPath: options.sourcePath,
    source: quick,
    storage: options.storage,
    key: options.previewKey,
    signal: previewAbort.signal,
    onProgress: (f) => options.onStage?.('preview', f),
    onSegment: options.onSegment,
    onPreviewable: (event) => {
      timings.previewable = since();
      options.onPreviewable?.(event);
    },
  }).then((manifest) => {
    timings.preview = since();
    return manifest;
  });
  // Keep a failed preview from becoming an unhandled rejection while the other branch runs.
  preview.catch(() => {});

  let stored: StoredMaster | null = null;
  try {
    const { size } = await stat(options.sourcePath);
    stored = await storeMaster(options.sourcePath, options.storage, {
      signal: options.signal,
      onProgress: (bytes) => options.onStage?.('store', size ? bytes / size : 1),
    });
    timings.store = since();
    const probed = await probeMedia(stored.path, { signal: options.signal, format: quick.container });
    timings.probe = since();
    options.onStage?.('probe', 1);
    const indexKey = keyframeIndexKey(stored.sha256);
    const indexPath = options.storage.path(indexKey);
    let index: KeyframeIndex;
    if (await options.storage.stat(indexKey)) {
      index = await readKeyframeIndex(indexPath);
    } else {
      const built = await buildKeyframeIndex(stored.path, probed, {
        signal: options.signal,
        onProgress: (f) => options.onStage?.('index', f),
      });
      await options.storage.writeAtomic(indexKey, (tmp) =>
        writeFile(tmp, encodeKeyframeIndex(built), { flush: true }),
      );
      index = built;
    }
    timings.index = since();
    const manifest = await preview;
    return { stored, info: withGopSize(probed, index), index, indexPath, preview: manifest, timings };
  } catch (error) {
    stopPreview();
    await preview.catch(() => {});
    // Content the probe refuses can back no asset: remove it even when an earlier, killed attempt
    // stored it. Otherwise remove only what this run created.
    if (stored && (stored.created || isMediaError(error))) await removeStored(options.storage, stored.sha256);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stopPreview);
  }
}
