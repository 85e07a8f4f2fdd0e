import type { OpenAPIObject } from '@nestjs/swagger';
import { generateOpenApiDocument } from '../../cli/openapi';

type Operation = {
  operationId: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

/** The document the web app's types come from: every operation named, answered and refused in one shape. */
describe('the OpenAPI document', () => {
  let document: OpenAPIObject;
  let operations: Array<[string, Operation]>;

  beforeAll(async () => {
    document = await generateOpenApiDocument();
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(
        ([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op],
      ),
    );
  }, 30_000);

  it('names every operation with a short, unique id of its own', () => {
    const ids = operations.map(([, op]) => op.operationId);
    expect(ids.length).toBeGreaterThan(60);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]{2,40}$/);
  });

  it('documents a success response with a body schema for every operation that is not a 204', () => {
    for (const [key, op] of operations) {
      const success = Object.entries(op.responses).filter(([status]) => Number(status) < 300);
      expect([key, success.length]).toEqual([key, 1]);
      const [status, response] = success[0];
      if (status === '204') continue;
      const schemas = Object.values(response.content ?? {}).map((m) => m.schema);
      expect([key, schemas.length > 0 && schemas.every(Boolean)]).toEqual([key, true]);
    }
  });

  it('documents 401 for every operation behind a token, 400 and 413 for every body, all with the error schema', () => {
    for (const [key, op] of operations) {
      const statuses = Object.keys(op.responses);
      if (op.security?.length) expect([key, statuses]).toEqual([key, expect.arrayContaining(['401'])]);
      if (op.requestBody) expect([key, statuses]).toEqual([key, expect.arrayContaining(['400', '413'])]);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        expect([key, status, response.content?.['application/json']?.schema?.$ref]).toEqual([
          key,
          status,
          '#/components/schemas/ErrorResponseDto',
        ]);
      }
    }
  });
});
