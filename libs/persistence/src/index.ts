export * from './persistence.module';
export * from './schema-options';
