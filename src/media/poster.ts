/** A poster JPEG from a master: one frame, scaled for the web, written atomically. */
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runFfmpeg } from '../platform/ffmpeg/run.ts';

export async function renderPoster(
  masterPath: string,
  outPath: string,
  atSeconds: number,
  signal?: AbortSignal,
): Promise<void> {
  await mkdir(dirname(outPath), { recursive: true });
  const temp = `${outPath}.${process.pid}.tmp.jpg`;
  try {
    await runFfmpeg(
      [
        '-y',
        '-ss',
        String(atSeconds),
        '-i',
        masterPath,
        '-frames:v',
        '1',
        '-vf',
        'yadif=deint=interlaced,scale=1280:-2',
        '-q:v',
        '3',
        temp,
      ],
      { signal, timeoutMs: 60_000 },
    );
    await rename(temp, outPath);
  } finally {
    await rm(temp, { force: true });
  }
}
