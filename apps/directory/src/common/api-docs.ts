import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { openApiSchema } from '@ctip/http';
import type { z } from 'zod';

/** A Zod schema as an OpenAPI schema object, for @ApiBody and the response decorators. */
export function schemaOf(schema: z.ZodType): SchemaObject {
  return openApiSchema(schema) as SchemaObject;
}

const PROBLEMS: Record<number, string> = {
  400: 'Invalid body or query: `errors` lists each field and why (problem details).',
  401: 'Missing or invalid bearer token.',
  403: 'The token lacks a role (or, for focal points, the country) this operation needs.',
  404: 'No such resource.',
  409: 'Conflict: the id exists already, or the `revision` sent is not the current one (`current.revision` says which is).',
  422: 'The body names something that does not exist or cannot be used here: `errors` lists each field.',
};

/** Documents the problem-details answers an operation can give. */
export function ApiProblems(...statuses: (keyof typeof PROBLEMS)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[401, 403, ...statuses].map((status) =>
      ApiResponse({ status, description: PROBLEMS[status], content: { 'application/problem+json': { schema: { type: 'object' } } } }),
    ),
  );
}
