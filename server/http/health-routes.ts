import { Type } from 'typebox';
import type { Server } from './fastify.js';
import { errorResponses } from './schemas.js';

export function healthRoutes(version: string) {
  return async function (app: Server): Promise<void> {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: {
          response: { 200: Type.Object({ status: Type.Literal('ok'), version: Type.String() }), ...errorResponses },
        },
      },
      async () => ({ status: 'ok' as const, version }),
    );
  };
}
