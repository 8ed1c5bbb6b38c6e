import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../../db/connection.js';
import { migrationsDir } from '../../../db/index.js';
import { loadMigrations, migrate } from '../../../db/migrate.js';
import { makeAppleCredentials, type AppleCredentials } from '../../../testing/apple-credentials.js';
import { thrownCode } from '../../../testing/thrown.js';
import { DEV_PASS_TYPE_IDENTIFIER, DEV_TEAM_IDENTIFIER, issuePassCertificate } from '../dev-identity.js';
import { createIdentityStore } from './identity-store.js';
import { checkAppleImport } from './import.js';

const DAY = 86_400_000;
let c: AppleCredentials;
beforeAll(() => {
  c = makeAppleCredentials();
});

describe('identity store', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()));
  });
  afterEach(() => closeDatabase(db));

  const importShop = (store: ReturnType<typeof createIdentityStore>) =>
    store.saveImported(checkAppleImport({ kind: 'pem', certPem: c.shop.certificatePem, keyPem: c.shop.privateKeyPem, wwdr: c.wwdrDer }));

  it('makes the development identity on first need, stores it, and parses it once', () => {
    const store = createIdentityStore(db);
    expect(db.prepare('SELECT COUNT(*) AS n FROM signing_identities').get()).toEqual({ n: 0 });
    const first = store.current();
    expect(first.source).toBe('development');
    expect([first.identity.passTypeIdentifier, first.identity.teamIdentifier]).toEqual([DEV_PASS_TYPE_IDENTIFIER, DEV_TEAM_IDENTIFIER]);
    expect(store.current()).toBe(first);
    // Another process (a new store on the same database) signs with the same stored identity.
    expect(createIdentityStore(db).current().fingerprint).toBe(first.fingerprint);
    expect(store.view()).toMatchObject({ source: 'development', expiresSoon: false, expired: false, wwdrSubject: expect.stringContaining('WWDR stand-in') });
  });

  it('signs with the imported identity once there is one, and falls back to the same development one', () => {
    const store = createIdentityStore(db);
    const dev = store.current();
    const view = importShop(store);
    expect(view).toMatchObject({ source: 'imported', passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234' });
    expect(view.subject).toContain('CN=Pass Type ID: pass.fr.maison-fauvette.loyalty');
    expect(store.current().source).toBe('imported');
    expect(store.removeImported().source).toBe('development');
    expect(store.current().fingerprint).toBe(dev.fingerprint);
  });

  it('sees an import made by another process at the next call', () => {
    const server = createIdentityStore(db);
    const cli = createIdentityStore(db);
    expect(server.current().source).toBe('development');
    importShop(cli);
    expect(server.current().identity.passTypeIdentifier).toBe('pass.fr.maison-fauvette.loyalty');
    cli.removeImported();
    expect(server.current().source).toBe('development');
  });

  it('tells its listeners after an import or a removal, once stored; not after another process’s change', () => {
    const server = createIdentityStore(db);
    const seen: string[] = [];
    const unsubscribe = server.onChange(() => seen.push(server.current().source));
    server.current();
    expect(seen).toEqual([]);
    importShop(server);
    expect(seen).toEqual(['imported']);
    server.removeImported();
    expect(seen).toEqual(['imported', 'development']);
    // Another process (the CLI) has its own store: the server's listeners hear nothing and must look themselves.
    importShop(createIdentityStore(db));
    expect(seen).toHaveLength(2);
    unsubscribe();
    server.removeImported();
    expect(seen).toHaveLength(2);
  });

  it('warns 30 days before expiry, and refuses to sign with an expired certificate while still describing it', () => {
    let now = Date.now();
    const store = createIdentityStore(db, () => now);
    const nearly = issuePassCertificate(
      { certificatePem: c.shop.wwdrPem, privateKeyPem: c.shop.wwdrKeyPem },
      { passTypeIdentifier: 'pass.fr.maison-fauvette.loyalty', teamIdentifier: 'FAUVET1234', notAfter: new Date(now + 20 * DAY) },
    );
    store.saveImported(checkAppleImport({ kind: 'pem', certPem: nearly.certificatePem, keyPem: nearly.privateKeyPem, wwdr: c.shop.wwdrPem }));
    expect(store.view()).toMatchObject({ source: 'imported', expiresSoon: true, expired: false });
    expect(store.current().source).toBe('imported');
    now += 21 * DAY;
    expect(store.view()).toMatchObject({ expiresSoon: true, expired: true });
    expect(thrownCode(() => createIdentityStore(db, () => now).current())).toBe('SIGNING_IDENTITY_EXPIRED');
  });

  it('renews the development identity when it is about to expire', () => {
    let now = Date.now();
    const store = createIdentityStore(db, () => now);
    const first = store.current();
    now = first.identity.notAfter.getTime() - 1000;
    const renewed = store.current();
    expect(renewed.source).toBe('development');
    expect(renewed.fingerprint).not.toBe(first.fingerprint);
    expect(renewed.identity.notAfter.getTime()).toBeGreaterThan(first.identity.notAfter.getTime());
    expect(store.view()).toMatchObject({ source: 'development', expiresSoon: false });
  });
});
