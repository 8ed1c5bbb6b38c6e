/**
 * customer_events: what the website posts about a customer (cart abandoned, back-in-stock interest, custom), kept for
 * the automations. `handled_at` is theirs to set once they acted on one.
 */
import type { Db } from '../../db/connection.js';
import type { ApiEventItem, CustomerEventType } from '../api-schemas.js';

export interface NewCustomerEvent {
  customerId: number;
  type: CustomerEventType;
  name: string | null;
  externalId: string | null;
  valueCents: number | null;
  items: ApiEventItem[];
  properties: Record<string, string | number | boolean>;
  apiKeyId: number | null;
  occurredAt: number;
  receivedAt: number;
}

export interface CustomerEvent extends NewCustomerEvent {
  id: number;
  handledAt: number | null;
}

interface Row {
  id: number;
  customer_id: number;
  type: CustomerEventType;
  name: string | null;
  external_id: string | null;
  value_cents: number | null;
  items: string;
  properties: string;
  api_key_id: number | null;
  occurred_at: number;
  received_at: number;
  handled_at: number | null;
}

const toEvent = (r: Row): CustomerEvent => ({
  id: r.id,
  customerId: r.customer_id,
  type: r.type,
  name: r.name,
  externalId: r.external_id,
  valueCents: r.value_cents,
  items: JSON.parse(r.items) as ApiEventItem[],
  properties: JSON.parse(r.properties) as Record<string, string | number | boolean>,
  apiKeyId: r.api_key_id,
  occurredAt: r.occurred_at,
  receivedAt: r.received_at,
  handledAt: r.handled_at,
});

export function createCustomerEventsRepository(db: Db) {
  const insert = db.prepare<Record<string, unknown>, { id: number }>(
    `INSERT INTO customer_events (customer_id, type, name, external_id, value_cents, items, properties, api_key_id, occurred_at, received_at)
     VALUES (@customerId, @type, @name, @externalId, @valueCents, @items, @properties, @apiKeyId, @occurredAt, @receivedAt)
     ON CONFLICT (external_id) DO NOTHING RETURNING id`,
  );
  const byExternal = db.prepare<[string], Row>('SELECT * FROM customer_events WHERE external_id = ?');
  const byId = db.prepare<[number], Row>('SELECT * FROM customer_events WHERE id = ?');
  const ofCustomer = db.prepare<[number, number], Row>('SELECT * FROM customer_events WHERE customer_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?');
  const unhandled = db.prepare<[string, number, number, number], Row>(
    'SELECT * FROM customer_events WHERE type = ? AND handled_at IS NULL AND occurred_at > ? AND occurred_at <= ? ORDER BY occurred_at, id LIMIT ?',
  );
  const handle = db.prepare<[number, number]>('UPDATE customer_events SET handled_at = ? WHERE id = ? AND handled_at IS NULL');
  return {
    /** The new event's id, or undefined when its external id was recorded before (nothing written). */
    insert(e: NewCustomerEvent): number | undefined {
      return insert.get({ ...e, items: JSON.stringify(e.items), properties: JSON.stringify(e.properties) })?.id;
    },
    byExternalId(externalId: string): CustomerEvent | undefined {
      const r = byExternal.get(externalId);
      return r ? toEvent(r) : undefined;
    },
    get(id: number): CustomerEvent | undefined {
      const r = byId.get(id);
      return r ? toEvent(r) : undefined;
    },
    ofCustomer: (customerId: number, limit = 20): CustomerEvent[] => ofCustomer.all(customerId, limit).map(toEvent),
    /**
     * For the automations: events of a type nobody acted on yet that occurred in (after, until], oldest first (by the
     * (type, occurred_at) partial index). Mark each with markHandled once acted on; the next page is the same call.
     */
    unhandled: (type: CustomerEventType, after: number, until: number, limit: number): CustomerEvent[] =>
      unhandled.all(type, after, until, limit).map(toEvent),
    markHandled: (id: number, at: number): boolean => handle.run(at, id).changes > 0,
  };
}

export type CustomerEventsRepository = ReturnType<typeof createCustomerEventsRepository>;
