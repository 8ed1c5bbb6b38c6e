import { Type } from 'typebox';

export const ErrorSchema = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  },
  { $id: 'Error', description: 'Every error: a stable machine-readable code and a sentence for people.' },
);

/** Response schemas every route shares, so that error bodies are filtered through a schema too. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
  429: ErrorSchema,
  500: ErrorSchema,
} as const;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
