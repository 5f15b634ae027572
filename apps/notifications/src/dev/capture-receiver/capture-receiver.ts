import { appendFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, type SigningKey } from '../../channels/webhook-signature';
import { renderCapturePage } from './capture-page';

/** One call as the receiver saw and answered it: what the log file and the page show. */
export interface CapturedCall {
  time: string;
  kind: 'sms' | 'webhook';
  method: string;
  path: string;
  /** Only the headers a reader needs; an Authorization value is reduced to its scheme. */
  headers: Record<string, string>;
  body: unknown;
  answer: { status: number; body: Record<string, unknown> };
}

export interface CaptureReceiverOptions {
  port: number;
  logFile: string;
  /** Keys a webhook signature is checked against, as the notifications service signs. */
  signingKeys: SigningKey[];
  host?: string;
}

const SHOWN_HEADERS = ['content-type', 'user-agent', 'idempotency-key', 'x-ctip-timestamp', 'x-ctip-key-id', 'x-ctip-signature'];
const MAX_BODY_BYTES = 1024 * 1024;
const KEPT_ON_PAGE = 500;

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Stands in for an SMS gateway (`POST /sms`) and webhook receivers (`POST /webhooks/<anything>`) on a
 * developer's machine: answers as they would (a webhook's signature is verified, a repeated
 * Idempotency-Key is accepted once), appends every call as a JSON line to the log file, and lists the
 * latest ones at `/` (and `/calls.json`). Loopback only.
 */
export class CaptureReceiver {
  private readonly server: Server;
  private readonly calls: CapturedCall[] = [];
  private readonly answeredKeys = new Map<string, Record<string, unknown>>();
  private pendingWrite: Promise<void> = Promise.resolve();
  private smsCount = 0;

  constructor(private readonly options: CaptureReceiverOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.pendingWrite;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    try {
      if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', this.page());
      if (req.method === 'GET' && path === '/calls.json') return sendJson(res, 200, [...this.calls].reverse());
      const kind = path === '/sms' ? 'sms' : path.startsWith('/webhooks/') ? 'webhook' : undefined;
      if (!kind) throw new RequestError(404, `nothing here: POST /sms (SMS gateway) or /webhooks/<name> (webhooks), GET / lists the calls`);
      if (req.method !== 'POST') throw new RequestError(405, `${path} takes POST`);
      const raw = await readBody(req);
      const answer = kind === 'sms' ? this.answerSms(req, raw) : this.answerWebhook(req, raw);
      await this.record({ kind, req, path, raw, answer });
      sendJson(res, answer.status, answer.body);
    } catch (error) {
      const status = error instanceof RequestError ? error.status : 500;
      sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** As a generic gateway: the message must parse; the reply names the id it was queued under. */
  private answerSms(req: IncomingMessage, raw: string): CapturedCall['answer'] {
    const fields = parseBody(req.headers['content-type'], raw);
    if (fields === undefined) return { status: 400, body: { error: 'body is neither JSON nor form-encoded' } };
    return this.once(req, () => {
      this.smsCount += 1;
      return { id: `sms-${String(this.smsCount).padStart(6, '0')}`, status: 'queued' };
    });
  }

  /** As a receiver that checks the HMAC signature (and its age) before accepting the body. */
  private answerWebhook(req: IncomingMessage, raw: string): CapturedCall['answer'] {
    const verification = verifyWebhookSignature({ body: raw, headers: req.headers, keys: this.options.signingKeys });
    if (!verification.ok) return { status: 401, body: { error: `signature refused: ${verification.reason}` } };
    return this.once(req, () => ({ received: true, keyId: verification.keyId }));
  }

  /** A repeated Idempotency-Key (per endpoint, as each receiver keeps its own) gets the first answer again, marked as a duplicate. */
  private once(req: IncomingMessage, accept: () => Record<string, unknown>): CapturedCall['answer'] {
    const given = header(req, 'idempotency-key');
    const key = given ? `${new URL(req.url ?? '/', 'http://receiver').pathname} ${given}` : undefined;
    const earlier = key ? this.answeredKeys.get(key) : undefined;
    if (earlier) return { status: 200, body: { ...earlier, duplicate: true } };
    const body = accept();
    if (key) this.answeredKeys.set(key, body);
    return { status: 200, body };
  }

  private async record(input: {
    kind: CapturedCall['kind'];
    req: IncomingMessage;
    path: string;
    raw: string;
    answer: CapturedCall['answer'];
  }): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of SHOWN_HEADERS) {
      const value = header(input.req, name);
      if (value) headers[name] = value;
    }
    const authorization = header(input.req, 'authorization');
    if (authorization) headers.authorization = `${authorization.split(/\s+/)[0]} …`;
    const call: CapturedCall = {
      time: new Date().toISOString(),
      kind: input.kind,
      method: input.req.method ?? 'POST',
      path: input.path,
      headers,
      body: parseBody(input.req.headers['content-type'], input.raw) ?? input.raw,
      answer: input.answer,
    };
    this.calls.push(call);
    if (this.calls.length > KEPT_ON_PAGE) this.calls.shift();
    // Appended in arrival order; the answer waits for the line, so a caller that got 200 finds it in the file.
    const write = this.pendingWrite.then(() => appendFile(this.options.logFile, `${JSON.stringify(call)}\n`));
    this.pendingWrite = write.catch(() => undefined);
    await write;
  }

  private page(): string {
    return renderCapturePage({ calls: [...this.calls].reverse(), logFile: this.options.logFile, baseUrl: this.url });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseBody(contentType: string | undefined, raw: string): unknown {
  try {
    if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}
