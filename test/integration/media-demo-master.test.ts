import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDemoMaster } from '../../src/media/demo-master.ts';
import { buildKeyframeIndex } from '../../src/media/keyframe-index.ts';
import { probeMedia } from '../../src/media/probe.ts';

const dir = mkdtempSync(join(tmpdir(), 'media-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderDemoMaster', () => {
  it('H.264 High 1080p50, long GOP with B-frames, tmcd 10:00:00:00, AAC tone', async () => {
    const outPath = join(dir, 'demo-1.mp4');
    const fractions: number[] = [];
    await renderDemoMaster({ outPath, seconds: 3, variant: 1, onProgress: (f) => fractions.push(f) });
    const info = await probeMedia(outPath);
    expect(info).toMatchObject({ containerFamily: 'mp4', durationFrames: 150, startTimecode: '10:00:00:00' });
    expect(info.video).toMatchObject({
      codec: 'h264',
      profile: 'High',
      width: 1920,
      height: 1080,
      frameRate: { num: 50, den: 1 },
      scan: 'progressive',
      hasBFrames: true,
    });
    expect(info.audio).toMatchObject([{ codec: 'aac', channels: 2, sampleRate: 48000 }]);
    const index = await buildKeyframeIndex(outPath, info);
    expect(index.keyframes.map((k) => [k.frame, k.openGop])).toEqual([
      [0, false],
      [100, false],
    ]);
    expect(fractions.at(-1)).toBeGreaterThan(0.9);
  });

  it('renders every pattern variant', async () => {
    for (const variant of [0, 2, 3, 4, 5]) {
      const outPath = join(dir, `demo-v${variant}.mp4`);
      await renderDemoMaster({ outPath, seconds: 0.4, variant });
      expect((await probeMedia(outPath)).durationFrames, `variant ${variant}`).toBe(20);
    }
  });

  it('a render stopped mid-way leaves nothing at outPath, and the next one completes', async () => {
    const outPath = join(dir, 'demo-aborted.mp4');
    const controller = new AbortController();
    await expect(
      renderDemoMaster({
        outPath,
        seconds: 20,
        variant: 0,
        signal: controller.signal,
        onProgress: (f) => {
          if (f > 0.05) controller.abort();
        },
      }),
    ).rejects.toThrow(/aborted/);
    expect(existsSync(outPath)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('demo-aborted'))).toEqual([]);
    await renderDemoMaster({ outPath, seconds: 1, variant: 0 });
    expect(existsSync(outPath)).toBe(true);
  });
});
