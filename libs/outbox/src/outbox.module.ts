import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Outbox } from './outbox';
import { OUTBOX_OPTIONS, OutboxSweeper, type OutboxOptions } from './outbox-sweeper';

@Global()
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxOptions): DynamicModule {
    return {
      module: OutboxModule,
      providers: [{ provide: OUTBOX_OPTIONS, useValue: options }, Outbox, OutboxSweeper],
      exports: [Outbox, OutboxSweeper],
    };
  }
}
