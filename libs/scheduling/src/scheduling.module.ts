import {
  Global,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry } from '@ctip/observability';
import { PinoLogger } from 'nestjs-pino';
import { JobQueues } from './job-queues';

export interface SchedulingOptions {
  redisUrl: string;
  /** Key prefix: one per service, so services never share queues by accident. */
  prefix: string;
  /** Lock duration and stalled-job check interval of every worker (BullMQ's default: 30 s each). */
  stallCheckMs?: number;
  shutdownTimeoutMs: number;
}

const SCHEDULING_OPTIONS = Symbol('SCHEDULING_OPTIONS');

@Injectable()
export class SchedulingLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly queues: JobQueues,
    @Inject(SCHEDULING_OPTIONS) private readonly options: SchedulingOptions,
    private readonly readiness: ReadinessRegistry,
    private readonly logger: PinoLogger,
  ) {}

  onModuleInit(): void {
    this.readiness.register({ name: 'redis', check: async () => this.queues.redis.ping() });
  }

  /** Workers stop after the Kafka consumer drained (onModuleDestroy) and before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queues.closeWorkers(this.options.shutdownTimeoutMs);
    this.logger.info('shutdown: job workers closed');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queues.closeConnections();
    this.logger.info('shutdown: redis connections closed');
  }
}

@Global()
@Module({})
export class SchedulingModule {
  static forRoot(options: SchedulingOptions): DynamicModule {
    return {
      module: SchedulingModule,
      providers: [
        { provide: SCHEDULING_OPTIONS, useValue: options },
        {
          provide: JobQueues,
          inject: [PinoLogger],
          useFactory: (logger: PinoLogger) =>
            new JobQueues(options.redisUrl, options.prefix, logger.logger.child({ component: 'jobs' }), options.stallCheckMs),
        },
        SchedulingLifecycle,
      ],
      exports: [JobQueues],
    };
  }
}
