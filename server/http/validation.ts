/**
 * How request parts are validated. A querystring and path parameters arrive as text, so `?limit=20` needs its number
 * read from a string, and `?tag=a` may stand for a one-item array: those parts are coerced. A JSON body already has
 * types, and coercing them only turns a wrong one into a plausible one (`{"logs":"x"}` into `["x"]`,
 * `{"pushToken":["…"]}` into a string): bodies are validated as sent, and a wrong type is a 400.
 *
 * Fastify compiles each part of each route through one validator factory; this one keeps Fastify's own compiler
 * (@fastify/ajv-compiler, same plugins and options) and only picks, per part, the Ajv instance with or without
 * coercion.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type AjvOptions = NonNullable<NonNullable<FastifyServerOptions['ajv']>['customOptions']>;

interface RouteSchemaDefinition {
  schema: unknown;
  method: string;
  url: string;
  httpPart?: string;
}
type CompileFn = (route: RouteSchemaDefinition) => unknown;
type Factory = (externalSchemas: unknown, options?: { customOptions?: AjvOptions; plugins?: unknown[] }) => CompileFn;

/** `schemaController.compilersFactory.buildValidator` for createServer; Fastify's `ajv` option still applies to both. */
export function strictBodyValidatorFactory(): Factory {
  const pool = AjvCompiler() as unknown as Factory;
  return (externalSchemas, options = {}) => {
    const custom: AjvOptions = { ...options.customOptions };
    const coercing = pool(externalSchemas, { ...options, customOptions: { ...custom, coerceTypes: 'array' } });
    const strict = pool(externalSchemas, { ...options, customOptions: { ...custom, coerceTypes: false } });
    return (route) => (route.httpPart === 'body' ? strict : coercing)(route);
  };
}
