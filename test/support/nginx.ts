/** nginx as a child process with a generated configuration (for the offload tests). */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './time-scale.ts';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;

/** A free loopback port (the OS picks one, then it is released for the caller). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface NginxOptions {
  /** Forward Host and X-Forwarded-For like the operations guide says (`$proxy_add_x_forwarded_for`). */
  forwardClient?: boolean;
  /** Source address nginx connects to the portal from (`proxy_bind`), e.g. 127.0.0.9. */
  bind?: string;
}

/** nginx in front of the portal: /api/ proxied, /_media/ internal and mapped to the media directory. */
export async function startNginxFront(portalPort: number, mediaDir: string, options: NginxOptions = {}) {
  const proxyExtra = [
    ...(options.forwardClient
      ? [
          'proxy_set_header Host $http_host;',
          'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
          'proxy_set_header X-Forwarded-Proto $scheme;',
        ]
      : []),
    ...(options.bind ? [`proxy_bind ${options.bind};`] : []),
  ].join(' ');
  const dir = await mkdtemp(join(tmpdir(), 'nginx-'));
  const port = await freePort();
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  await writeFile(
    join(dir, 'nginx.conf'),
    `${user}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://127.0.0.1:${portalPort}; ${proxyExtra} }
    location /_media/ { internal; alias ${mediaDir}/; }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX!, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    10_000,
    'nginx to answer',
    100,
  ).catch(() => {}); // the tests' own requests then show what nginx answers
  return {
    url,
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((r) => child.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
