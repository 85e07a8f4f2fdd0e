import { applyDecorators, INestApplication } from '@nestjs/common';
import { ApiProperty, ApiResponse, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** One entry of an error's `details`: the field (dotted path) and what is wrong with it. */
export class ErrorDetailDto {
  @ApiProperty({ example: 'homePostcode' }) field!: string;
  @ApiProperty({ example: 'homePostcode must be a known PC4' }) message!: string;
}

/** The one error body every 4xx and 5xx carries (DESIGN.md "API conventions"). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'VALIDATION.FAILED', description: 'Stable, namespaced machine code' })
  code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [ErrorDetailDto] }) details!: ErrorDetailDto[];
  @ApiProperty() requestId!: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 503;

const WHEN: Record<ErrorStatus, string> = {
  400: 'Invalid input; `details` names each invalid field',
  401: 'Not logged in, or the token is invalid or expired',
  403: 'The caller may not do this',
  404: 'Not found, or not in the caller’s regions',
  409: 'Conflicts with the current state',
  410: 'The link or token is spent or expired',
  413: 'The request body is too large',
  422: 'Understood but cannot be processed',
  429: 'Too many attempts; `Retry-After` says when to try again',
  500: 'An unexpected failure (a dependency down, a defect): logged with the request id, nothing leaked',
  503: 'A dependency (PostgreSQL, Redis) is unavailable',
};

/** Documents the error statuses a route answers beyond those its guards and inputs imply (see below). */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: WHEN[status], type: ErrorResponseDto })),
  );
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseDto' };

/**
 * The errors every operation answers by construction, added where the route's own decorators did not:
 * 401 for any operation that needs a token (the global JWT guard), 400 for any with a body or parameters
 * (the global validation pipe), 413 for any with a body (Fastify's body limit), and 500 for all (the
 * global filter's answer to anything unexpected, such as PostgreSQL going away). 403 comes with `@Roles`.
 * Every error response then names the one error schema.
 */
export function completeErrorResponses(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op: Operation | undefined = item[method];
      if (!op) continue;
      const implied: ErrorStatus[] = [500];
      if (op.security?.length) implied.push(401);
      if (op.requestBody || op.parameters?.length) implied.push(400);
      if (op.requestBody) implied.push(413);
      for (const status of implied) {
        if (!op.responses[status]) op.responses[status] = { description: WHEN[status] };
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response || Number(status) < 400 || '$ref' in response) continue;
        response.content = { 'application/json': { schema: ERROR_REF } };
      }
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return document;
}

/** The API's OpenAPI document, built from the controllers and DTOs (served at /api/docs, written by `npm run openapi`). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('praktijkmatch API')
    .setDescription(
      'Matching retiring GPs with young GPs, region by region. Every error answers the one ErrorResponseDto shape.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
  return completeErrorResponses(document);
}
