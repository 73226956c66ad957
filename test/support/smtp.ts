/**
 * A real SMTP server (smtp-server) on a random loopback port for integration and e2e tests. Every
 * message it receives is parsed (mailparser) and kept, so a test can read the code from the email:
 *
 *   const smtp = await startTestSmtp();
 *   // … configure the portal with SMTP_URL = smtp.url, register jean@example.org …
 *   const mail = await smtp.waitForMessage('jean@example.org');
 *   const code = extractCode(mail);
 *   await smtp.close();
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { scaled } from './time-scale.ts';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lowercased. */
  readonly envelopeTo: readonly string[];
  readonly envelopeFrom: string;
  /** Header recipients, lowercased addresses. */
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  /** The HTML part, or '' when there is none. */
  readonly html: string;
  /** Content-Language header, when present. */
  readonly language: string | undefined;
  readonly headers: ReadonlyMap<string, unknown>;
  readonly raw: string;
  /** True when the message came over TLS (smtps, or after STARTTLS). */
  readonly secure: boolean;
  /** The credentials the client authenticated with, when the server requires auth. */
  readonly auth: { readonly user: string; readonly pass: string } | undefined;
}

export interface TestSmtp {
  /** smtp://[user:pass@]127.0.0.1:port, for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Every message received so far, in arrival order. */
  readonly messages: readonly ReceivedMail[];
  /** Connection errors the server reported (e.g. a client aborting the TLS handshake). */
  readonly errors: readonly Error[];
  /**
   * The next message to `to` (envelope or header, case-insensitive) that satisfies `predicate` and
   * that no earlier waitForMessage call returned: already received, or the next to arrive. Rejects
   * after `timeoutMs` (default 10 s, scaled by test/support/time-scale.ts) naming what did arrive.
   */
  waitForMessage(
    to: string,
    predicate?: (mail: ReceivedMail) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedMail>;
  /** Forget every message received so far. */
  clear(): void;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Require AUTH with these credentials. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /**
   * Offer TLS with this key and certificate (PEM): STARTTLS on smtp://, or implicit TLS from the first
   * byte when `secure` is true (smtps://). Without it the server is plain TCP.
   */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  readonly secure?: boolean;
  /**
   * Refuse some messages after reading them, with this SMTP reply (e.g. 550 for a mailbox that does
   * not exist, 451 for a transient refusal): the sender gets the error, the message is not kept.
   */
  readonly refuse?: (mail: ReceivedMail) => { code: number; message: string } | null;
  /**
   * Drop the connection after reading some messages in full, before any reply: the sender cannot
   * know whether the message was taken. The message is kept (as a relay that took it would).
   */
  readonly hangUpAfter?: (mail: ReceivedMail) => boolean;
  /**
   * Read nothing of a message's data until the promise settles: a slow relay, whose sender's socket
   * fills up and keeps the rest of the message in the sender's memory.
   */
  readonly holdData?: () => Promise<void> | null;
}

/** The first 6-digit code in a message's text part. */
export function extractCode(mail: ReceivedMail): string {
  const match = /\b(\d{6})\b/.exec(mail.text);
  if (!match) throw new Error(`no 6-digit code in the message "${mail.subject}" to ${mail.to.join(', ')}`);
  return match[1]!;
}

function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a: { value?: { address?: string }[] }) =>
    (a.value ?? []).map((v) => (v.address ?? '').toLowerCase()).filter(Boolean),
  );
}

export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const returned = new Set<ReceivedMail>();
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    // Without a certificate, no STARTTLS: nodemailer would otherwise upgrade to smtp-server's own
    // self-signed certificate and refuse it.
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
    secure: options.secure ?? false,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected && auth.username === expected.user && auth.password === expected.pass) {
        callback(null, { user: { user: auth.username, pass: auth.password ?? '' } });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      const held = options.holdData?.();
      if (held) stream.pause();
      stream.on('data', (c: Buffer) => chunks.push(c));
      if (held) void held.finally(() => stream.resume());
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const user = session.user as unknown as { user: string; pass: string } | undefined;
            const mail: ReceivedMail = {
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: addresses(parsed.to),
              from: addresses(parsed.from)[0] ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              language: parsed.headers.get('content-language') as string | undefined,
              headers: parsed.headers,
              raw: raw.toString('utf8'),
              secure: session.secure,
              auth: user,
            };
            const refusal = options.refuse?.(mail);
            if (refusal) {
              callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
              return;
            }
            messages.push(mail);
            for (const wake of [...waiters]) wake();
            if (options.hangUpAfter?.(mail)) {
              for (const socket of sockets) if (socket.remotePort === session.remotePort) socket.destroy();
              return;
            }
            callback();
          })
          .catch(callback);
      });
    },
  });

  // biome-ignore lint/suspicious/noExplicitAny: smtp-server's types do not expose the net.Server
  const tcp = (server as any).server as Server;
  const sockets = new Set<Socket>();
  tcp.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Connection-level errors (a client that drops a TLS handshake it does not trust…) are kept for the
  // test to look at, not thrown as unhandled.
  const errors: Error[] = [];
  server.on('error', (error) => errors.push(error));
  const port = (tcp.address() as AddressInfo).port;
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';

  function find(to: string, predicate: (m: ReceivedMail) => boolean): ReceivedMail | undefined {
    const address = to.toLowerCase();
    return messages.find(
      (m) => !returned.has(m) && (m.envelopeTo.includes(address) || m.to.includes(address)) && predicate(m),
    );
  }

  return {
    url: `${options.secure ? 'smtps' : 'smtp'}://${credentials}127.0.0.1:${port}`,
    port,
    messages,
    errors,
    waitForMessage(to, predicate = () => true, unscaledMs = 10_000) {
      const timeoutMs = scaled(unscaledMs);
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find(to, predicate);
          if (!found) return false;
          returned.add(found);
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = () => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const seen =
            messages.map((m) => `"${m.subject}" to ${m.envelopeTo.join(',')}`).join('; ') || 'none';
          reject(new Error(`no message to ${to} within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    clear() {
      messages.length = 0;
      returned.clear();
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
