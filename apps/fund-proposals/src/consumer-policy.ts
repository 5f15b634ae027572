import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MessagingRuntime } from '@ctip/messaging';

/**
 * The fund's consumers handle events of different aggregates of one fetched batch side by side (each
 * aggregate's in order): a quarter's confirmation publishes thousands of decisions at once, and the
 * projects and public list they open would otherwise follow one after another.
 */
@Injectable()
export class FundConsumerPolicy implements OnModuleInit {
  static readonly KEYS_CONCURRENTLY = 8;

  constructor(private readonly runtime: MessagingRuntime) {}

  onModuleInit(): void {
    this.runtime.usePolicy({ keysConsumedConcurrently: FundConsumerPolicy.KEYS_CONCURRENTLY });
  }
}
