import { Controller, Get, Module, Put, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { methodNotAllowed } from './method-not-allowed.middleware';
import { ZodBody, ZodOperation, ZodParam, ZodQuery } from './zod-operation.decorator';

const itemSchema = z.object({ name: z.string().min(1).max(20), tags: z.array(z.string()).default([]) }).strict();
const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10), owner: z.string().regex(/^[a-z]+$/) });

@Controller('items')
class ItemsController {
  @Put(':id')
  @ZodOperation({ summary: 'Replace an item', responses: { 200: itemSchema }, errors: [403, 404] })
  replace(@ZodParam('id', z.string().regex(/^[a-z0-9-]{2,40}$/)) id: string, @ZodBody(itemSchema) body: z.output<typeof itemSchema>) {
    return { id, ...body };
  }

  @Get()
  @ZodOperation({ summary: 'List items', responses: { 200: z.array(itemSchema) } })
  list(@ZodQuery(listQuerySchema) query: z.output<typeof listQuerySchema>) {
    return [query];
  }

  @Get('health')
  @ZodOperation({ summary: 'Up', public: true, responses: { 200: z.object({ up: z.boolean() }) } })
  health() {
    return { up: true };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

describe(ZodOperation.name, () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await NestFactory.create(ItemsModule, { logger: false });
    document = SwaggerModule.createDocument(app, new DocumentBuilder().setOpenAPIVersion('3.1.0').build());
  });

  afterAll(() => app.close());

  it('documents the body with the schema that validates it, unknown fields of a strict object refused', () => {
    const body = document.paths['/items/{id}'].put!.requestBody as { required: boolean; content: Record<string, { schema: unknown }> };
    expect(body.required).toBe(true);
    expect(body.content['application/json'].schema).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 20 },
        tags: { type: 'array', items: { type: 'string' }, default: [] },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('gives each query field its own parameter with its constraints and required-ness, and the path parameter its pattern', () => {
    const parameters = document.paths['/items'].get!.parameters as { name: string; in: string; required: boolean; schema: unknown }[];
    expect(parameters).toEqual([
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
      }),
      expect.objectContaining({ name: 'owner', in: 'query', required: true, schema: { type: 'string', pattern: '^[a-z]+$' } }),
    ]);
    const [id] = document.paths['/items/{id}'].put!.parameters as { name: string; in: string; schema: unknown }[];
    expect(id).toMatchObject({ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9-]{2,40}$' } });
  });

  it('lists every error status as problem details: 400/422 for validated input, 401/503 when guarded, and those the route names', () => {
    const responses = document.paths['/items/{id}'].put!.responses as Record<string, { content?: Record<string, unknown> }>;
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '404', '422', '503']);
    for (const status of ['400', '401', '403', '404', '422', '503'])
      expect(Object.keys(responses[status].content!)).toEqual(['application/problem+json']);
    expect(Object.keys(responses['200'].content!)).toEqual(['application/json']);
    expect(Object.keys(document.paths['/items/health'].get!.responses).sort()).toEqual(['200']);
  });

  it('answers 405 with Allow to a method a documented path does not have, and lets other requests through', () => {
    const middleware = methodNotAllowed(document);
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const response = {
      status: (status: number) => ((sent.status = status), response),
      setHeader: (name: string, value: string) => ((sent.headers[name] = value), response),
      type: () => response,
      json: (body: unknown) => void (sent.body = body),
    };
    const next = jest.fn();
    const call = (method: string, path: string) => middleware({ method, path } as never, response as never, next);

    call('DELETE', '/items/abc');
    expect(sent).toMatchObject({ status: 405, headers: { Allow: 'PUT' }, body: { status: 405, title: 'Method Not Allowed' } });
    call('HEAD', '/items');
    call('PUT', '/items/abc');
    call('DELETE', '/elsewhere');
    expect(next).toHaveBeenCalledTimes(3);
  });
});
