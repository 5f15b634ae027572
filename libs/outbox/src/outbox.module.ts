import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { Outbox } from './outbox';
import { OUTBOX_PENDING_INDEX, OutboxPendingIndex } from './outbox-pending-index';
import { OUTBOX_OPTIONS, OutboxSweeper, type OutboxOptions } from './outbox-sweeper';

@Global()
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxOptions): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: options },
        {
          provide: OUTBOX_PENDING_INDEX,
          useFactory: (queues: JobQueues) => new OutboxPendingIndex(queues.redis, `ctip:${options.service}:outbox:pending`),
          inject: [JobQueues],
        },
        Outbox,
        OutboxSweeper,
      ],
      exports: [Outbox, OutboxSweeper],
    };
  }
}
