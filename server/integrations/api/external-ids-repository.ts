/** customer_external_ids: the e-shop's or CRM's own id of a customer, one each way. */
import type { Db } from '../../db/connection.js';

export function createExternalIdsRepository(db: Db) {
  const byExternal = db.prepare<[string], { customer_id: number }>('SELECT customer_id FROM customer_external_ids WHERE external_id = ?');
  const ofCustomer = db.prepare<[number], { external_id: string }>('SELECT external_id FROM customer_external_ids WHERE customer_id = ?');
  const put = db.prepare<[string, number, number]>(
    `INSERT INTO customer_external_ids (external_id, customer_id, created_at) VALUES (?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET external_id = excluded.external_id`,
  );
  return {
    customerOf: (externalId: string): number | undefined => byExternal.get(externalId)?.customer_id,
    of: (customerId: number): string | null => ofCustomer.get(customerId)?.external_id ?? null,
    /** Sets the customer's external id (replacing theirs); the caller checked that nobody else holds it. */
    set: (customerId: number, externalId: string, at: number): void => void put.run(externalId, customerId, at),
  };
}

export type ExternalIdsRepository = ReturnType<typeof createExternalIdsRepository>;
