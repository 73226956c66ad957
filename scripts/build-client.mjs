#!/usr/bin/env node
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Bundles the browser code (src/web/client/*.ts) into src/web/static/client/ with esbuild.
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = join(root, 'src/web/client');
const entryPoints = readdirSync(clientDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  .map((name) => join(clientDir, name));

await build({
  entryPoints,
  outdir: join(root, 'src/web/static/client'),
  bundle: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
