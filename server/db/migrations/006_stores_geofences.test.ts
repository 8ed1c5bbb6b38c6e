import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

describe('migration 006_stores_geofences', () => {
  let db: Db;
  const rev = () => db.prepare<[], { rev: number }>('SELECT rev FROM stores_revision').get()!.rev;
  const stale = () => db.prepare('SELECT customer_id FROM customer_nearest_stale ORDER BY customer_id').all();
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 5);
    db.exec(`INSERT INTO stores (id, name, latitude, longitude, geohash, created_at, updated_at) VALUES (1, 'S', 48.8, 2.3, 'u09', 0, 0);
      INSERT INTO customers (id, first_name, referral_code, created_at, updated_at) VALUES (1, 'A', 'R1', 0, 0);`);
    migrate(db, loadMigrations(migrationsDir()), 6);
  });
  afterEach(() => closeDatabase(db));

  it('keeps existing stores active, without text or exceptions', () => {
    expect(db.prepare('SELECT active, relevant_text, exceptions FROM stores').get()).toEqual({ active: 1, relevant_text: '{"fr":"","en":""}', exceptions: '[]' });
  });

  it('bumps the stores revision on every insert, update and delete', () => {
    const r0 = rev();
    db.prepare(`INSERT INTO stores (id, name, latitude, longitude, geohash, created_at, updated_at) VALUES (2, 'T', 45, 4, 'u0', 0, 0)`).run();
    db.prepare(`UPDATE stores SET name = 'U' WHERE id = 2`).run();
    db.prepare('DELETE FROM stores WHERE id = 2').run();
    expect(rev()).toBe(r0 + 3);
  });

  it('marks a new customer stale, and one whose list is measured from something else, and only then', () => {
    db.prepare(`INSERT INTO customers (id, first_name, referral_code, created_at, updated_at) VALUES (2, 'N', 'R2', 0, 0)`).run();
    expect(stale()).toEqual([{ customer_id: 2 }]);
    db.prepare('DELETE FROM customer_nearest_stale').run();
    db.prepare(`UPDATE customers SET first_name = 'B' WHERE id = 1`).run();
    expect(stale()).toEqual([]);
    db.prepare('UPDATE customers SET preferred_store_id = 1 WHERE id = 1').run();
    expect(stale()).toEqual([{ customer_id: 1 }]);
    db.prepare('DELETE FROM customer_nearest_stale').run();
    db.prepare(`UPDATE customers SET postcode = '75011' WHERE id = 1`).run();
    expect(stale()).toEqual([{ customer_id: 1 }]);
    // A deleted store sets the preferred store to NULL: that changes the list too.
    db.prepare('DELETE FROM customer_nearest_stale').run();
    db.prepare('DELETE FROM stores WHERE id = 1').run();
    expect(stale()).toEqual([{ customer_id: 1 }]);
  });

  it('drops a customer’s list and open states with their owner', () => {
    db.prepare(`INSERT INTO customer_nearest_stores (customer_id, store_ids, basis, updated_at) VALUES (1, '[1]', 'preferredStore', 0)`).run();
    db.prepare('INSERT INTO store_open_state (store_id, open, changed_at) VALUES (1, 1, 0)').run();
    expect(() => db.prepare(`INSERT INTO customer_nearest_stores (customer_id, store_ids, basis, updated_at) VALUES (1, '[]', 'nowhere', 0)`).run()).toThrow();
    db.prepare('DELETE FROM customers WHERE id = 1').run();
    db.prepare('DELETE FROM stores WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM customer_nearest_stores').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM store_open_state').get()).toEqual({ n: 0 });
  });
});
