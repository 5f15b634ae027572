import { dirname } from 'node:path';

/** The part of the driver's internal `Connection` the guard touches. */
interface DriverConnection {
  id: unknown;
  address: string;
  error: Error | null;
  socket: { destroyed: boolean };
  onError(error: Error): void;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  writeCommand(command: unknown, options: unknown): Promise<void>;
}

const GUARDED = Symbol.for('ctip.persistence.closed-socket-guard');

/** A module of the MongoDB driver instance Mongoose uses (resolved from Mongoose's own directory). */
export function mongooseDriverModule<T>(request: string): T {
  const path = require.resolve(request, { paths: [dirname(require.resolve('mongoose/package.json'))] });
  // `module.require`, not `createRequire`: a test runner's module registry (Jest) must hand out the same instance.
  return module.require(path) as T;
}

/**
 * Works around a hang in the MongoDB Node driver (7.8; 7.9 has the same code), found by the database
 * restart drill: when the server closes a connection, Node destroys the socket at once but reports
 * `close` only in a later turn of the event loop. A command written in between — typically the server
 * monitor's next heartbeat — finds the connection not yet marked closed, `socket.write` on the destroyed
 * socket returns false, and `Connection.writeCommand` waits for a `drain` that never comes. Nothing rejects
 * that wait when `close` arrives, so the heartbeat never ends, the monitor never checks again, and every
 * operation of the process fails server selection forever ("connection N closed"), long after the
 * database is back.
 *
 * The guard makes such a write fail like any write on a closed connection: at once if the socket is
 * already destroyed, and as soon as the connection closes while a write waits. The monitor then
 * reconnects as it does after any network error. Applied to the driver instance Mongoose uses.
 */
export function guardWritesOnClosedSockets(): void {
  const { Connection } = mongooseDriverModule<{ Connection: { prototype: DriverConnection } }>('mongodb/lib/cmap/connection');
  const { MongoNetworkError } = mongooseDriverModule<{ MongoNetworkError: new (message: string) => Error }>('mongodb');
  const prototype = Connection.prototype as DriverConnection & { [GUARDED]?: true };
  if (prototype[GUARDED]) return;
  const write = prototype.writeCommand;
  prototype.writeCommand = function guardedWriteCommand(this: DriverConnection, command: unknown, options: unknown): Promise<void> {
    const closedError = () => this.error ?? new MongoNetworkError(`connection ${String(this.id)} to ${this.address} closed`);
    if (this.socket.destroyed) {
      const error = closedError();
      this.onError(error);
      return Promise.reject(error);
    }
    let onClose = () => undefined as void;
    const closed = new Promise<never>((_resolve, reject) => {
      onClose = () => reject(closedError());
      this.once('close', onClose);
    });
    const written = write.call(this, command, options);
    // Whichever loses the race must not surface as an unhandled rejection.
    written.catch(() => undefined);
    closed.catch(() => undefined);
    return Promise.race([written, closed]).finally(() => this.off('close', onClose));
  };
  prototype[GUARDED] = true;
}
