/**
 * `portal.stop()` leaves no child process: a portal makes a clip (its worker's resident encoder runs
 * the re-encoded edges), then stops; no process started by this one remains. The resident encoder is
 * the clips feature's (created by src/clips/module.ts, closed by its stop()), not the module's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeClip } from '../support/clips.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { residentEncoderAbsence } from '../support/resident-encoder.ts';

/** The live child processes of this process (every thread's), by pid, with their command names. */
function children(): { pid: number; name: string }[] {
  const pids = readdirSync('/proc/self/task').flatMap((task) =>
    readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return pids.flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // A zombie (state Z) has ended; only its exit status waits to be read.
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return [];
      return [{ pid, name: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() }];
    } catch {
      return []; // gone meanwhile
    }
  });
}

// An ingest and a clip on a machine that may be busy: a generous deadline, not a quiet machine.
vi.setConfig({ testTimeout: 900_000 });

const absent = residentEncoderAbsence();

describe('portal.stop()', () => {
  let t: TestPortal | null = null;
  afterAll(async () => {
    await t?.stop();
  });

  it('ends the resident encoder it started for a clip, and leaves no child process', async () => {
    // What this test starts, not what ran before it in the same worker (test files share workers).
    const before = new Set(children().map((child) => child.pid));
    const started = () => children().filter((child) => !before.has(child.pid));
    t = await startTestPortal('pglite', { demo: false });
    await createStory(t.portal, 'stop', '2026-01-05T10:00:00Z');
    const video = await ingestAndWait(t.portal, {
      path: await smallH264Mp4Master({ seconds: 12 }),
      title: 'H264',
      story: 'stop',
    });
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, 'stopper@example.org');
    await makeClip(t.baseUrl, cookie, video, { inFrame: 37, outFrame: 263, profile: 'broadcast' });
    const running = started().map((child) => child.name);
    if (absent) console.warn(`the resident encoder is not among the children: ${absent}`);
    // The worker's resident encoder (comm is cut at 15 characters) ran the clip's edges.
    else expect(running).toContain('resident-encode');
    const stopping = t;
    t = null;
    await stopping.stop();
    expect(started()).toEqual([]);
  });
});
