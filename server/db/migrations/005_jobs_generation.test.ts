import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

describe('migration 005_jobs_generation', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 4);
    db.exec(`INSERT INTO jobs (kind, dedupe_key, payload, status, run_at, created_at, updated_at)
             VALUES ('apns.push', 'apns:aa:pass.x', '{"token":"aa","topic":"pass.x","seq":3}', 'pending', 1, 1, 1)`);
    migrate(db, loadMigrations(migrationsDir()), 5);
  });
  afterEach(() => closeDatabase(db));

  it('keeps queued rows, at generation 0', () => {
    expect(db.prepare('SELECT kind, status, generation FROM jobs').all()).toEqual([{ kind: 'apns.push', status: 'pending', generation: 0 }]);
    expect(() => db.prepare('UPDATE jobs SET generation = -1').run()).toThrow(/CHECK/);
  });

  it('claims a kind’s due rows through the kind index', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE status = 'pending' AND kind = ? AND run_at <= ?
         AND (locked_until IS NULL OR locked_until < ?) ORDER BY run_at LIMIT 10`,
      )
      .all('apns.push', 5, 5) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX jobs_kind_due/);
  });
});
