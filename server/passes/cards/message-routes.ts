/**
 * A lock-screen message to one customer: the text goes on every card the customer holds (the field Apple shows with
 * its changeMessage, the message Google adds), through the one "cards changed" path, so each wallet delivers it.
 */
import { Type } from 'typebox';
import { AppError, notFound } from '../../errors.js';
import type { Server } from '../../http/fastify.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import type { CardChanges } from './cards-changed.js';
import { MessageResult } from './schemas.js';

export const MESSAGE_MAX = 240;

export function messageRoutes(services: Services, deps: { changes: CardChanges }) {
  const { db } = services;
  const customerExists = db.prepare<[number], { id: number }>('SELECT id FROM customers WHERE id = ?');
  const cardsOf = db.prepare<[number], { id: number; message: string }>('SELECT id, message FROM passes WHERE customer_id = ? ORDER BY id');
  const setMessage = db.prepare('UPDATE passes SET message = ? WHERE customer_id = ?');

  return async function (app: Server): Promise<void> {
    app.post(
      '/api/customers/:id/message',
      {
        config: { access: 'session' },
        schema: {
          params: IdParams,
          body: Type.Object({ text: Type.String({ minLength: 1, maxLength: MESSAGE_MAX, pattern: '\\S' }) }, { additionalProperties: false }),
          response: { 200: MessageResult, ...errorResponses },
        },
      },
      async (request) => {
        const id = request.params.id;
        const text = request.body.text.trim();
        return db.transaction(() => {
          if (!customerExists.get(id)) throw notFound('Customer');
          const cards = cardsOf.all(id);
          if (cards.length === 0) throw new AppError('NO_CARD', 'This customer has no card in a wallet yet: there is nowhere to show a message.', 409);
          // Wallet notifies only when the field's value changes: the same text again would arrive silently.
          if (cards.every((p) => p.message === text)) {
            throw new AppError('MESSAGE_UNCHANGED', 'This is already the message on the card; Wallet shows only a different one.', 409);
          }
          setMessage.run(text, id);
          const changed = deps.changes.markPassesChanged(
            cards.map((p) => p.id),
            { reason: 'message', event: 'message', notify: true, detail: { text } },
          );
          return { passes: changed.passes, pushes: changed.pushes };
        })();
      },
    );
  };
}
