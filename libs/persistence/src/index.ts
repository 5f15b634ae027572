export * from './persistence.module';
export * from './schema-options';
export * from './upsert-snapshot';
