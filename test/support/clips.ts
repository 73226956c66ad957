/** Helpers for tests that download clips: request a clip through the API and wait until it is made. */
import { expect } from 'vitest';

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
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const clip = await (await fetch(`${baseUrl}/api/v1/clips/${id}`, { headers: { cookie } })).json();
    if (clip.status === 'ready') return clip as ReadyClip;
    if (clip.status === 'failed') throw new Error(`clip ${id} failed: ${clip.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`clip ${id} not ready in time`);
}
