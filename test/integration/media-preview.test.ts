/**
 * The HLS preview built from real masters: decodes without errors, one preview frame per master
 * frame (frame n of the preview is frame n of the master), playable before the encode ends, and a
 * killed or aborted run leaves no complete-looking directory.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPreview, partialPreviewDir, readPreviewManifest } from '../../src/media/preview.ts';
import { probeMedia } from '../../src/media/probe.ts';
import { runFfmpeg, runFfprobeJson } from '../../src/platform/ffmpeg/run.ts';
import { createLocalStorage } from '../../src/platform/storage/index.ts';
import { h264Mp4Master, h264OpenGopTsMaster, proresMovMaster, xdcamMxfMaster } from '../support/masters.ts';

const work = mkdtempSync(join(tmpdir(), 'media-preview-'));
const storage = createLocalStorage(work);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function frameCount(playlist: string): Promise<{ frames: number; rate: string }> {
  const out = await runFfprobeJson<{ streams: { nb_read_frames: string; r_frame_rate: string }[] }>([
    ...[
      '-select_streams',
      'v:0',
      '-count_frames',
      '-show_entries',
      'stream=nb_read_frames,r_frame_rate',
      playlist,
    ],
  ]);
  return { frames: Number(out.streams[0]?.nb_read_frames), rate: out.streams[0]!.r_frame_rate };
}

/** start_time of each stream of a rung's playlist: video and audio must both start at 0. */
async function startTimes(playlist: string): Promise<Record<string, number>> {
  const out = await runFfprobeJson<{ streams: { codec_type: string; start_time: string }[] }>([
    ...['-show_entries', 'stream=codec_type,start_time', playlist],
  ]);
  return Object.fromEntries(out.streams.map((st) => [st.codec_type, Number(st.start_time)]));
}

async function decodesCleanly(playlist: string): Promise<string> {
  const { stderr } = await runFfmpeg(['-v', 'error', '-i', playlist, '-map', '0', '-f', 'null', '-']);
  return stderr.trim();
}

/**
 * PSNR of preview frame `n` (360p rung) against master frames n-1, n, n+1 prepared the same way, in
 * one ffmpeg run reading only the first seconds.
 */
async function psnrAround(previewPlaylist: string, master: string, n: number, fps: number, deint: string) {
  const prep = `${deint ? `${deint},` : ''}format=yuv420p,scale='trunc(360*dar/2)*2':360,setsar=1`;
  const offsets = [-1, 0, 1];
  const pick = (frame: number) => `select='eq(n\\,${frame})',setpts=PTS-STARTPTS`;
  const graph = [
    `[0:v]${pick(n)},split=3${offsets.map((_, i) => `[p${i}]`).join('')}`,
    `[1:v]${prep},split=3${offsets.map((_, i) => `[m${i}]`).join('')}`,
    ...offsets.map((o, i) => `[m${i}]${pick(n + o)}[s${i}];[p${i}][s${i}]psnr`),
  ].join(';');
  const seconds = ((n + 3) / fps).toFixed(3);
  const { stderr } = await runFfmpeg([
    ...['-v', 'info', '-t', seconds, '-i', previewPlaylist, '-t', seconds, '-i', master],
    ...['-filter_complex', graph, '-f', 'null', '-'],
  ]);
  const values = [...stderr.matchAll(/Parsed_psnr_(\d+).*average:(inf|[\d.]+)/g)]
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => (m[2] === 'inf' ? 99 : Number(m[2])));
  if (values.length !== 3) throw new Error(`no PSNR in ${stderr.slice(-800)}`);
  const [before, same, after] = values as [number, number, number];
  return { before, same, after };
}

async function build(master: string, name: string) {
  const info = await probeMedia(master);
  const outDir = join(work, name);
  const events: string[] = [];
  const progress: number[] = [];
  let previewableWhileEncoding = false;
  const manifest = await buildPreview({
    masterPath: master,
    source: info,
    storage,
    key: name,
    onPreviewable: ({ dir, masterPlaylist }) => {
      events.push('previewable');
      previewableWhileEncoding = existsSync(join(dir, masterPlaylist)) && !existsSync(outDir);
    },
    onSegment: ({ rung, segments }) => events.push(`${rung}:${segments}`),
    onProgress: (fraction) => progress.push(fraction),
  });
  return { info, outDir, manifest, events, progress, previewableWhileEncoding };
}

describe('buildPreview', () => {
  it('XDCAM 1080i50: deinterlaced 25 frames/s rungs, frame n = master frame n, early previewable', async () => {
    const master = await xdcamMxfMaster();
    const { info, outDir, manifest, events, progress, previewableWhileEncoding } = await build(
      master,
      'xdcam',
    );
    expect(previewableWhileEncoding).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[0]).toBeLessThan(0.5);
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(events.indexOf('previewable')).toBeLessThan(events.indexOf('720p:3'));
    expect(manifest.rungs.map((r) => [r.name, r.segments])).toEqual([
      ['720p', 3],
      ['360p', 3],
    ]);
    expect(existsSync(partialPreviewDir(outDir))).toBe(false);
    expect(await decodesCleanly(join(outDir, 'master.m3u8'))).toBe('');
    expect(await startTimes(join(outDir, '720p/index.m3u8'))).toEqual({ video: 0, audio: 0 });
    for (const rung of manifest.rungs) {
      expect(await frameCount(join(outDir, rung.playlist))).toEqual({
        frames: info.durationFrames,
        rate: '25/1',
      });
    }
    const playlist = join(outDir, '360p/index.m3u8');
    const deint = 'bwdif=mode=send_frame:parity=tff:deint=all';
    const { before, same, after } = await psnrAround(playlist, master, 37, 25, deint);
    expect(same).toBeGreaterThan(30);
    expect(same).toBeGreaterThan(Math.max(before, after) + 3);

    expect(readdirSync(join(outDir, 'thumbs')).sort()).toEqual(['sprite_000.jpg', 'thumbs.vtt']);
    expect(readFileSync(join(outDir, 'thumbs/thumbs.vtt'), 'utf8')).toContain(
      'sprite_000.jpg#xywh=320,0,160,90',
    );
    expect(readFileSync(join(outDir, 'poster.jpg')).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const masterPlaylist = readFileSync(join(outDir, 'master.m3u8'), 'utf8');
    expect(masterPlaylist).toContain('RESOLUTION=1280x720');
    expect(masterPlaylist).toContain('RESOLUTION=640x360');
    expect(masterPlaylist).not.toContain('avc1.7a'); // 4:2:0 High, not High 4:2:2
  });

  it('H.264 1080p50 with B-frames: 50 frames/s preview aligned on the master frames', async () => {
    const master = await h264Mp4Master();
    const { info, outDir, manifest } = await build(master, 'h264');
    expect(manifest.frameRate).toEqual({ num: 50, den: 1 });
    expect(await decodesCleanly(join(outDir, 'master.m3u8'))).toBe('');
    const playlist = join(outDir, '360p/index.m3u8');
    expect(await frameCount(playlist)).toEqual({ frames: info.durationFrames, rate: '50/1' });
    const { before, same, after } = await psnrAround(playlist, master, 120, 50, '');
    expect(same).toBeGreaterThan(30);
    expect(same).toBeGreaterThan(Math.max(before, after) + 3);
  });

  it('MPEG-TS master whose streams start late and apart: preview video and audio start at 0', async () => {
    const master = await h264OpenGopTsMaster();
    const { info, outDir } = await build(master, 'ts');
    expect(await decodesCleanly(join(outDir, 'master.m3u8'))).toBe('');
    expect(await startTimes(join(outDir, '360p/index.m3u8'))).toEqual({ video: 0, audio: 0 });
    expect(await frameCount(join(outDir, '360p/index.m3u8'))).toEqual({
      frames: info.durationFrames,
      rate: '25/1',
    });
  });

  it('ProRes 29.97: keeps 30000/1001', async () => {
    const master = await proresMovMaster();
    const { info, outDir } = await build(master, 'prores');
    expect(await decodesCleanly(join(outDir, 'master.m3u8'))).toBe('');
    expect(await frameCount(join(outDir, '720p/index.m3u8'))).toEqual({
      frames: info.durationFrames,
      rate: '30000/1001',
    });
  });

  it('is idempotent, clears a killed run, and an aborted run leaves nothing', async () => {
    const master = await xdcamMxfMaster();
    const info = await probeMedia(master);

    const done = await readPreviewManifest(join(work, 'xdcam'));
    const again = await buildPreview({ masterPath: master, source: info, storage, key: 'xdcam' });
    expect(again).toEqual(done);

    // What kill -9 leaves: a partial directory with half files. A new run starts clean.
    const outDir = join(work, 'killed');
    mkdirSync(join(partialPreviewDir(outDir), '720p'), { recursive: true });
    writeFileSync(join(partialPreviewDir(outDir), '720p', 'seg_00000.m4s.tmp'), 'half');
    const controller = new AbortController();
    await expect(
      buildPreview({
        masterPath: master,
        source: info,
        storage,
        key: 'killed',
        signal: controller.signal,
        onPreviewable: () => controller.abort(),
      }),
    ).rejects.toThrow(/aborted/);
    expect(existsSync(outDir)).toBe(false);
    expect(existsSync(partialPreviewDir(outDir))).toBe(false);

    const manifest = await buildPreview({ masterPath: master, source: info, storage, key: 'killed' });
    expect(manifest.rungs.every((r) => r.segments === 3)).toBe(true);
    expect(readdirSync(join(outDir, '720p')).some((n) => n.endsWith('.tmp'))).toBe(false);
  });
});
