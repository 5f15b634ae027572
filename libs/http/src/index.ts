export * from './zod-validation.pipe';
export * from './problem-details.filter';
export * from './problem.schema';
export * from './openapi';
export * from './page.schema';
export * from './idempotency-key';
export * from './zod-operation.decorator';
export * from './trimmed-text.schema';
