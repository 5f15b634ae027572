export * from './domain-errors';
export * from './infrastructure-errors';
