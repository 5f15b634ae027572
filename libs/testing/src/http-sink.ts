import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/**
 * A loopback HTTP receiver (webhook endpoint or SMS gateway). A request counts as received only if the
 * receiver could still answer it: one whose client went away during `delayMs` is dropped, as a real
 * receiver's transaction would be.
 */
export class HttpSink {
  readonly received: ReceivedRequest[] = [];
  delayMs = 0;
  private readonly server: Server;
  port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      // A client killed mid-request resets its socket: that is a dropped request, not a test failure.
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        setTimeout(() => {
          if (req.socket.destroyed) return;
          this.received.push({
            path: req.url ?? '/',
            headers: req.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            receivedAt: Date.now(),
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
        }, this.delayMs);
      });
    });
  }

  async start(): Promise<this> {
    this.server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
