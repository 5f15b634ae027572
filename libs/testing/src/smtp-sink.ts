import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server accepted it, decoded enough to assert on. */
export interface ReceivedMail {
  to: string;
  messageId: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  /** Every leaf part of a multipart message, decoded (a single-part message: none). */
  parts: MailPart[];
  /** The text/calendar alternative (an iCalendar invitation), decoded, if the message has one. */
  calendar?: string;
  receivedAt: number;
  /** When the server answered 250 to the message; unset while a held reply is pending (see `holdReply`). */
  repliedAt?: number;
}

/** One RCPT TO as the server saw it: when it came, when it was answered, and with which error code (none: accepted). */
export interface RcptAttempt {
  address: string;
  at: number;
  answeredAt?: number;
  code?: number;
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

/** One decoded leaf of a MIME message. */
export interface MailPart {
  contentType: string;
  headers: Record<string, string>;
  content: string;
}

function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { headers, body: split < 0 ? '' : raw.slice(split + 4) };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  return encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
}

/** The leaves of a (possibly nested) multipart entity, in order. */
function leaves(headers: Record<string, string>, body: string): MailPart[] {
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\//i.test(contentType) || !boundary) return [{ contentType, headers, content: decodeBody(headers, body) }];
  const sections = body.split(`--${boundary}`).slice(1);
  return sections
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => {
      const entity = splitEntity(section.replace(/^\r\n/, '').replace(/\r\n$/, ''));
      return leaves(entity.headers, entity.body);
    });
}

/** Parses the messages the email channel sends: plain text, or text with a calendar alternative and attachment. */
export function parseMail(raw: string, to: string): ReceivedMail {
  const { headers, body } = splitEntity(raw);
  const multipart = /^multipart\//i.test(headers['content-type'] ?? '');
  const parts = multipart ? leaves(headers, body) : [];
  const text = multipart ? (parts.find((p) => /^text\/plain/i.test(p.contentType))?.content ?? '') : decodeBody(headers, body);
  const calendar = parts.find((p) => /^text\/calendar/i.test(p.contentType))?.content;
  return {
    to,
    messageId: headers['message-id'] ?? '',
    subject: decodeWords(headers.subject ?? ''),
    text,
    headers,
    parts,
    ...(calendar ? { calendar } : {}),
    receivedAt: Date.now(),
  };
}

/**
 * A real SMTP server on a free loopback port that keeps what it accepts. Per recipient it can answer
 * RCPT TO with a queue of error codes (451 = try later, 550 = refused), and it can answer slowly: every
 * RCPT (`rcptDelayMs`), one recipient's RCPT (`slowRcpt`), or one recipient's reply to a complete
 * message (`holdReply`). Every RCPT TO is logged in `rcpts`.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  readonly rcpts: RcptAttempt[] = [];
  private readonly rejections = new Map<string, number[]>();
  private readonly alwaysReject = new Map<string, number>();
  private readonly rcptDelays = new Map<string, number>();
  private readonly replyHolds = new Map<string, number>();
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
        const attempt: RcptAttempt = { address: address.address, at: Date.now(), ...(code ? { code } : {}) };
        this.rcpts.push(attempt);
        setTimeout(
          () => {
            attempt.answeredAt = Date.now();
            if (!code) return callback();
            callback(Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }));
          },
          this.rcptDelays.get(address.address) ?? this.rcptDelayMs,
        );
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(',');
          const mail = parseMail(Buffer.concat(chunks).toString('utf8'), to);
          // Kept before the reply, as a real server commits a message and then answers: a client that dies
          // meanwhile never learns that it was accepted.
          this.received.push(mail);
          setTimeout(
            () => {
              mail.repliedAt = Date.now();
              callback();
            },
            this.replyHolds.get(to) ?? 0,
          );
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

  /** Answers this recipient's RCPT TO after `ms` (0: at once again). */
  slowRcpt(address: string, ms: number): void {
    if (ms > 0) this.rcptDelays.set(address, ms);
    else this.rcptDelays.delete(address);
  }

  /** Keeps this recipient's messages at once but holds the 250 reply for `ms` (0: at once again). */
  holdReply(address: string, ms: number): void {
    if (ms > 0) this.replyHolds.set(address, ms);
    else this.replyHolds.delete(address);
  }

  /** RCPT TO attempts for one address, in order. */
  rcptsTo(address: string): RcptAttempt[] {
    return this.rcpts.filter((r) => r.address === address);
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
