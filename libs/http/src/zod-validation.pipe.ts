import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { FieldProblem } from '@ctip/errors';
import type { z } from 'zod';

export type { FieldProblem } from '@ctip/errors';

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', reason: issue.message }));
}

/**
 * Validates a body, query or params object with a Zod schema: the same schema gives the TypeScript
 * type, the runtime check and the OpenAPI description. A failure answers 400 naming every field.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new BadRequestException({ title: 'Invalid request', errors: fieldProblems(result.error) });
  }
}
