/** Helpers for tests that download clips: request a clip through the API and wait until it is made. */
import { expect } from 'vitest';
import { StopWaiting, waitFor } from './time-scale.ts';

export interface ReadyClip {
  id: string;
  status: 'ready';
  fileUrl: string;
  size: number;
  inFrame: number;
  outFrame: number;
  startTimecode: string;
}

/** POSTs a clip request (frames or timecodes, and a profile) and polls the clip until it is ready. */
export async function makeClip(
  baseUrl: string,
  cookie: string,
  videoId: string,
  body: { inFrame?: number; outFrame?: number; in?: string; out?: string; profile: 'broadcast' | 'web' },
  timeoutMs = 300_000,
): Promise<ReadyClip> {
  const response = await fetch(`${baseUrl}/api/v1/videos/${videoId}/clips`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect([200, 202]).toContain(response.status);
  const { id } = await response.json();
  return waitFor(
    async () => {
      const clip = await (await fetch(`${baseUrl}/api/v1/clips/${id}`, { headers: { cookie } })).json();
      if (clip.status === 'failed') throw new StopWaiting(`clip ${id} failed: ${clip.error}`);
      return clip.status === 'ready' ? (clip as ReadyClip) : null;
    },
    timeoutMs,
    `clip ${id}`,
  );
}
