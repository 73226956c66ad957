#!/usr/bin/env node
// Makes sure the system packages the portal needs are present: ffmpeg/ffprobe >= 5 (npm start, npm test),
// FFmpeg's development files and gcc (scripts/build-native.mjs), and Chromium at /usr/bin/chromium,
// PostgreSQL, nginx, mediainfo and ExifTool (npm test). As root on Debian/Ubuntu it installs Debian's packages;
// otherwise it stops with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const wanted = process.argv.slice(2);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function osRelease() {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}
const isDebian = /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease()) && existsSync('/usr/bin/apt-get');

function majorVersion(binary) {
  const result = spawnSync(binary, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = /version\s+n?(\d+)\./.exec(result.stdout);
  // Builds from git print e.g. "version N-12345-g…": treat as new enough.
  return match ? Number(match[1]) : /version\s+N-/.test(result.stdout) ? 99 : 0;
}

const checks = {
  ffmpeg: {
    packages: ['ffmpeg'],
    ok: () => (majorVersion('ffmpeg') ?? 0) >= 5 && (majorVersion('ffprobe') ?? 0) >= 5,
    what: 'ffmpeg and ffprobe 5 or newer',
  },
  chromium: {
    packages: ['chromium'],
    ok: () => existsSync('/usr/bin/chromium'),
    what: 'Chromium at /usr/bin/chromium (for the end-to-end tests)',
  },
  'ffmpeg-dev': {
    packages: ['libavcodec-dev', 'libavformat-dev', 'libavutil-dev', 'pkg-config', 'gcc', 'libc6-dev'],
    ok: () =>
      spawnSync('pkg-config', ['--exists', 'libavcodec', 'libavformat', 'libavutil']).status === 0 &&
      spawnSync('gcc', ['--version']).status === 0,
    what: "FFmpeg's development files and a C compiler (to build the resident clip encoder)",
  },
  mediainfo: {
    packages: ['mediainfo'],
    ok: () => spawnSync('mediainfo', ['--Version']).status === 0,
    what: 'mediainfo (the clip conformance tests read what a clip declares with it)',
  },
  nginx: {
    packages: ['nginx'],
    ok: () => existsSync('/usr/sbin/nginx'),
    what: 'nginx (the tests of downloads offloaded with X-Accel-Redirect)',
  },
  exiftool: {
    packages: ['libimage-exiftool-perl'],
    ok: () => spawnSync('exiftool', ['-ver']).status === 0,
    what: 'ExifTool (the photo tests write IPTC captions and credits with it)',
  },
  postgresql: {
    packages: ['postgresql'],
    ok: () =>
      existsSync('/usr/lib/postgresql') &&
      spawnSync('sh', ['-c', 'ls /usr/lib/postgresql/*/bin/initdb']).status === 0,
    what: 'a PostgreSQL server (initdb, pg_ctl) for the server-mode tests',
  },
};

const missing = wanted.filter((name) => {
  const check = checks[name];
  if (!check) {
    console.error(`ensure-system: unknown requirement "${name}"`);
    process.exit(2);
  }
  return !check.ok();
});
if (missing.length === 0) process.exit(0);

const packages = missing.flatMap((name) => checks[name].packages);
const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
if (!isDebian || !isRoot) {
  console.error(`Broadcast Portal needs ${missing.map((n) => checks[n].what).join(', and ')}.`);
  console.error(
    isDebian
      ? `Install it with:\n  sudo sh -c '${command}'`
      : `Install it with your system's package manager (on Debian/Ubuntu: ${command}).`,
  );
  process.exit(1);
}
console.log(`Installing ${packages.join(', ')} from Debian's packages (first run only)…`);
try {
  execFileSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} catch {
  console.error(`Installing failed. Run it yourself:\n  ${command}`);
  process.exit(1);
}
const still = missing.filter((name) => !checks[name].ok());
if (still.length > 0) {
  console.error(`Still missing after install: ${still.map((n) => checks[n].what).join(', ')}.`);
  process.exit(1);
}
