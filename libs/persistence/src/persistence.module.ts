import { Global, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ReadinessRegistry } from '@ctip/observability';
import { guardWritesOnClosedSockets } from './closed-socket-guard';
import { countCommands } from './command-counter';

export interface PersistenceOptions {
  url: string;
  /** Database name; defaults to the service name so services never share collections. */
  dbName: string;
}

@Global()
@Module({})
export class PersistenceModule implements OnModuleInit {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly readiness: ReadinessRegistry,
  ) {}

  /**
   * @nestjs/mongoose closes the connection in onApplicationShutdown, the last lifecycle phase:
   * Kafka consumers (onModuleDestroy) and job workers (beforeApplicationShutdown) drain before it.
   */
  static forRoot(options: PersistenceOptions): DynamicModule {
    // Before the first connection: a database restart must not wedge the driver (see the guard).
    guardWritesOnClosedSockets();
    return {
      module: PersistenceModule,
      imports: [
        MongooseModule.forRoot(options.url, {
          dbName: options.dbName,
          serverSelectionTimeoutMS: 5_000,
          // Reads stay on the primary: a just-written case must be readable by the next request.
          readPreference: 'primary',
          autoIndex: true,
          // Feeds ctip_db_commands_total (the database round trips per event in the benchmarks).
          monitorCommands: true,
          connectionFactory: (connection: Connection) => {
            countCommands(connection.getClient());
            return connection;
          },
        }),
      ],
    };
  }

  onModuleInit(): void {
    this.readiness.register({
      name: 'database',
      check: async () => {
        const db = this.connection.db;
        if (!db || this.connection.readyState !== 1) throw new Error('not connected');
        await db.admin().ping();
      },
    });
  }
}
