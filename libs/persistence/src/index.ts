export * from './persistence.module';
export * from './schema-options';
export * from './upsert-snapshot';
export * from './closed-socket-guard';
export * from './cursor-page';
export * from './revisioned-store';
export * from './versioned-aggregate';
export * from './deterministic-id';
