import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { methodNotAllowed } from './method-not-allowed.middleware';

/**
 * OpenAPI 3.1 at /docs (UI) and /docs-json, with bearer auth. 3.1 rather than 3.0: its schemas are
 * JSON Schema 2020-12, so what Zod checks (`contains`, `const`, nullable unions) can be said exactly.
 * The same document answers 405 to a method a documented path does not have.
 */
export function setupOpenApi(app: INestApplication, title: string, description: string): void {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(title)
    .setDescription(description)
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = withDocsEndpoints(SwaggerModule.createDocument(app, config));
  app.use(methodNotAllowed(document));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * The JSON Schema of a Zod schema. `input` (bodies, parameters) is what the validator accepts: defaults
 * make a field optional, and only `.strict()` objects say `additionalProperties: false` (the others
 * drop unknown fields). `output` (responses) is what the service sends: every object closed.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Record<
    string,
    unknown
  >;
  return rest as SchemaObject;
}

/** The documentation serves itself: schemathesis and clients see /docs and /docs-json in the spec too. */
function withDocsEndpoints(document: OpenAPIObject): OpenAPIObject {
  const operation = (summary: string, contentType: string, schema: SchemaObject) => ({
    get: {
      tags: ['docs'],
      summary,
      operationId: `docs_${contentType.split('/')[1]}`,
      responses: { 200: { description: summary, content: { [contentType]: { schema } } } },
    },
  });
  document.paths['/docs-json'] = operation(
    'This OpenAPI document.',
    'application/json',
    openApiSchema(z.looseObject({ openapi: z.string() }), 'output'),
  );
  document.paths['/docs'] = operation('The API documentation (Swagger UI).', 'text/html', { type: 'string' });
  return document;
}
