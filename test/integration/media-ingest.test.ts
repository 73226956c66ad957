import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestMaster } from '../../src/media/ingest.ts';
import { readKeyframeIndex } from '../../src/media/keyframe-store.ts';
import { partialPreviewDir } from '../../src/media/preview.ts';
import { MediaError, probeMedia } from '../../src/media/probe.ts';
import { storeMaster } from '../../src/media/store.ts';
import { createLocalStorage } from '../../src/platform/storage/index.ts';
import { notMedia, truncatedMaster, xdcamMxfMaster } from '../support/masters.ts';

const work = mkdtempSync(join(tmpdir(), 'media-ingest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function contentDirs(mediaDir: string): string[] {
  const masters = join(mediaDir, 'masters');
  if (!existsSync(masters)) return [];
  return readdirSync(masters).filter((n) => n !== '.incoming');
}

describe('ingestMaster', () => {
  it('stores, probes, indexes and previews an XDCAM master; a second ingest reuses everything', async () => {
    const source = await xdcamMxfMaster();
    const mediaDir = join(work, 'media');
    const stages = new Set<string>();
    const storage = createLocalStorage(mediaDir);
    const result = await ingestMaster({
      sourcePath: source,
      storage,
      previewKey: 'previews/a',
      onStage: (stage) => stages.add(stage),
    });
    expect(result.stored.created).toBe(true);
    expect(result.info).toEqual({ ...(await probeMedia(source)), video: { ...result.info.video } });
    expect(result.info.video.gopSize).toBe(12);
    expect(result.info.durationFrames).toBe(150);
    expect(await readKeyframeIndex(result.indexPath)).toEqual(result.index);
    expect(result.preview.rungs.map((r) => r.segments)).toEqual([3, 3]);
    expect(result.timings.previewable).not.toBeNull();
    expect(result.timings.previewable!).toBeLessThan(result.timings.preview);
    expect([...stages].sort()).toEqual(['index', 'preview', 'probe', 'store']);

    const again = await ingestMaster({
      sourcePath: source,
      storage,
      previewKey: 'previews/a',
    });
    expect(again.stored).toEqual({ ...result.stored, created: false });
    expect(again.preview).toEqual(result.preview);
    expect(contentDirs(mediaDir)).toHaveLength(1);
  });

  for (const [name, fixture, code] of [
    ['not media', notMedia, 'not_media'],
    ['truncated', truncatedMaster, 'truncated'],
  ] as const) {
    it(`refuses ${name} and leaves nothing behind`, async () => {
      const mediaDir = join(work, `media-${code}`);
      const storage = createLocalStorage(mediaDir);
      const previewDir = join(mediaDir, 'previews', code);
      const sourcePath = await fixture();
      if (code === 'truncated') {
        // As if a killed attempt had stored it before probing: the retry must still remove it.
        await storeMaster(sourcePath, storage);
        expect(contentDirs(mediaDir)).toHaveLength(1);
      }
      const error = await ingestMaster({ sourcePath, storage, previewKey: `previews/${code}` }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(MediaError);
      expect((error as MediaError).code).toBe(code);
      expect(contentDirs(mediaDir)).toEqual([]);
      expect(existsSync(previewDir)).toBe(false);
      expect(existsSync(partialPreviewDir(previewDir))).toBe(false);
    });
  }
});
