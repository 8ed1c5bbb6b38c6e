import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.js';

export interface CustomerListItem {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  city: string;
  tier: string;
  pointsBalance: number;
  createdAt: number;
  purchaseCount: number;
  totalSpentCents: number;
  lastPurchaseAt: number | null;
}

interface Row {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  city: string;
  tier: string;
  points_balance: number;
  created_at: number;
  purchase_count: number;
  total_spent_cents: number;
  last_purchase_at: number | null;
}

/** LIKE wildcards in the search text are taken literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createCustomersRepository(db: Db) {
  const where = `WHERE (? IS NULL OR c.first_name LIKE ? ESCAPE '\\' OR c.last_name LIKE ? ESCAPE '\\'
                 OR c.email LIKE ? ESCAPE '\\' OR c.city LIKE ? ESCAPE '\\'
                 OR (c.first_name || ' ' || c.last_name) LIKE ? ESCAPE '\\')`;
  const count = db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM customers c ${where}`);
  const page = db.prepare<unknown[], Row>(
    `SELECT c.id, c.first_name, c.last_name, c.email, c.city, c.tier, c.points_balance, c.created_at,
            (SELECT COUNT(*) FROM purchases p WHERE p.customer_id = c.id) AS purchase_count,
            (SELECT COALESCE(SUM(p.amount_cents), 0) FROM purchases p WHERE p.customer_id = c.id) AS total_spent_cents,
            (SELECT MAX(p.purchased_at) FROM purchases p WHERE p.customer_id = c.id) AS last_purchase_at
     FROM customers c ${where}
     ORDER BY c.created_at DESC, c.id DESC
     LIMIT ? OFFSET ?`,
  );

  const insert = db.prepare(
    `INSERT INTO customers (first_name, last_name, email, locale, referral_code, source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byEmail = db.prepare<[string], { id: number }>('SELECT id FROM customers WHERE email = ?');
  const byId = db.prepare<[number], { id: number }>('SELECT id FROM customers WHERE id = ?');

  return {
    /** A customer added by hand (the owner's own test card); the same e-mail gives back the existing customer. */
    createOrFind(input: { firstName: string; lastName: string; email: string | null; locale: 'fr' | 'en'; source: string }, at: number): number {
      return db.transaction(() => {
        const existing = input.email ? byEmail.get(input.email) : undefined;
        if (existing) return existing.id;
        const code = randomBytes(6).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X');
        return Number(insert.run(input.firstName, input.lastName, input.email, input.locale, code, input.source, at, at).lastInsertRowid);
      })();
    },
    exists(id: number): boolean {
      return byId.get(id) !== undefined;
    },
    list(opts: { q?: string | undefined; limit: number; offset: number }): { total: number; items: CustomerListItem[] } {
      const q = opts.q?.trim() ? opts.q.trim() : null;
      const p = q === null ? null : likePattern(q);
      const args = [q, p, p, p, p, p];
      const total = count.get(...args)?.n ?? 0;
      const items = page.all(...args, opts.limit, opts.offset).map((r) => ({
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        email: r.email,
        city: r.city,
        tier: r.tier,
        pointsBalance: r.points_balance,
        createdAt: r.created_at,
        purchaseCount: r.purchase_count,
        totalSpentCents: r.total_spent_cents,
        lastPurchaseAt: r.last_purchase_at,
      }));
      return { total, items };
    },
  };
}
