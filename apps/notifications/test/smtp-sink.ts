import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server accepted it, decoded enough to assert on. */
export interface ReceivedMail {
  to: string;
  messageId: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  receivedAt: number;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_all, _charset: string, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Parses the single-part text messages the email channel sends. */
export function parseMail(raw: string, to: string): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { to, messageId: headers['message-id'] ?? '', subject: decodeWords(headers.subject ?? ''), text, headers, receivedAt: Date.now() };
}

/**
 * A real SMTP server on a free loopback port that keeps what it accepts. Per recipient it can answer
 * RCPT TO with a queue of error codes (451 = try later, 550 = refused), and it can answer slowly.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private readonly rejections = new Map<string, number[]>();
  private readonly alwaysReject = new Map<string, number>();
  rcptDelayMs = 0;
  private readonly server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const code = this.nextRejection(address.address);
        setTimeout(() => {
          if (!code) return callback();
          callback(Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }));
        }, this.rcptDelayMs);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(',');
          this.received.push(parseMail(Buffer.concat(chunks).toString('utf8'), to));
          callback();
        });
      },
    });
  }

  async start(): Promise<this> {
    // A client killed mid-session resets its connection: a dropped transaction, not a test failure.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** The next RCPT TO answers for this address, in order; after them it is accepted. */
  rejectNext(address: string, ...codes: number[]): void {
    this.rejections.set(address, [...(this.rejections.get(address) ?? []), ...codes]);
  }

  rejectAlways(address: string, code: number): void {
    this.alwaysReject.set(address, code);
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to === address);
  }

  private nextRejection(address: string): number | undefined {
    const queued = this.rejections.get(address);
    if (queued && queued.length > 0) return queued.shift();
    return this.alwaysReject.get(address);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(resolve));
  }
}
