import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingRuntime } from '@ctip/messaging';

/**
 * The fund's consumers handle events of different aggregates of one fetched batch side by side (each
 * aggregate's in order): a quarter's confirmation publishes thousands of decisions at once, which would
 * otherwise be read one after another (the slate opens their projects itself; fast-track ones are opened here).
 */
@Injectable()
export class FundConsumerPolicy implements OnModuleInit {
  static readonly KEYS_CONCURRENTLY = 8;

  constructor(private readonly runtime: MessagingRuntime) {}

  onModuleInit(): void {
    this.runtime.usePolicy({ keysConsumedConcurrently: FundConsumerPolicy.KEYS_CONCURRENTLY });
  }
}
