/**
 * The video page's pure parts (issue 15): the clip editor's selection (first and last frame included,
 * half-open for the API), the thumbnails track of the scrubber, and why a clip request was refused,
 * in words for the user (no engine English, in both languages).
 */
import { describe, expect, it } from 'vitest';
import '../../src/clips/messages.ts';
import { rangeReason, reasonMessage, timecodeReason } from '../../src/clips/request-reason.ts';
import { thumbnailsVtt } from '../../src/media/preview-plan.ts';
import { halfOpen, parseFrame, problemOf } from '../../src/web/client/shared/selection.ts';
import { cueAt, parseThumbnails } from '../../src/web/client/shared/thumbnails.ts';
import { translate } from '../../src/web/i18n/index.ts';

const FORMAT = { rate: { num: 25, den: 1 }, dropFrame: false };

describe('the clip editor selection', () => {
  it('marks first and last frame included and hands the API a half-open range', () => {
    expect(halfOpen({ first: 26, last: 50 })).toEqual({ inFrame: 26, outFrame: 51 });
    expect(parseFrame('10:00:01:01', '10:00:00:00', FORMAT)).toBe(26);
    expect(parseFrame('10:00:99:00', '10:00:00:00', FORMAT)).toBeNull();
    // One frame is a selection: the frame on screen marked both in and out.
    expect(problemOf(2, 2, 150)).toBeNull();
    expect(problemOf(null, 2, 150)).toBe('timecode-in');
    expect(problemOf(2, null, 150)).toBe('timecode-out');
    expect(problemOf(3, 2, 150)).toBe('order');
    expect(problemOf(0, 149, 150)).toBeNull();
    expect(problemOf(0, 150, 150)).toBe('bounds');
  });
});

describe('the scrubber thumbnails', () => {
  it('reads the sprite cells the ingest writes and finds the one for a time', () => {
    const cues = parseThumbnails(
      thumbnailsVtt(7, { everySeconds: 2, width: 160, height: 90, columns: 2, rows: 2 }),
      'http://portal.test/media/previews/v/thumbs/thumbs.vtt',
    );
    expect(cues).toHaveLength(4);
    expect(cueAt(cues, 2.5)).toMatchObject({
      url: 'http://portal.test/media/previews/v/thumbs/sprite_000.jpg',
      x: 160,
      y: 0,
      width: 160,
      height: 90,
    });
    // The fifth cell would be on the next sheet; the last one ends at the duration.
    expect(cueAt(cues, 6.9)).toMatchObject({ x: 160, y: 90, end: 7 });
  });
});

describe('clip refusals in words for the user', () => {
  it('names a bad timecode and a range outside the video in French and English', () => {
    const syntax = reasonMessage(timecodeReason('TIMECODE_SYNTAX', 'abc', FORMAT));
    expect(translate('fr', syntax.key, syntax.params)).toBe('« abc » n’est pas un timecode (HH:MM:SS:II).');
    const field = reasonMessage(timecodeReason('TIMECODE_FIELD_RANGE', '10:00:00:50', FORMAT));
    expect(translate('fr', field.key, field.params)).toBe(
      '« 10:00:00:50 » n’existe pas à 25 images par seconde.',
    );
    expect(translate('en', field.key, field.params)).toBe(
      '“10:00:00:50” does not exist at 25 frames per second.',
    );
    const bounds = reasonMessage(rangeReason('CLIP_RANGE_OUT_OF_BOUNDS', 150, '10:00:00:00', FORMAT));
    expect(translate('fr', bounds.key, bounds.params)).toBe(
      'la sélection doit rester dans la vidéo, de 10:00:00:00 à 10:00:05:24.',
    );
    const empty = reasonMessage(rangeReason('CLIP_RANGE_EMPTY', 150, '10:00:00:00', FORMAT));
    expect(translate('en', empty.key, empty.params)).toBe('the out point must come after the in point.');
    // No engine English in French: nothing of "range", "frames", "outside the master".
    for (const reason of [syntax, field, bounds, empty]) {
      expect(translate('fr', reason.key, reason.params)).not.toMatch(/range|frames|master|outside/);
    }
  });
});
