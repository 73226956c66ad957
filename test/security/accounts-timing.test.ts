/**
 * Issue 12, item 13: nothing in the timing of a password-reset request, nor of the request that
 * follows it, tells whether the email is registered (the account's work is a job). 150 pairs of
 * samples (a registered and an unknown email, side by side, in alternating order, each side cycling
 * through two emails so that only the account's existence tells them apart), judged by a
 * signed-rank test on the pairs, which a busy machine's drifting load does not fool: work done right
 * after the answer for registered emails makes the pairs lean one way. A run past the limit is
 * measured again (a leak leans every run; chance, at p < 0.0005, does not twice). Medians are
 * printed. The mail still arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndVerify, testClock } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { scaled } from '../support/time-scale.ts';

const SAMPLES = 150;
/** |z| beyond which the pairs lean one way (two-sided p < 0.0005). */
const Z_LIMIT = 3.5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Wilcoxon signed-rank test over pairs (normal approximation): z > 0 when the first of each pair
 * tends to be slower, about 0 when neither is.
 */
function signedRankZ(a: number[], b: number[]): number {
  const diffs = a.map((x, i) => x - b[i]!).filter((d) => d !== 0);
  const order = diffs
    .map((d, i) => ({ abs: Math.abs(d), sign: Math.sign(d), i }))
    .sort((x, y) => x.abs - y.abs);
  let w = 0;
  for (let r = 0; r < order.length; ) {
    let end = r;
    while (end + 1 < order.length && order[end + 1]!.abs === order[r]!.abs) end++;
    const rank = (r + end) / 2 + 1; // ties share their mean rank
    for (let k = r; k <= end; k++) w += order[k]!.sign * rank;
    r = end + 1;
  }
  const n = order.length;
  return w / Math.sqrt((n * (n + 1) * (2 * n + 1)) / 6);
}

async function timed(call: () => Promise<Response>): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await call();
  await response.text();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe.each(databaseModes())('reset request timing on %s', (mode) => {
  let t: TestPortal;
  let smtp: TestSmtp;
  const clock = testClock();
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestPortal(mode, { env: { SMTP_URL: smtp.url }, demo: false, clock: clock.now });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
  });

  it('answers, and then answers the next request, in the same time for a known and an unknown email', async () => {
    const known = ['timing-a@example.org', 'timing-b@example.org'];
    // Unknown emails are reused the same way: each email's own history (its send counter's rows)
    // is then alike on both sides, and only whether an account exists differs.
    const unknown = ['ghost-a@example.org', 'ghost-b@example.org'];
    for (const email of known) await registerAndVerify(t.baseUrl, smtp, email);
    const reader = await registerAndVerify(t.baseUrl, smtp, 'timing-reader@example.org');
    const reset = (email: string) =>
      fetch(`${t.baseUrl}/api/v1/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    // The next request: a signed-in user's, which reads the database like the account work does.
    const next = () => reader.api('GET', '/account');

    const measure = async (run: number) => {
      const request = { known: [] as number[], unknown: [] as number[] };
      const after = { known: [] as number[], unknown: [] as number[] };
      for (let i = 0; i < SAMPLES; i++) {
        clock.advance(3601); // past the hourly send cap and the per-IP limit
        const pair: ['known' | 'unknown', string][] = [
          ['known', known[i % known.length]!],
          ['unknown', unknown[i % unknown.length]!],
        ];
        if (i % 2 === 1) pair.reverse();
        for (const [kind, email] of pair) {
          request[kind].push(await timed(() => reset(email)));
          after[kind].push(await timed(next));
        }
      }
      const line = (name: string, m: { known: number[]; unknown: number[] }) =>
        `${name}: known ${median(m.known).toFixed(2)} ms, unknown ${median(m.unknown).toFixed(2)} ms, ` +
        `signed-rank z ${signedRankZ(m.known, m.unknown).toFixed(2)}`;
      console.log(
        `reset timing (${mode}, ${SAMPLES} pairs, run ${run}) ${line('request', request)}; ${line('next', after)}`,
      );
      return [signedRankZ(request.known, request.unknown), signedRankZ(after.known, after.unknown)];
    };
    // A leak leans every run; a chance lean (one run in about 2,000 per measure, with no leak) does
    // not come twice: a run past the limit is measured again, and the second run decides.
    let leans = await measure(1);
    if (leans.some((z) => Math.abs(z) >= Z_LIMIT)) leans = await measure(2);
    expect(Math.abs(leans[0]!)).toBeLessThan(Z_LIMIT);
    expect(Math.abs(leans[1]!)).toBeLessThan(Z_LIMIT);

    // The mail still arrives, with a code that works.
    clock.advance(3601);
    await new Promise((r) => setTimeout(r, scaled(1000))); // earlier mails are all in
    smtp.clear();
    expect((await reset(known[0]!)).status).toBe(202);
    const code = extractCode(await smtp.waitForMessage(known[0]!));
    const confirmed = await reader.api('POST', '/password-reset/confirm', {
      email: known[0],
      code,
      password: 'Some-Fine-Pass-77',
    });
    expect(confirmed.status).toBe(200);
  });
});
