/**
 * The newsletter benchmark's reference, in a process of its own as the portal is: the portal's mail
 * adapter (src/platform/mail) sending N messages of about SIZE bytes one after another to SMTP_URL,
 * the way the delivery job sends them (with a hand-over point, here recording nothing). Prints the
 * seconds it took and the CPU seconds it used.
 *
 *   npx tsx bench/newsletter-reference.ts SMTP_URL N SIZE
 */
import { createSmtpTransport } from '../src/platform/mail/smtp.ts';

const [url = '', count = '0', size = '0'] = process.argv.slice(2);
const n = Number(count);
const bytes = Number(size);
const transport = createSmtpTransport({ url, from: 'Bench <bench@example.org>' });
const html = `<p>${'x'.repeat(Math.round(bytes * 0.6))}</p>`;
const text = 'y'.repeat(Math.round(bytes * 0.2));
const started = performance.now();
const cpu = process.cpuUsage();
const handOver = { atHandOver: () => {} };
for (let i = 0; i < n; i += 1)
  await transport.send(
    { to: `reader${i}@example.org`, subject: 'Reference', text, html, language: 'en' },
    handOver,
  );
const used = process.cpuUsage(cpu);
console.log(((performance.now() - started) / 1000).toFixed(3), ((used.user + used.system) / 1e6).toFixed(3));
await transport.close();
