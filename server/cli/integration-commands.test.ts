import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { runCli } from '../testing/cli-process.js';

// Each command is a real process (tsx compiles on start): slow on a loaded machine, hence the long timeout.
describe('passerelle apikey create|list|revoke, customer import|export', { timeout: 240_000 }, () => {
  let dir: string;
  const cli = (args: string[]) => runCli(join(dir, 'data'), args);
  const count = (sql: string): number => {
    const db = openDatabase(join(dir, 'data', 'passerelle.sqlite'), { readonly: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      closeDatabase(db);
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-cli-integrations-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key printed once, lists it without its secret, revokes it', () => {
    const created = cli(['apikey', 'create', '--name', 'Site e-commerce', '--scopes', 'customers:read,purchases:write']);
    expect(created.code, created.err).toBe(0);
    const key = created.out.trim();
    expect(key).toMatch(/^pk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.err).toContain('not shown again');
    const listed = cli(['apikey', 'list']);
    expect(listed.out).toMatch(/^1\tpk_[A-Za-z0-9]{12}_…\tSite e-commerce\tcustomers:read,purchases:write\tcreated .+\tlast used never$/m);
    expect(listed.out).not.toContain(key.split('_')[2]);
    expect(cli(['apikey', 'create', '--name', 'x', '--scopes', 'admin']).code).toBe(1);
    expect(cli(['apikey', 'revoke', '1']).out).toContain('revoked');
    expect(cli(['apikey', 'list']).out).toContain('REVOKED');
  });

  it('checks a file before importing it, imports it, changes nothing the second time, and exports for Excel', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '\uFEFFCourriel;Prénom;Date de naissance\r\nana@exemple.fr;Ana;12/13/1990\r\npas-un-email;Bob;\r\n');
    const refused = cli(['customer', 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('2 rows checked: 2 problem(s); nothing was imported.');
    expect(refused.out).toContain('row 2, Date de naissance: wrong date format: "12/13/1990" (expected DD/MM/YYYY or YYYY-MM-DD)');
    expect(refused.out).toContain('row 3, Courriel: "pas-un-email" is not an e-mail address');
    expect(count('SELECT COUNT(*) AS n FROM customers')).toBe(0);

    const good = join(dir, 'good.csv');
    writeFileSync(good, 'Mail client,Prénom,Ville\nana@exemple.fr,Ana,Lyon\nbob@exemple.fr,Bob,Paris\n');
    const dry = cli(['customer', 'import', good, '--dry-run', '--map', 'email=Mail client']);
    expect(dry.out).toContain('2 rows checked: 2 new, 0 changed, 0 unchanged.');
    expect(dry.out).toContain('Dry run: nothing was written.');
    expect(count('SELECT COUNT(*) AS n FROM customers')).toBe(0);
    const imported = cli(['customer', 'import', good, '--map', 'email=Mail client']);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('Imported: 2 created, 0 updated, 0 unchanged.');
    expect(cli(['customer', 'import', good, '--map', 'email=Mail client']).out).toContain('Imported: 0 created, 0 updated, 2 unchanged.');
    expect(count('SELECT COUNT(*) AS n FROM customers')).toBe(2);

    const out = join(dir, 'clients.csv');
    expect(cli(['customer', 'export', '--out', out]).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFmember_id;email;')).toBe(true);
    expect(text).toContain(';ana@exemple.fr;;Ana;;;;;Lyon;');
  });
});
