import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../../db/connection.js';
import { openMigratedDatabase } from '../../testing/wallet-fixtures.js';
import { googleSubscriber } from './cards-changed.js';

describe('Google’s subscriber to cards changed', () => {
  let db: Db;
  let woken = 0;
  const subscriber = () => googleSubscriber(db, { wake: () => woken++ });
  const row = (id: number) => db.prepare('SELECT state, notify_seq FROM google_objects WHERE pass_id = ?').get(id) as { state: string; notify_seq: number };
  const jobs = () => db.prepare(`SELECT dedupe_key, payload FROM jobs WHERE kind = 'google.object' AND status = 'pending' ORDER BY id`).all();

  beforeEach(() => {
    db = openMigratedDatabase();
    db.exec(`INSERT INTO customers (id, first_name, referral_code, created_at, updated_at) VALUES (1, 'A', 'R1', 0, 0), (2, 'B', 'R2', 0, 0);
      INSERT INTO card_designs (id, name, kind, design, created_at, updated_at) VALUES (1, 'd', 'loyalty', '{}', 0, 0);
      INSERT INTO passes (id, customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at) VALUES
        (1, 1, 1, 'apple', 'A1', 't', 'd1', 0, 0), (2, 1, 1, 'google', 'G1', 't', 'd2', 0, 0), (3, 2, 1, 'apple', 'A2', 't', 'd3', 0, 0);
      INSERT INTO google_objects (pass_id) VALUES (2);`);
  });
  afterEach(() => closeDatabase(db));

  it('queues one coalesced job per Google twin of the changed cards, asks for a notification on points, and wakes after commit', () => {
    const s = subscriber();
    expect(s.inTransaction({ passIds: [1, 3], change: { reason: 'points' }, at: 10 })).toBe(1);
    expect(s.inTransaction({ passIds: [1], change: { reason: 'design' }, at: 11 })).toBe(1);
    expect(jobs()).toEqual([{ dedupe_key: 'google.object:2', payload: '{"passId":2}' }]);
    expect(row(2)).toEqual({ state: 'ACTIVE', notify_seq: 1 });
    s.afterCommit();
    expect(woken).toBe(1);
  });

  it('queues a message without an update notification, and retires a card', () => {
    const s = subscriber();
    s.inTransaction({ passIds: [1], change: { reason: 'message', notify: true, detail: { text: ' Bonjour ' } }, at: 10 });
    expect(db.prepare(`SELECT pass_id, body, status FROM google_messages`).all()).toEqual([{ pass_id: 2, body: 'Bonjour', status: 'pending' }]);
    expect(row(2).notify_seq).toBe(0);
    s.inTransaction({ passIds: [2], change: { reason: 'retire', detail: { state: 'INACTIVE' } }, at: 11 });
    expect(row(2).state).toBe('INACTIVE');
  });

  it('does nothing for customers without a Google card', () => {
    expect(subscriber().inTransaction({ passIds: [3], change: { reason: 'points' }, at: 10 })).toBe(0);
    expect(jobs()).toEqual([]);
  });
});
