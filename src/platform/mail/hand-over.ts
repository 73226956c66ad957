/**
 * SMTP delivery with a hand-over point, for mail that must go out exactly once (the newsletter's
 * ledger). The relay takes responsibility for a message only when it receives the end-of-data mark
 * (RFC 5321, 4.1.1.4: a connection lost before it means no transaction). So the whole message is
 * written first, to the last byte out of this process (in the kernel's socket buffer, which the
 * kernel still delivers when the process is killed: the relay writes nothing during DATA, so the
 * connection closes with a FIN after its data, not a reset); then, in one synchronous step, the
 * caller's `atHandOver` (the newsletter's journal records the message) and the mark's write to the
 * socket. A process killed before the record leaves the relay an unfinished message it discards, and
 * the ledger a claim it may safely send again; killed after, it leaves a record and a message the
 * relay takes. What stays unknown is only a connection lost after the mark and before the relay's
 * reply (`unknownOutcome`).
 *
 * nodemailer's SMTPConnection does the protocol (STARTTLS, AUTH, dot-stuffing); this module keeps at
 * most `maxConnections` of them open and reuses each for one message at a time. A connection that
 * failed in any way is closed, never reused.
 */
import { Readable, type Writable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface HandOverEnvelope {
  from: string;
  to: string[];
}

export interface HandOverSender {
  send(envelope: HandOverEnvelope, raw: Buffer, atHandOver: () => void): Promise<void>;
  close(): void;
}

/** Thrown when the relay may or may not have taken the message (lost after the end-of-data mark). */
export class UnknownMailOutcomeError extends Error {
  readonly unknownOutcome = true;
  constructor(cause: unknown) {
    super(`the relay's answer to a handed-over message was lost: ${(cause as Error)?.message ?? cause}`);
    this.cause = cause;
  }
}

/** What this module reads of nodemailer's SMTPConnection beyond its typed API (nodemailer 8–10). */
interface ConnectionInternals {
  _socket?: Writable;
  _currentDataStream?: Readable & Writable;
}

/**
 * Resolves, with nodemailer's data stream, once every byte of `body` has gone through that stream
 * into the socket and the socket has written it all to the kernel: nothing of the message is left in
 * this process. Polled (a slow relay can hold it back for seconds), rejected if the connection closes.
 */
async function untilWritten(conn: SMTPConnection, body: Readable): Promise<Writable> {
  const internals = conn as unknown as ConnectionInternals;
  for (;;) {
    const socket = internals._socket;
    const data = internals._currentDataStream;
    if (!socket || !data) throw new Error("nodemailer's SMTP connection has no socket or data stream");
    if (socket.destroyed) throw new Error('the connection closed before the message was written');
    if (
      body.readableLength === 0 &&
      data.writableLength === 0 &&
      data.readableLength === 0 &&
      socket.writableLength === 0
    )
      return data;
    // Bytes the kernel has not taken yet wait for the relay to read: look again in 2 ms. Otherwise the
    // message is still moving through the streams (a few ticks): look again in the next turn.
    await new Promise((resolve) =>
      socket.writableLength > 0 ? setTimeout(resolve, 2) : setImmediate(resolve),
    );
  }
}

function hasReply(error: unknown): boolean {
  return typeof (error as { responseCode?: unknown } | null)?.responseCode === 'number';
}

export function createHandOverSender(options: {
  connection: SMTPConnection.Options;
  auth?: { user: string; pass: string };
  maxConnections: number;
}): HandOverSender {
  const idle: SMTPConnection[] = [];
  const broken = new WeakSet<SMTPConnection>();
  const waiting: (() => void)[] = [];
  let open = 0;
  let closed = false;

  const connect = () =>
    new Promise<SMTPConnection>((resolve, reject) => {
      const conn = new SMTPConnection(options.connection);
      // Errors outside a send (an idle connection timing out) only retire the connection.
      conn.on('error', () => broken.add(conn));
      conn.on('end', () => broken.add(conn));
      conn.connect((error) => {
        if (error) return reject(error);
        if (!options.auth) return resolve(conn);
        conn.login(options.auth, (loginError) => (loginError ? reject(loginError) : resolve(conn)));
      });
    });

  const acquire = async (): Promise<SMTPConnection> => {
    for (;;) {
      if (closed) throw new Error('the mail transport is closed');
      const conn = idle.pop();
      if (conn && !broken.has(conn) && !conn.destroyed) return conn;
      if (conn) {
        conn.close();
        open -= 1;
        continue;
      }
      if (open < options.maxConnections) {
        open += 1;
        try {
          return await connect();
        } catch (error) {
          open -= 1;
          waiting.shift()?.();
          throw error;
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };

  const release = (conn: SMTPConnection, reusable: boolean) => {
    if (reusable && !closed && !broken.has(conn)) idle.push(conn);
    else {
      conn.close();
      open -= 1;
    }
    waiting.shift()?.();
  };

  return {
    async send(envelope, raw, atHandOver) {
      const conn = await acquire();
      let handedOver = false;
      let reusable = false;
      try {
        await new Promise<void>((resolve, reject) => {
          let started = false;
          // Read only once the relay has accepted the envelope and opened DATA (SMTPConnection pipes
          // it then): the message; once it is all out of the process, the hook and the mark.
          const body = new Readable({
            read() {
              if (started) return;
              started = true;
              this.push(raw);
              untilWritten(conn, this)
                .then((data) => {
                  atHandOver();
                  handedOver = true;
                  // Ending the data stream runs its flush, which pushes the mark into the socket
                  // (Node 20: Transform end, flush and pipe are synchronous): no turn of the event
                  // loop, no other code, between the record and the mark.
                  this.unpipe(data);
                  data.end();
                })
                .catch((error: unknown) => this.destroy(error as Error));
            },
          });
          conn.send(envelope, body, (error) => (error ? reject(error) : resolve()));
        });
        reusable = true;
      } catch (error) {
        if (handedOver && !hasReply(error)) throw new UnknownMailOutcomeError(error);
        throw error;
      } finally {
        release(conn, reusable);
      }
    },
    close() {
      closed = true;
      for (const conn of idle.splice(0)) conn.close();
      for (const wake of waiting.splice(0)) wake();
    },
  };
}
