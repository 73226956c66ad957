/**
 * Timing says nothing about whether an email is registered: medians of registration (new vs already
 * registered) and password-reset requests (known vs unknown), printed for the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, registerAndVerify, registration, testClock } from '../support/accounts.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { timeScale } from '../support/time-scale.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(call: () => Promise<Response>): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await call();
  await response.text();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('account timing', () => {
  let t: TestPortal;
  let smtp: TestSmtp;
  const clock = testClock();
  const known: string[] = [];
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestPortal('pglite', { env: { SMTP_URL: smtp.url }, demo: false, clock: clock.now });
    for (let i = 0; i < 7; i++) {
      known.push(`timing-${i}@example.org`);
      await registerAndVerify(t.baseUrl, smtp, known[i]!);
    }
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
  });

  it('answers registration of a new and of a registered email in the same time', async () => {
    clock.advance(3601);
    const c = client(t.baseUrl);
    const fresh: number[] = [];
    const duplicate: number[] = [];
    for (let i = 0; i < known.length; i++) {
      duplicate.push(await timed(() => c.api('POST', '/accounts', registration(known[i]!))));
      fresh.push(await timed(() => c.api('POST', '/accounts', registration(`fresh-${i}@example.org`))));
    }
    const ratio = median(duplicate) / median(fresh);
    console.log(
      `registration median: new ${median(fresh).toFixed(1)} ms, registered ${median(duplicate).toFixed(1)} ms`,
    );
    // Loose bounds for a loaded machine; storing the account in the request would show far more.
    expect(ratio).toBeGreaterThan(0.5 / timeScale());
    expect(ratio).toBeLessThan(2 * timeScale());
  });

  it('answers a reset request for a known and an unknown email in the same time', async () => {
    clock.advance(3601);
    const c = client(t.baseUrl);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < known.length; i++) {
      a.push(await timed(() => c.api('POST', '/password-reset', { email: known[i]! })));
      b.push(await timed(() => c.api('POST', '/password-reset', { email: `ghost-${i}@example.org` })));
    }
    console.log(`reset request median: known ${median(a).toFixed(1)} ms, unknown ${median(b).toFixed(1)} ms`);
    expect(Math.abs(median(a) - median(b))).toBeLessThan(25 * timeScale());
  });
});
