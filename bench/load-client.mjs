/**
 * The load generator of bench/load.ts, in its own process: `downloads` loops of full downloads (each
 * checks status 200 and the whole body) and `pages` loops of page loads (status 200, latency), for
 * `seconds`; prints one JSON report. Config: one JSON argument (base, seconds, downloads, pages,
 * cookies, pagePaths, download, size).
 */
import { Agent, get } from 'node:http';

const config = JSON.parse(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: config.downloads + config.pages + 4 });
const deadline = Date.now() + config.seconds * 1000;
const report = { downloads: 0, downloadBytes: 0, pages: 0, errors: 0, errorSamples: [] };
const latencies = [];

/** GET `path`; resolves with the status and the body's length (bytes are counted, not kept). */
function fetchLength(path, headers) {
  return new Promise((resolve, reject) => {
    const req = get(`${config.base}${path}`, { headers, agent }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode, bytes }));
      response.on('error', reject);
    });
    req.on('error', reject);
  });
}

function fail(what) {
  report.errors += 1;
  if (report.errorSamples.length < 10) report.errorSamples.push(what);
}

async function downloadLoop(index) {
  const cookie = config.cookies[index % config.cookies.length];
  while (Date.now() < deadline) {
    try {
      const { status, bytes } = await fetchLength(config.download, { cookie });
      if (status !== 200) fail(`download ${status}`);
      else if (bytes !== config.size) fail(`download short: ${bytes} of ${config.size}`);
      else {
        report.downloads += 1;
        report.downloadBytes += bytes;
      }
    } catch (error) {
      fail(`download: ${error.message}`);
    }
  }
}

async function pageLoop(index) {
  const cookie = config.cookies[index % config.cookies.length];
  let i = index;
  while (Date.now() < deadline) {
    const path = config.pagePaths[i % config.pagePaths.length];
    i += 1;
    const started = performance.now();
    try {
      const { status } = await fetchLength(path, { cookie, accept: 'text/html,application/json' });
      latencies.push(performance.now() - started);
      if (status !== 200) fail(`${path} ${status}`);
      else report.pages += 1;
    } catch (error) {
      fail(`${path}: ${error.message}`);
    }
  }
}

const started = performance.now();
await Promise.all([
  ...Array.from({ length: config.downloads }, (_, i) => downloadLoop(i)),
  ...Array.from({ length: config.pages }, (_, i) => pageLoop(i)),
]);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
agent.destroy();
console.log(
  JSON.stringify({
    ...report,
    seconds,
    pageLatencyMs: { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? 0 },
  }),
);
