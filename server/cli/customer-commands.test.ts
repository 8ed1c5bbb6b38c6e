import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { runCli } from '../testing/cli-process.js';

// Each command is a real process (tsx compiles on start): slow on a loaded machine, hence the long timeout.
describe('passerelle customer add|show, purchase add, staff add', { timeout: 240_000 }, () => {
  let dataDir: string;
  const cli = (args: string[], input?: string) => runCli(dataDir, args, input !== undefined ? { input } : {});
  const query = <T>(sql: string, ...params: unknown[]): T => {
    const db = openDatabase(join(dataDir, 'passerelle.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).get(...params) as T;
    } finally {
      closeDatabase(db);
    }
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-customers-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds a customer once, and shows them', () => {
    const added = cli(['customer', 'add', '--email', ' Camille.Martin@Example.fr ', '--first-name', 'Camille', '--consent']);
    expect(added).toMatchObject({ code: 0, out: expect.stringMatching(/^Customer 1 added: M-000001, referral code [0-9A-Z]{8}, tier member, 0 points\./) });
    expect(cli(['customer', 'add', '--email', 'camille.martin@example.fr'])).toMatchObject({ code: 1, err: expect.stringContaining('already exists') });
    expect(cli(['customer', 'add', '--email', 'not-an-email'])).toMatchObject({ code: 1 });
    const shown = cli(['customer', 'show', 'camille.martin@example.fr']);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Camille');
    expect(shown.out).toMatch(/marketing consent yes/);
  });

  it('credits the points of one external id once, checked in the database', () => {
    const first = cli(['purchase', 'add', '--customer', 'camille.martin@example.fr', '--amount', '42,50', '--external-id', 'POS-77']);
    expect(first).toMatchObject({ code: 0, out: expect.stringContaining('+42 points, balance 42') });
    const again = cli(['purchase', 'add', '--customer', '1', '--amount', '42.50', '--external-id', 'POS-77']);
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining('already recorded') });
    expect(query("SELECT COUNT(*) AS n FROM purchases WHERE external_id = 'POS-77'")).toEqual({ n: 1 });
    expect(query("SELECT COUNT(*) AS n, SUM(delta) AS points FROM points_ledger WHERE customer_id = 1")).toEqual({ n: 1, points: 42 });
    expect(query('SELECT points_balance, purchase_count, spend_cents FROM customers WHERE id = 1')).toEqual({ points_balance: 42, purchase_count: 1, spend_cents: 4250 });
    expect(cli(['purchase', 'add', '--customer', 'nobody@example.fr', '--amount', '1'])).toMatchObject({ code: 1, err: expect.stringContaining('No customer') });
    expect(cli(['purchase', 'add', '--customer', '1', '--amount', '4.505'])).toMatchObject({ code: 1 });
  });

  it('adds a staff member with a PIN from stdin, storing only its hash', () => {
    expect(cli(['staff', 'add', '--name', 'Léa', '--pin-stdin'], '4821\n')).toMatchObject({ code: 0, out: expect.stringContaining('Léa added') });
    const row = query<{ pin_hash: string }>("SELECT pin_hash FROM staff WHERE name = 'Léa'");
    expect(row.pin_hash).toMatch(/^scrypt\$/);
    expect(row.pin_hash).not.toContain('4821');
    expect(cli(['staff', 'add', '--name', 'Tom', '--pin-stdin'], '12\n')).toMatchObject({ code: 1, err: expect.stringContaining('4 to 8 digits') });
  });
});
