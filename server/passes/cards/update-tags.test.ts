import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { migrationsDir } from '../../db/index.js';
import { loadMigrations, migrate } from '../../db/migrate.js';
import { createTagSequence, parseTag, tagString } from './update-tags.js';

describe('update tags', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()));
  });
  afterEach(() => closeDatabase(db));

  it('follow the clock, and stay strictly increasing within one millisecond or when the clock goes back', () => {
    const tags = createTagSequence(db);
    expect(tags.next(1_000)).toBe(1_000);
    expect(tags.next(1_000)).toBe(1_001);
    expect(tags.next(1_000)).toBe(1_002);
    expect(tags.next(900)).toBe(1_003);
    expect(tags.next(5_000)).toBe(5_000);
  });

  it('give a tag back when the transaction that took it rolls back', () => {
    const tags = createTagSequence(db);
    expect(() =>
      db.transaction(() => {
        tags.next(7_000);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(tags.next(10)).toBe(10);
  });

  it('are strings for Wallet, and read back leniently', () => {
    expect(tagString(1_763_950_000_123)).toBe('1763950000123');
    expect(parseTag('1763950000123')).toBe(1_763_950_000_123);
    expect(parseTag('')).toBeUndefined();
    expect(parseTag(undefined)).toBeUndefined();
    expect(parseTag('12abc')).toBeUndefined();
  });
});
