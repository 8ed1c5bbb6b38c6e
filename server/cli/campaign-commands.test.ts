import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { walletCustomer } from '../testing/messaging-fixtures.js';
import { runCli } from '../testing/cli-process.js';

// Each command is a real process (tsx compiles on start): slow on a loaded 2-core machine, hence the long timeout.
describe('passerelle segment count / campaign send', { timeout: 240_000 }, () => {
  let dataDir: string;
  const cli = (args: string[]) => runCli(dataDir, args);

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-campaign-'));
    expect(cli(['demo', '--customers', '20'])).toMatchObject({ code: 0 });
    const db = openDatabase(join(dataDir, 'passerelle.sqlite'));
    // Three customers of Dijon with their card in a wallet, one without marketing consent; the guard's timing rules
    // off, so that the test does not depend on the hour it runs at.
    for (const [i, consent] of [[1, true], [2, true], [3, false]] as const) {
      const id = walletCustomer(db, { email: `dijon-${i}@example.fr`, firstName: `Client${i}`, consent });
      db.prepare(`UPDATE customers SET city = 'Dijon' WHERE id = ?`).run(id);
    }
    db.prepare(`INSERT INTO segments (name, definition, created_at, updated_at) VALUES ('Dijonnais', ?, 0, 0)`).run(
      JSON.stringify({ match: 'all', conditions: [{ field: 'city', values: ['Dijon'] }] }),
    );
    closeDatabase(db);
    for (const [key, value] of [['messages.quietStart', '09:00'], ['messages.quietEnd', '09:00']]) expect(cli(['settings', 'set', key!, value!]).code).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('segment count prints the count and the time taken, for a saved segment or a definition file', () => {
    const saved = cli(['segment', 'count', 'Dijonnais']);
    expect(saved.code, saved.err).toBe(0);
    expect(saved.out).toMatch(/^3 customers \(13\.0 % of 23\)\ncounted in \d+\.\d ms\n$/);
    const file = join(dataDir, 'gold.json');
    writeFileSync(file, JSON.stringify({ match: 'all', conditions: [{ field: 'wallet', value: 'not_installed' }] }));
    expect(cli(['segment', 'count', '--json', file]).out).toMatch(/^20 customers \(87\.0 % of 23\)\n/);
    writeFileSync(file, JSON.stringify({ match: 'all', conditions: [{ field: 'nope' }] }));
    expect(cli(['segment', 'count', '--json', file])).toMatchObject({ code: 1, err: expect.stringMatching(/not a segment definition/) });
    expect(cli(['segment', 'count', 'Nobody'])).toMatchObject({ code: 1, err: expect.stringMatching(/No segment named/) });
    expect(cli(['segment', 'list']).out).toMatch(/Dijonnais/);
  });

  it('campaign send prints how many got it and how many were held back, by reason', () => {
    const sent = cli(['campaign', 'send', '--segment', 'Dijonnais', '--message', 'Bonjour {{firstName}}, -20 % ce week-end', '--category', 'commercial']);
    expect(sent.code, sent.err).toBe(0);
    expect(sent.out).toMatch(/^Campaign #1: sent to 2 customers, held back 1, not in a wallet 0\.\n  no_consent +1\n/);
    // The guard counts what was sent: a third message this week is too many for the two who got this one.
    expect(cli(['campaign', 'send', '--segment', 'Dijonnais', '--message', 'Encore', '--category', 'relational']).out).toMatch(/sent to 3 customers/);
    const again = cli(['campaign', 'send', '--segment', 'Dijonnais', '--message', 'Et encore', '--category', 'relational']);
    expect(again.out).toMatch(/sent to 1 customers, held back 2, not in a wallet 0\.\n  weekly_cap +2\n/);
    const all = cli(['campaign', 'send', '--segment', 'all', '--message', 'À tous', '--category', 'relational']);
    expect(all.out).toMatch(/sent to 0 customers, held back 3, not in a wallet 20\./);
  });

  it('campaign send --at schedules it for the running server, and refuses what it cannot do', () => {
    const at = cli(['campaign', 'send', '--segment', 'all', '--message', 'Plus tard', '--at', '2099-06-01T10:00:00+02:00']);
    expect(at.code, at.err).toBe(0);
    expect(at.out).toMatch(/^Campaign #5 scheduled for 1 Jun 2099, 10:00 \(Europe\/Paris\); a running Passerelle sends it\./);
    expect(cli(['campaign', 'send', '--segment', 'Nobody', '--message', 'x'])).toMatchObject({ code: 1, err: expect.stringMatching(/No segment named/) });
    expect(cli(['campaign', 'send', '--segment', 'all', '--message', 'x', '--category', 'spam']).code).not.toBe(0);
    expect(cli(['campaign', 'send', '--segment', 'all', '--message', 'x', '--at', 'tomorrow']).code).not.toBe(0);
  });
});
