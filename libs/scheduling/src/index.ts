export * from './redis-lease';
export * from './job-definition';
export * from './job-queues';
export * from './scheduling.module';
export * from './periodic-task';
export * from './due-index';
