/**
 * The hand-over journal: where a newsletter message is recorded as handed over, in the instant
 * before its end-of-data mark goes to the relay. One file a run of the send job
 * (`<dir>/<random>.log`), a line a message (`<ledger id> <attempt>`), appended by one `write` system
 * call from the mail port's synchronous `atHandOver`, which writes the mark right after it in the
 * same step: nothing else runs between the two. A process killed before the line has handed
 * nothing over; killed after it, the relay gets the whole message. The ledger's `sent` follows once
 * the relay has answered (delivery.ts); until then the journal is what tells a handed-over message
 * from a claim never handed over, so recovery applies every journal left behind before any
 * interrupted claim is queued again (`recover`, called by delivery.ts `recoverInterrupted`).
 *
 * The line is in the page cache when the mark is written: it survives the process, not a power cut
 * (a machine that loses power may send its last messages twice). The attempt number keeps a line
 * from an earlier attempt of the same row (refused for now, queued again) from settling a later one.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface HandedOver {
  id: string;
  attempt: number;
}

const LINE = /^([0-9a-f-]{36}) (\d{1,9})$/;

/** The records of a journal's text; a line cut short by a killed process is not one (nothing went). */
export function parseJournal(text: string): HandedOver[] {
  const out: HandedOver[] = [];
  for (const line of text.split('\n')) {
    const match = LINE.exec(line);
    if (match) out.push({ id: match[1] as string, attempt: Number(match[2]) });
  }
  return out;
}

export interface HandOverJournal {
  /** Appends the record, synchronously: call it from the mail port's `atHandOver`. */
  record(id: string, attempt: number): void;
  /**
   * Closes the file and removes it, once every message recorded here has its final state in the
   * ledger; with `keep`, leaves it to `recover` (a run that failed half-way).
   */
  close(options: { keep: boolean }): Promise<void>;
}

export interface HandOverJournals {
  /** A journal for one run of the send job. */
  open(): Promise<HandOverJournal>;
  /**
   * Hands `apply` the records of each journal of a run not open in this process (the ledger makes
   * their `sending` rows `sent`), then removes the file when `all` (the embedded database: no other
   * process sends) or when it was untouched for `staleMs` (a server's dead worker). Returns the sum
   * of what `apply` returned.
   */
  recover(
    apply: (records: readonly HandedOver[]) => Promise<number>,
    options: { all: boolean; staleMs: number; now: Date },
  ): Promise<number>;
}

export function createHandOverJournals(dir: string): HandOverJournals {
  const openHere = new Set<string>();
  return {
    async open() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, `${randomBytes(8).toString('hex')}.log`);
      const fd = openSync(path, 'ax', 0o600);
      openHere.add(path);
      return {
        record(id, attempt) {
          writeSync(fd, `${id} ${attempt}\n`);
        },
        async close({ keep }) {
          closeSync(fd);
          if (!keep) await rm(path, { force: true });
          openHere.delete(path);
        },
      };
    },
    async recover(apply, options) {
      const names = await readdir(dir).catch(() => [] as string[]);
      let settled = 0;
      for (const name of names.filter((n) => n.endsWith('.log'))) {
        const path = join(dir, name);
        if (openHere.has(path)) continue;
        const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
        settled += await apply(parseJournal(text));
        if (options.all || info.mtime.getTime() < options.now.getTime() - options.staleMs)
          await rm(path, { force: true });
      }
      return settled;
    },
  };
}
