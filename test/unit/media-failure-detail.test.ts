/** What of an ingest failure's detail the back office may show (pure). */
import { describe, expect, it } from 'vitest';
import { redactDetail } from '../../src/media/failure-detail.ts';

describe('redactDetail', () => {
  it('replaces server paths, file: URLs, upload ids and UUIDs, keeps the message', () => {
    expect(
      redactDetail(
        '/srv/portal/data/uploads/3f2a9c0d1e2b4a5f6e7d8c9b0a1f2e3d: Invalid data found when processing input',
      ),
    ).toBe('[file]: Invalid data found when processing input');
    expect(redactDetail("moov atom not found in 'file:/srv/media/masters/ab/x/master.mp4'")).toBe(
      "moov atom not found in '[file]'",
    );
    expect(redactDetail('video 0b7c6a52-3d1e-4f7a-9c2b-5e8d7f6a1b20 failed')).toBe('video [id] failed');
    expect(redactDetail('preview: ffmpeg was killed')).toBe('preview: ffmpeg was killed');
    expect(redactDetail('')).toBeNull();
    expect(redactDetail(null)).toBeNull();
    expect(redactDetail('x'.repeat(900))?.length).toBe(501);
  });
});
