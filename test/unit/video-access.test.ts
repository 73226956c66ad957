/** The one video rule (pure): who sees, watches and downloads which video, and embargo dates. */
import { describe, expect, it } from 'vitest';
import { parseEmbargoUntil } from '../../src/catalog/embargo-date.ts';
import { canSeeVideo, type Viewer, viewerClass, viewerOf } from '../../src/downloads/video-access.ts';

const now = new Date('2026-11-20T08:00:00Z');
const later = new Date('2026-11-21T08:00:00Z');
const earlier = new Date('2026-11-19T08:00:00Z');
const anonymous: Viewer = { kind: 'anonymous' };
const journalist: Viewer = { kind: 'journalist', id: 'j', verified: true };
const unverified: Viewer = { kind: 'journalist', id: 'u', verified: false };
const editor: Viewer = { kind: 'staff', id: 'e' };
const open = { published: true, embargoUntil: null, embargoKind: 'available' as const };

describe('canSeeVideo', () => {
  it('shows a published video without embargo to all; downloads need a verified account', () => {
    expect(canSeeVideo(anonymous, open, now)).toEqual({
      see: true,
      watch: true,
      download: { status: 401, code: 'sign_in_required' },
    });
    expect(canSeeVideo(unverified, open, now).download).toEqual({ status: 403, code: 'email_unverified' });
    expect(canSeeVideo(journalist, open, now)).toEqual({ see: true, watch: true, download: null });
    // An embargo in the past is no embargo.
    expect(canSeeVideo(anonymous, { ...open, embargoUntil: earlier, embargoKind: 'hidden' }, now).watch).toBe(
      true,
    );
  });

  it('hides a video in no published story, and unknown ids, from all but editors', () => {
    const draft = { ...open, published: false };
    for (const viewer of [anonymous, journalist, unverified]) {
      expect(canSeeVideo(viewer, draft, now)).toEqual({
        see: false,
        watch: false,
        download: { status: 404, code: 'not_found' },
      });
      expect(canSeeVideo(viewer, null, now).see).toBe(false);
    }
    expect(canSeeVideo(editor, draft, now)).toEqual({ see: true, watch: true, download: null });
    expect(canSeeVideo(editor, undefined, now).see).toBe(false);
  });

  it('lists an available embargoed video; verified journalists preview and download it ahead (issue 14)', () => {
    const embargoed = { ...open, embargoUntil: later };
    expect(canSeeVideo(anonymous, embargoed, now)).toMatchObject({ see: true, watch: false });
    expect(canSeeVideo(unverified, embargoed, now)).toMatchObject({ see: true, watch: false });
    expect(canSeeVideo(journalist, embargoed, now)).toEqual({ see: true, watch: true, download: null });
    expect(canSeeVideo(unverified, embargoed, now).download).toMatchObject({ status: 403 });
    expect(canSeeVideo(anonymous, embargoed, now).download).toMatchObject({ status: 401 });
    expect(canSeeVideo(editor, embargoed, now)).toEqual({ see: true, watch: true, download: null });
    const hidden = { ...embargoed, embargoKind: 'hidden' as const };
    expect(canSeeVideo(journalist, hidden, now).see).toBe(false);
    expect(canSeeVideo(editor, hidden, now).watch).toBe(true);
  });

  it('reads the viewer from the request’s authentication', () => {
    const user = (role: string, verified: boolean) => ({
      pending: false,
      user: { id: 7, role, email_verified_at: verified ? now : null },
    });
    expect(viewerOf(null)).toEqual(anonymous);
    expect(viewerOf({ ...user('editor', true), pending: true })).toEqual(anonymous);
    expect(viewerOf(user('editor', true))).toEqual({ kind: 'staff', id: '7' });
    expect(viewerOf(user('admin', false))).toEqual({ kind: 'staff', id: '7' });
    expect(viewerOf(user('journalist', false))).toEqual({ kind: 'journalist', id: '7', verified: false });
    expect([anonymous, journalist, unverified, editor].map(viewerClass)).toEqual([
      'anonymous',
      'verified',
      'journalist',
      'staff',
    ]);
  });
});

describe('parseEmbargoUntil', () => {
  it('takes ISO 8601 date-times with an offset only', () => {
    expect(parseEmbargoUntil('2026-03-01T09:00:00+01:00')?.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(parseEmbargoUntil('2026-03-01T09:00Z')?.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(parseEmbargoUntil('2026-03-01T09:00:00.250-05:00')?.toISOString()).toBe(
      '2026-03-01T14:00:00.250Z',
    );
    for (const bad of [
      '2026-03-01T09:00:00',
      '2026-03-01',
      '2026-02-30T09:00:00Z',
      '2026-13-01T09:00:00Z',
      'soon',
      '',
    ])
      expect(parseEmbargoUntil(bad), bad).toBeUndefined();
  });
});
