/**
 * Purchases and what is derived from them per customer: the aggregate columns on customers (count and spend over
 * 30/90/365 days, first and last purchase, average basket, online count, stores bought in) and customer_stores.
 * Every write recomputes the customer's aggregates in the same transaction; a purchase leaving a window is caught by
 * `aggregates_due_at` (the earliest such moment), which `refreshDue` handles (the customers.aggregates job).
 */
import type { Db } from '../db/connection.js';
import { notFound } from '../errors.js';
import type { Purchase, PurchaseInput, PurchaseItem } from './schemas.js';

export const DAY_MS = 86_400_000;
export const WINDOWS_DAYS = [30, 90, 365] as const;
const [W30, W90, W365] = WINDOWS_DAYS.map((d) => d * DAY_MS) as [number, number, number];
const NEVER = '9223372036854775807';

/**
 * Customers' aggregates from their purchases, as of @now (the same computation as migration 008's backfill): one
 * customer (`@id`) or every customer (`customers.id`).
 */
const aggregatesSql = (who: '@id' | 'customers.id') => `UPDATE customers SET (purchase_count, spend_cents, first_purchase_at, last_purchase_at, purchases_30d,
    spend_30d_cents, purchases_90d, spend_90d_cents, purchases_365d, spend_365d_cents, avg_basket_cents, online_purchase_count,
    aggregates_due_at, store_count) = (
  SELECT COUNT(*), COALESCE(SUM(p.amount_cents), 0), MIN(p.purchased_at), MAX(p.purchased_at),
    COALESCE(SUM(p.purchased_at > @now - ${W30}), 0),
    COALESCE(SUM(CASE WHEN p.purchased_at > @now - ${W30} THEN p.amount_cents ELSE 0 END), 0),
    COALESCE(SUM(p.purchased_at > @now - ${W90}), 0),
    COALESCE(SUM(CASE WHEN p.purchased_at > @now - ${W90} THEN p.amount_cents ELSE 0 END), 0),
    COALESCE(SUM(p.purchased_at > @now - ${W365}), 0),
    COALESCE(SUM(CASE WHEN p.purchased_at > @now - ${W365} THEN p.amount_cents ELSE 0 END), 0),
    COALESCE(CAST(ROUND(1.0 * SUM(p.amount_cents) / COUNT(*)) AS INTEGER), 0),
    COALESCE(SUM(p.channel = 'online'), 0),
    NULLIF(MIN(
      COALESCE(MIN(CASE WHEN p.purchased_at > @now - ${W30} THEN p.purchased_at END) + ${W30}, ${NEVER}),
      COALESCE(MIN(CASE WHEN p.purchased_at > @now - ${W90} THEN p.purchased_at END) + ${W90}, ${NEVER}),
      COALESCE(MIN(CASE WHEN p.purchased_at > @now - ${W365} THEN p.purchased_at END) + ${W365}, ${NEVER})
    ), ${NEVER}),
    (SELECT COUNT(*) FROM customer_stores s WHERE s.customer_id = ${who})
  FROM purchases p WHERE p.customer_id = ${who})
${who === '@id' ? 'WHERE id = @id' : ''}`;

interface Row {
  id: number;
  customer_id: number;
  channel: 'store' | 'online';
  store_id: number | null;
  store_name: string | null;
  amount_cents: number;
  item_count: number;
  items: string | null;
  external_id: string | null;
  source: string;
  purchased_at: number;
}

function toPurchase(r: Row): Purchase {
  let items: PurchaseItem[] = [];
  if (r.items) {
    try {
      items = JSON.parse(r.items) as PurchaseItem[];
    } catch {
      items = [];
    }
  }
  return {
    id: r.id,
    customerId: r.customer_id,
    channel: r.channel,
    storeId: r.store_id,
    storeName: r.store_name,
    amountCents: r.amount_cents,
    itemCount: r.item_count,
    items,
    externalId: r.external_id,
    source: r.source,
    purchasedAt: r.purchased_at,
  };
}

export interface RecordedPurchase {
  purchase: Purchase;
  /** False when the external id was already known: nothing was written. */
  created: boolean;
  /** True when this is the customer's first purchase ever. */
  first: boolean;
}

export function createPurchasesRepository(db: Db, now: () => number = Date.now) {
  const select = `SELECT p.*, s.name AS store_name FROM purchases p LEFT JOIN stores s ON s.id = p.store_id`;
  const byId = db.prepare<[number], Row>(`${select} WHERE p.id = ?`);
  const byExternal = db.prepare<[string], Row>(`${select} WHERE p.external_id = ?`);
  const ofCustomer = db.prepare<[number, number, number], Row>(
    `${select} WHERE p.customer_id = ? ORDER BY p.purchased_at DESC, p.id DESC LIMIT ? OFFSET ?`,
  );
  const insert = db.prepare(
    `INSERT INTO purchases (customer_id, store_id, channel, amount_cents, item_count, items, external_id, source, staff_id,
       purchased_at, created_at)
     VALUES (@customerId, @storeId, @channel, @amountCents, @itemCount, @items, @externalId, @source, @staffId, @purchasedAt, @at)
     ON CONFLICT (external_id) DO NOTHING`,
  );
  const pageAfter = db.prepare<[number, number], Row>(`${select} WHERE p.id > ? ORDER BY p.id LIMIT ?`);
  const storeExists = db.prepare<[number], { id: number }>('SELECT id FROM stores WHERE id = ?');
  const customerExists = db.prepare<[number], { purchase_count: number }>('SELECT purchase_count FROM customers WHERE id = ?');
  const refreshStores = db.prepare(
    `INSERT INTO customer_stores (customer_id, store_id, purchase_count, spend_cents, last_purchase_at)
     SELECT customer_id, store_id, COUNT(*), SUM(amount_cents), MAX(purchased_at) FROM purchases
     WHERE customer_id = ? AND store_id = ? GROUP BY customer_id, store_id
     ON CONFLICT (customer_id, store_id) DO UPDATE SET purchase_count = excluded.purchase_count,
       spend_cents = excluded.spend_cents, last_purchase_at = excluded.last_purchase_at`,
  );
  const aggregates = db.prepare(aggregatesSql('@id'));
  const due = db.prepare<[number, number], { id: number }>(
    'SELECT id FROM customers WHERE aggregates_due_at <= ? ORDER BY aggregates_due_at LIMIT ?',
  );
  const nextDue = db.prepare<[], { at: number | null }>('SELECT MIN(aggregates_due_at) AS at FROM customers');

  const repo = {
    get(id: number): Purchase | undefined {
      const r = byId.get(id);
      return r ? toPurchase(r) : undefined;
    },
    byExternalId(externalId: string): Purchase | undefined {
      const r = byExternal.get(externalId);
      return r ? toPurchase(r) : undefined;
    },
    listOf(customerId: number, limit = 50, offset = 0): Purchase[] {
      return ofCustomer.all(customerId, limit, offset).map(toPurchase);
    },
    /** Every purchase in id order after `afterId` (exports page through them). */
    pageAfter: (afterId: number, limit: number): Purchase[] => pageAfter.all(afterId, limit).map(toPurchase),
    /**
     * Writes a purchase and the customer's aggregates (call inside the transaction that credits its points). An
     * external id already known returns that purchase with `created: false`, and writes nothing.
     */
    record(customerId: number, input: PurchaseInput & { source: string; staffId?: number | null }): RecordedPurchase {
      if (input.externalId !== undefined) {
        const known = byExternal.get(input.externalId);
        if (known) return { purchase: toPurchase(known), created: false, first: false };
      }
      const customer = customerExists.get(customerId);
      if (!customer) throw notFound('Customer');
      const storeId = input.storeId ?? null;
      if (storeId !== null && !storeExists.get(storeId)) throw notFound('Store');
      const at = now();
      const items = input.items && input.items.length > 0 ? input.items : null;
      const result = insert.run({
        customerId,
        storeId,
        channel: input.channel,
        amountCents: input.amountCents,
        itemCount: items ? items.reduce((n, i) => n + i.quantity, 0) : 1,
        items: items ? JSON.stringify(items) : null,
        externalId: input.externalId ?? null,
        source: input.source,
        staffId: input.staffId ?? null,
        purchasedAt: input.purchasedAt ?? at,
        at,
      });
      const id = Number(result.lastInsertRowid);
      if (storeId !== null) refreshStores.run(customerId, storeId);
      aggregates.run({ id: customerId, now: at });
      return { purchase: repo.get(id)!, created: true, first: customer.purchase_count === 0 };
    },
    /** Recomputes one customer's aggregates as of now. */
    refresh(customerId: number): void {
      aggregates.run({ id: customerId, now: now() });
    },
    /** Customers whose windows moved since their last write, up to `limit`; returns how many were refreshed. */
    refreshDue: db.transaction((limit: number): number => {
      const at = now();
      const ids = due.all(at, limit);
      for (const { id } of ids) aggregates.run({ id, now: at });
      return ids.length;
    }),
    nextDueAt: (): number | null => nextDue.get()?.at ?? null,
    /** Every customer's stores and aggregates from scratch (after a bulk load: the demo, an import). */
    refreshAll(): void {
      db.prepare('DELETE FROM customer_stores').run();
      db.prepare(
        `INSERT INTO customer_stores (customer_id, store_id, purchase_count, spend_cents, last_purchase_at)
         SELECT customer_id, store_id, COUNT(*), SUM(amount_cents), MAX(purchased_at) FROM purchases
         WHERE store_id IS NOT NULL GROUP BY customer_id, store_id`,
      ).run();
      db.prepare(aggregatesSql('customers.id')).run({ now: now() });
    },
  };
  return repo;
}

export type PurchasesRepository = ReturnType<typeof createPurchasesRepository>;
