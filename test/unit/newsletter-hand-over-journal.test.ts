import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/newsletter/hand-over-journal.ts';

describe('parseJournal', () => {
  const id = '0b9c6a56-3c55-4c1e-9a0f-6f0f6a1b2c3d';
  it('reads one record a line, with its attempt', () => {
    expect(parseJournal(`${id} 1\n${id} 12\n`)).toEqual([
      { id, attempt: 1 },
      { id, attempt: 12 },
    ]);
  });
  it('ignores a line cut short by a killed process, and anything not a record', () => {
    expect(parseJournal(`${id} 2\n${id.slice(0, 20)}`)).toEqual([{ id, attempt: 2 }]);
    expect(parseJournal(`${id}\n${id} x\n\n${id} 3 extra\n`)).toEqual([]);
  });
});
