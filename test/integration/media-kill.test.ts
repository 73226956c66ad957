/**
 * kill -9 in the middle of an ingest (while the preview encodes and the store copies), then a new
 * ingest of the same file: one complete asset, no half file, no orphan ffmpeg still encoding.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestMaster } from '../../src/media/ingest.ts';
import { processesWorkingIn } from '../../src/media/orphans.ts';
import { partialPreviewDir, readPreviewManifest } from '../../src/media/preview.ts';
import { runFfmpeg } from '../../src/platform/ffmpeg/run.ts';
import { createLocalStorage } from '../../src/platform/storage/index.ts';
import { xdcamMxfMaster } from '../support/masters.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'media-kill-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs an ingest in another Node process; resolves once its preview is playable, with the child. */
function ingestInChild(source: string, mediaDir: string, previewKey: string) {
  const script = join(work, 'ingest-child.mts');
  writeFileSync(
    script,
    `import { ingestMaster } from ${JSON.stringify(join(repo, 'src/media/ingest.ts'))};
import { createLocalStorage } from ${JSON.stringify(join(repo, 'src/platform/storage/index.ts'))};
await ingestMaster({ sourcePath: process.argv[2], storage: createLocalStorage(process.argv[3]), previewKey: process.argv[4],
  onPreviewable: () => console.log('previewable') });
console.log('done');
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script, source, mediaDir, previewKey], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<typeof child>((resolvePromise, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('previewable')) resolvePromise(child);
    });
    child.on('exit', (code) => reject(new Error(`child ended (${code}) before the preview was playable`)));
  });
}

describe('kill -9 mid-ingest', () => {
  it('a restart ends with one complete asset and no orphan encoder', async () => {
    // Long enough that the preview is still encoding when it becomes playable.
    const source = await xdcamMxfMaster({ seconds: 16 });
    const mediaDir = join(work, 'media');
    const previewDir = join(mediaDir, 'preview');

    const child = await ingestInChild(source, mediaDir, 'preview');
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(previewDir)).toBe(false);
    expect(existsSync(partialPreviewDir(previewDir))).toBe(true);
    // The killed process's ffmpeg is still encoding there, as after a real kill -9.
    expect((await processesWorkingIn(partialPreviewDir(previewDir))).length).toBeGreaterThan(0);

    const result = await ingestMaster({
      sourcePath: source,
      storage: createLocalStorage(mediaDir),
      previewKey: 'preview',
    });
    expect(await processesWorkingIn(partialPreviewDir(previewDir))).toEqual([]);
    expect(existsSync(partialPreviewDir(previewDir))).toBe(false);
    expect(await readPreviewManifest(previewDir)).toEqual(result.preview);
    expect(result.preview.rungs.map((r) => r.segments)).toEqual([8, 8]);
    const { stderr } = await runFfmpeg([
      '-v',
      'error',
      '-i',
      join(previewDir, 'master.m3u8'),
      '-f',
      'null',
      '-',
    ]);
    expect(stderr.trim()).toBe('');

    const masters = readdirSync(join(mediaDir, 'masters'));
    expect(masters.filter((n) => n !== '.incoming')).toHaveLength(1);
    expect(readdirSync(join(mediaDir, 'masters', '.incoming'))).toEqual([]);
    expect(readdirSync(result.stored.path.replace(/\/master\.mxf$/, '')).sort()).toEqual([
      'keyframes.json',
      'master.mxf',
    ]);
  });
});
