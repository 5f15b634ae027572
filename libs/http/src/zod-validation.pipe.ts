import { BadRequestException, UnprocessableEntityException, type PipeTransform } from '@nestjs/common';
import type { FieldProblem } from '@ctip/errors';
import type { z } from 'zod';

export type { FieldProblem } from '@ctip/errors';

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', reason: issue.message }));
}

/**
 * Validates a body, query or params object with a Zod schema: the same schema gives the TypeScript
 * type, the runtime check and the OpenAPI description. A failure names every field: 400 when the input
 * does not match the published schema (a type, format, range or unknown field), 422 when it matches but
 * breaks a rule the schema can only state in words (a `.refine`: a cross-field rule, a time zone that
 * must exist), so that a client, or the fuzzer, can tell a wrong document from a rule.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors = fieldProblems(result.error);
    if (result.error.issues.every((issue) => issue.code === 'custom')) {
      throw new UnprocessableEntityException({ title: 'Unprocessable request', errors });
    }
    throw new BadRequestException({ title: 'Invalid request', errors });
  }
}
