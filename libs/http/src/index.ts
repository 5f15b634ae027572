export * from './zod-validation.pipe';
export * from './problem-details.filter';
export * from './openapi';
export * from './page.schema';
export * from './idempotency-key';
