import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../../src/core/http/api-docs';
import { TEST_DATABASE_URL } from './test-env';

/**
 * Contract validation: every response the API under test sends (to supertest or the generated client) is
 * checked against the OpenAPI document built from the same code. The status must be one the operation
 * documents, the content type one it declares, and a JSON body must validate, with Ajv in strict mode,
 * against the declared schema, where an object may carry no property the schema does not name. A
 * violation fails the test that caused it (test/support/contract-setup.ts); the operations and statuses
 * seen are collected for the report printed at the end of the run (test/support/contract-report.ts).
 */

/** Per test database, so two runs on one machine (other databases) keep their records apart. */
export const CONTRACT_DIR = join(process.cwd(), '.contract', new URL(TEST_DATABASE_URL).pathname.slice(1));
const SEEN_FILE = join(CONTRACT_DIR, `seen-${process.pid}.jsonl`);

type Schema = Record<string, unknown>;
interface OperationInfo {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const violations: string[] = [];
const seen = new Set<string>();

/** OpenAPI 3.0 schema to JSON Schema for Ajv: `nullable` to a null type, examples dropped, objects closed. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (key === 'example' || key === 'nullable' || key === 'xml' || key === 'externalDocs') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', 'components#/$defs/');
      continue;
    }
    out[key] = key === 'properties' ? mapValues(value as Schema) : toJsonSchema(value);
  }
  if (out.type === 'object' && out.additionalProperties === undefined && out.properties) {
    out.additionalProperties = false;
  }
  if ((schema as Schema).nullable === true) return nullable(out);
  return out;
}

function mapValues(properties: Schema): Schema {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toJsonSchema(v)]));
}

function nullable(schema: Schema): Schema {
  if (schema.$ref || schema.allOf || schema.oneOf || schema.anyOf) {
    return { anyOf: [schema, { type: 'null' }] };
  }
  const out: Schema = { ...schema };
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  return out;
}

class ContractChecker {
  private readonly ajv = new Ajv({ strict: true, allErrors: true, discriminator: true });
  private readonly operations = new Map<string, OperationInfo>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema(
      { $id: 'components', $defs: toJsonSchema(document.components?.schemas ?? {}) },
      'components',
    );
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, OperationInfo>)) {
        if (!op || typeof op !== 'object' || !('responses' in op)) continue;
        this.operations.set(`${method.toUpperCase()} ${path}`, op);
      }
    }
  }

  check(method: string, route: string | undefined, status: number, type: string, body: string): void {
    if (!route) {
      // No route matched (Fastify's 404): only the error shape can be checked.
      this.validate('error', { $ref: 'components#/$defs/ErrorResponseDto' }, `${method} (no route)`, body);
      return;
    }
    if (method === 'HEAD' || method === 'OPTIONS') return;
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    // The web app's routes (`/`, `/*`, `/assets/*`) serve pages and files, not the API the document describes.
    if (path.startsWith('/api/docs') || !path.startsWith('/api')) return;
    const key = `${method} ${path}`;
    const op = this.operations.get(key);
    if (!op) {
      violations.push(`${key}: the route is not in the OpenAPI document`);
      return;
    }
    seen.add(`${op.operationId} ${status}`);
    const response = op.responses[String(status)];
    if (!response) {
      violations.push(`${op.operationId} (${key}) answered ${status}, which it does not document`);
      return;
    }
    const mediaType = type.split(';')[0].trim().toLowerCase();
    if (!response.content) {
      if (body.length > 0) violations.push(`${op.operationId} ${status}: a body where none is documented`);
      return;
    }
    const media = response.content[mediaType];
    if (!media) {
      violations.push(
        `${op.operationId} ${status}: content type "${mediaType}" not documented (${Object.keys(response.content).join(', ')})`,
      );
      return;
    }
    if (mediaType === 'application/json' && media.schema) {
      this.validate(
        `${key} ${status}`,
        toJsonSchema(media.schema) as Schema,
        `${op.operationId} ${status}`,
        body,
      );
    }
  }

  private validate(cacheKey: string, schema: Schema, label: string, body: string): void {
    let validator = this.validators.get(cacheKey);
    if (!validator) {
      validator = this.ajv.compile(schema);
      this.validators.set(cacheKey, validator);
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      violations.push(`${label}: the body is not JSON`);
      return;
    }
    if (!validator(value)) {
      const errors = (validator.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      violations.push(`${label}: body does not match its schema: ${errors.join('; ')}`);
    }
  }
}

/** Checks every response `app` sends from now on; called by the test app factories. */
export function attachContractValidation(app: NestFastifyApplication): void {
  const checker = new ContractChecker(buildOpenApiDocument(app));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply, payload) => {
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : '';
    const type = String(reply.getHeader('content-type') ?? '');
    try {
      checker.check(request.method, request.routeOptions.url, reply.statusCode, type, body);
    } catch (err) {
      violations.push(`contract check failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    return payload;
  });
}

/** The violations recorded since the last call (the setup file fails the current test on any). */
export function takeViolations(): string[] {
  return violations.splice(0, violations.length);
}

/** Appends the operations and statuses this test file saw to the run's record. */
export function flushSeen(): void {
  if (seen.size === 0) return;
  mkdirSync(CONTRACT_DIR, { recursive: true });
  appendFileSync(SEEN_FILE, [...seen].map((s) => JSON.stringify(s)).join('\n') + '\n');
  seen.clear();
}
