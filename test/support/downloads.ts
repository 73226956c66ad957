/** Helpers for the downloads tests: a story to hang masters on, ingest and wait, signed-in users. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { expect } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import type { Portal } from '../../src/portal.ts';
import { GOOD_PASSWORD } from './accounts.ts';
import { StopWaiting, waitFor } from './time-scale.ts';

export async function createStory(portal: Portal, slug: string, publishedAt: string): Promise<void> {
  const db = portal.database.db;
  const story = await db
    .insertInto('stories')
    .values({ slug, published_at: new Date(publishedAt) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('story_translations')
    .values([
      {
        story_id: story.id,
        language: 'fr',
        title: `Actualité ${slug}`,
        standfirst: 'Chapô.',
        body: 'Texte.',
      },
      {
        story_id: story.id,
        language: 'en',
        title: `Story ${slug}`,
        standfirst: 'Standfirst.',
        body: 'Text.',
      },
    ])
    .execute();
}

export async function ingestAndWait(
  portal: Portal,
  input: { path: string; title?: string; story?: string },
  timeoutMs = 300_000,
): Promise<string> {
  const { id } = await portal.ingest(input);
  return waitFor(
    async () => {
      const row = await portal.database.db
        .selectFrom('videos')
        .select(['status', 'error'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (row.status === 'failed') throw new StopWaiting(`ingest of ${input.path} failed: ${row.error}`);
      return row.status === 'ready' ? id : null;
    },
    timeoutMs,
    `the ingest of ${input.path}`,
    250,
  );
}

/** Creates a user through the operator channel and signs in through the API: the session cookie. */
export async function signedInCookie(
  baseUrl: string,
  dataDir: string,
  email: string,
  options: { role?: string } = {},
): Promise<string> {
  await callOperator(dataDir, 'users/create', {
    email,
    password: GOOD_PASSWORD,
    role: options.role ?? 'journalist',
    verified: true,
  });
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: GOOD_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
  return cookies.join('; ');
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
