import { applyDecorators, Body, createParamDecorator, Param, Query, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchema } from './openapi';
import { PROBLEM_STATUSES, problemSchema, type ProblemStatus } from './problem.schema';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * An OpenAPI link: which operation can use what this answer returned, e.g.
 * `{ operationId: 'OrganisationsController_get', parameters: { id: '$response.body#/organisationId' } }`
 * (Nest names operations `<Controller>_<method>`). The fuzzer follows links in its stateful phase.
 */
export interface ResponseLink {
  operationId: string;
  parameters: Record<string, string>;
}

/** A success answer: its body's schema, or a description with a schema (none for 204), content type and links. */
export type SuccessResponse =
  z.ZodType | { description?: string; schema?: z.ZodType | SchemaObject; contentType?: string; links?: Record<string, ResponseLink> };

const SUCCESS_DESCRIPTIONS: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

export interface ZodOperationOptions {
  summary: string;
  description?: string;
  /** Success statuses with what they send, e.g. `{ 200: caseViewSchema, 201: caseViewSchema }`. */
  responses: Partial<Record<200 | 201 | 202 | 204, SuccessResponse>>;
  /**
   * Error statuses the route itself can answer (403 where roles apply, 404, 409, 422, 429). 400 and 422
   * come with each validated input (see ZodValidationPipe); 401 and 503 (the token key set) with every
   * guarded route.
   */
  errors?: readonly ProblemStatus[];
  /** A problem body with more members than `problemSchema` for some status, e.g. the health check's `details`. */
  problems?: Partial<Record<ProblemStatus, z.ZodType>>;
  /** A `@Public()` route: no token, so no 401 (and no 503 unless listed). */
  public?: boolean;
}

/** Documents each error status as RFC 9457 problem details (`application/problem+json`). */
export function ApiProblems(statuses: ProblemStatus[], schemas: Partial<Record<ProblemStatus, z.ZodType>> = {}): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_STATUSES[status],
        content: { 'application/problem+json': { schema: openApiSchema(schemas[status] ?? problemSchema, 'output') } },
      }),
    ),
  );
}

/**
 * One declaration of an operation for the OpenAPI document: summary, success answers with their
 * schemas and content types, and every problem status it can answer. Inputs are declared where they
 * are validated, by `@ZodBody`, `@ZodQuery`, `@ZodParam` and `@ZodHeader`, so the document describes
 * exactly the schema the validator uses.
 */
export function ZodOperation(options: ZodOperationOptions): MethodDecorator {
  const successes = Object.entries(options.responses).map(([status, answer]) => {
    const code = Number(status);
    const spec = isZod(answer) ? { schema: answer } : (answer ?? {});
    const description = spec.description ?? SUCCESS_DESCRIPTIONS[code];
    if (!spec.schema) return ApiResponse({ status: code, description });
    const schema = isZod(spec.schema) ? openApiSchema(spec.schema, 'output') : spec.schema;
    const links = 'links' in spec && spec.links ? { links: spec.links } : {};
    return ApiResponse({ status: code, description, content: { [spec.contentType ?? 'application/json']: { schema } }, ...links });
  });
  const errors = new Set<ProblemStatus>(options.public ? [] : [401, 503]);
  for (const status of options.errors ?? []) errors.add(status);
  return applyDecorators(
    ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) }),
    ...successes,
    ApiProblems([...errors].sort(), options.problems),
  );
}

/** The request body, validated by `schema` (400 or 422 naming each field) and documented by it. */
export function ZodBody(schema: z.ZodType, options: { required?: boolean } = {}): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    documentMethod(target, key, ApiBody({ required: options.required ?? true, schema: openApiSchema(schema) }), ApiProblems([400, 422]));
  };
}

/** The query string as one object, validated by `schema`; each of its fields is documented as a parameter. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema))(target, key, index);
    const { properties = {}, required = [] } = openApiSchema(schema);
    const queries = Object.entries(properties).map(([name, property]) =>
      ApiQuery({ name, required: required.includes(name), schema: property, description: (property as SchemaObject).description }),
    );
    documentMethod(target, key, ...queries, ApiProblems([400, 422]));
  };
}

/** One path parameter, validated and documented by `schema`. */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Param(name, named(name, schema))(target, key, index);
    const property = openApiSchema(schema);
    documentMethod(
      target,
      key,
      ApiParam({ name, required: true, schema: property, description: property.description }),
      ApiProblems([400, 422]),
    );
  };
}

/** One request header, validated and documented by `schema` (optional when the schema is). */
export function ZodHeader(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    headerValue(name.toLowerCase(), named(name, schema))(target, key, index);
    const property = openApiSchema(schema);
    const required = !schema.safeParse(undefined).success;
    documentMethod(
      target,
      key,
      ApiHeader({ name, required, schema: property, description: property.description }),
      ApiProblems([400, 422]),
    );
  };
}

const headerValue = createParamDecorator(
  (name: string, context: ExecutionContext) => context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[name],
);

/** Validates one named value, so a refusal names it (`errors: [{ field: 'id', … }]`). */
function named(name: string, schema: z.ZodType): PipeTransform {
  const pipe = new ZodValidationPipe(z.object({ [name]: schema }));
  return { transform: (value: unknown) => (pipe.transform({ [name]: value }) as Record<string, unknown>)[name] };
}

function isZod(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && 'safeParse' in value;
}

/** A parameter decorator documents its method: the swagger decorators set their metadata on the method itself. */
function documentMethod(target: object, key: string | symbol | undefined, ...decorators: MethodDecorator[]): void {
  if (key === undefined) throw new Error('Zod parameter decorators belong on controller methods');
  const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
  applyDecorators(...decorators)(target, key, descriptor);
}
