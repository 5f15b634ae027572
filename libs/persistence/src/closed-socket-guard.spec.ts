import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { expectEventually } from '@ctip/testing';
import { guardWritesOnClosedSockets, mongooseDriverModule } from './closed-socket-guard';

// The driver's internal connection, as the server monitor and the pool use it.
const { Connection } = mongooseDriverModule<{
  Connection: new (
    socket: Socket,
    options: Record<string, unknown>,
  ) => {
    closed: boolean;
    command(ns: unknown, command: Record<string, unknown>, options: Record<string, unknown>): Promise<unknown>;
  };
}>('mongodb/lib/cmap/connection');
const { ns } = mongooseDriverModule<{ ns: (namespace: string) => unknown }>('mongodb/lib/utils');

describe(guardWritesOnClosedSockets.name, () => {
  const peers: Socket[] = [];
  let server: Server;
  let socket: Socket;

  beforeAll(async () => {
    guardWritesOnClosedSockets();
    server = createServer((peer) => peers.push(peer.on('error', () => undefined))).listen(0, '127.0.0.1');
    await once(server, 'listening');
  });

  afterAll(async () => {
    for (const peer of peers) peer.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(async () => {
    socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(socket, 'connect');
  });

  it('fails a command written on a socket destroyed before the connection heard of it, instead of hanging', async () => {
    const connection = new Connection(socket, { id: 1, generation: 0, socketTimeoutMS: 0 });
    // The peer went away: Node destroys the socket now and reports `close` in a later turn of the event loop.
    socket.destroy();
    expect(connection.closed).toBe(false);
    await expect(connection.command(ns('admin.$cmd'), { hello: 1 }, {})).rejects.toMatchObject({ name: 'MongoNetworkError' });
    expect(connection.closed).toBe(true);
  });

  it('leaves commands on a live connection alone', async () => {
    const connection = new Connection(socket, { id: 2, generation: 0, socketTimeoutMS: 0 });
    const pending = connection.command(ns('admin.$cmd'), { hello: 1 }, {});
    // The command reaches the peer as usual.
    await expectEventually(() => expect(peers.at(-1)?.bytesRead).toBeGreaterThan(0));
    // The fake server never answers; closing the socket ends the wait with the usual network error.
    socket.destroy();
    await expect(pending).rejects.toMatchObject({ name: 'MongoNetworkError' });
  });
});
