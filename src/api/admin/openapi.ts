import { z } from 'zod';
import { errorResource } from './schemas.js';
import type { Operation } from './operations.js';

/** Where the Admin API lives; operation paths are below it. */
export const ADMIN_API_BASE = '/api/admin';

const errorAnswers = {
  '401': 'No token, or one that is unknown or revoked',
  '403': "The token's role may not do this (the newsroom's own rules)",
  '404': 'No such thing, or one the token may not see',
  '409': 'A clash: a stale version, a slug in use, a move the workflow forbids',
  '422': 'The body or query failed validation; `fields` names each problem',
};

/**
 * The OpenAPI 3.1 document of the Admin API, generated from the operation table and its zod
 * schemas (zod's JSON Schema output is draft 2020-12, OpenAPI 3.1's own dialect). Schemas named
 * with `.meta({ id })` go to components and are referred to by `$ref`.
 */
export function openApiDocument(operations: Operation[], info: { siteName: string; siteUrl: string; version: string }) {
  const components: Record<string, unknown> = {};
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output') => {
    const { $defs, ...rest } = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
    }) as Record<string, unknown> & { $defs?: Record<string, unknown> };
    delete rest.$schema;
    delete rest.id;
    Object.assign(components, $defs ?? {});
    return rest;
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = `${ADMIN_API_BASE}${op.path}`;
    const parameters = [
      ...(op.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }] : []),
      ...(op.query ?? []).map((q) => ({ name: q.name, in: 'query', required: false, description: q.description, schema: { type: 'string' } })),
    ];
    (paths[path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { [op.body.type]: { schema: schemaOf(op.body.document ?? op.body.schema, 'input') } } } } : {}),
      responses: {
        [String(op.status)]: { description: 'Done', content: { 'application/json': { schema: schemaOf(op.response, 'output') } } },
        ...Object.fromEntries(Object.entries(errorAnswers).map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }])),
      },
    };
  }
  components.Error ??= schemaOf(errorResource, 'output');

  const document = {
    openapi: '3.1.0',
    info: {
      title: `${info.siteName} Admin API`,
      version: info.version,
      description: 'Write articles, schedule and publish them, upload images, read newsletters and members. Authenticate with `Authorization: Bearer <token>` (an admin token from the newsroom\'s Integrations page or `broadsheet api-key add --admin --role ROLE`); the token acts with its role under the newsroom\'s own rules.',
    },
    servers: [{ url: info.siteUrl }],
    security: [{ bearer: [] }],
    paths,
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
  // zod points at named schemas in its own $defs; in OpenAPI they live under components.
  return JSON.parse(JSON.stringify(document).replaceAll('"#/$defs/', '"#/components/schemas/')) as typeof document;
}
