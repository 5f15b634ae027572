export * from './outbox-entry.schema';
export * from './outbox';
export * from './outbox-sweeper';
export * from './outbox.module';
export * from './outbox-pending-index';
