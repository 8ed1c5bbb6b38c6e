import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

const NOW = 1_760_000_000_000;
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

describe('migration 003_passes_identity', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 3);
  });
  afterEach(() => closeDatabase(db));

  const identity = (source: string, overrides: Record<string, unknown> = {}) =>
    db
      .prepare(
        `INSERT INTO signing_identities (source, certificate_pem, private_key_pem, wwdr_pem, pass_type_identifier, team_identifier,
           not_after, fingerprint, created_at)
         VALUES (@source, @cert, @key, @wwdr, @pti, @team, @notAfter, @fp, @at)`,
      )
      .run({ source, cert: CERT, key: KEY, wwdr: CERT, pti: 'pass.x', team: 'TEAM', notAfter: NOW, fp: 'a'.repeat(64), at: NOW, ...overrides });

  const exportRow = (overrides: Record<string, unknown> = {}) =>
    db
      .prepare(
        `INSERT INTO pass_exports (status, scope, total, done, file, created_at) VALUES (@status, @scope, @total, @done, @file, @at)`,
      )
      .run({ status: 'running', scope: '{"scope":"all"}', total: 10, done: 0, file: null, at: NOW, ...overrides });

  it('creates the identity and export tables', () => {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['signing_identities', 'pass_exports']));
  });

  it('holds at most one identity per source, and only development or imported', () => {
    identity('development');
    identity('imported');
    expect(() => identity('imported')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => identity('other')).toThrow(/CHECK/);
  });

  it('refuses what is not PEM, an unencrypted PKCS#8 key, or a SHA-256 fingerprint', () => {
    expect(() => identity('development', { cert: 'MIIB' })).toThrow(/CHECK/);
    expect(() => identity('development', { key: '-----BEGIN ENCRYPTED PRIVATE KEY-----\n' })).toThrow(/CHECK/);
    expect(() => identity('development', { wwdr: '' })).toThrow(/CHECK/);
    expect(() => identity('development', { fp: 'A'.repeat(64) })).toThrow(/CHECK/);
    expect(() => identity('development', { pti: '' })).toThrow(/CHECK/);
  });

  it('keeps export progress within its total, and a done export has its file', () => {
    expect(() => exportRow({ done: 11 })).toThrow(/CHECK/);
    expect(() => exportRow({ status: 'done', done: 10 })).toThrow(/CHECK/);
    expect(() => exportRow({ status: 'done', done: 5, file: 'passes-1.zip' })).toThrow(/CHECK/);
    expect(() => exportRow({ scope: 'not json' })).toThrow(/CHECK/);
    expect(() => exportRow({ status: 'done', done: 10, file: '../passes-1.zip' })).toThrow(/CHECK/);
    expect(() => exportRow({ status: 'done', done: 10, file: 'passes-1/../x.zip' })).toThrow(/CHECK/);
    exportRow({ status: 'done', done: 10, file: 'passes-1-20260101-120000.zip' });
    exportRow({ status: 'failed' });
  });
});
