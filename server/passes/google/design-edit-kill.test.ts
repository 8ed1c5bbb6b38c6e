/**
 * A design edit touching 10,000 Google objects goes through the jobs module to the (fake) Google Wallet API, paced,
 * and survives a kill: the worker process is SIGKILLed in the middle and a new one finishes. Every object ends up
 * patched, no job is lost, and an object whose update was committed before the kill is never patched again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../app-root.js';
import { closeDatabase, type Db } from '../../db/connection.js';
import { eventually } from '../../testing/apns-fixture.js';
import { startFakeGoogleWallet, type FakeGoogleWallet } from '../../testing/fake-google-wallet.js';
import { testServiceAccount } from '../../testing/google-credentials.js';
import { editPointsLabel, placeObjectsAtFake, seedGoogleCards } from '../../testing/google-fixtures.js';
import { openMigratedDatabase } from '../../testing/wallet-fixtures.js';
import { GOOGLE_OBJECT_KIND } from './object-job.js';

const CARDS = 10_000;
const ISSUER = '3388000000022222222';
/** Fast enough for a test; the pacing is checked against it exactly as against Google's 20/s. */
const RATE = 1_000;
const BATCH = 20;
const LABEL = 'Vos points';

function runChild(configFile: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(findAppRoot(), 'server/testing/google-worker-child.ts'), configFile], {
    cwd: findAppRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

describe('a 10,000-object design edit, killed and restarted', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-google-kill-'));
  let db: Db | undefined;
  let fake: FakeGoogleWallet | undefined;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await fake?.close();
    if (db) closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches every object once through the jobs module, paced, with nothing lost', async () => {
    const sa = testServiceAccount();
    fake = await startFakeGoogleWallet({ issuerId: ISSUER });
    fake.trustKey(sa.publicKey);
    db = openMigratedDatabase(join(dir, 'passerelle.sqlite'));
    const seeded = seedGoogleCards(db, { cards: CARDS, issuerId: ISSUER, apiUrl: fake.url, tokenUrl: fake.tokenUrl, serviceAccountJson: sa.json, dataDir: dir });
    placeObjectsAtFake(fake, db, seeded, ISSUER);
    expect(editPointsLabel(db, seeded.designId, LABEL)).toBe(CARDS);
    expect(db.prepare(`SELECT count(*) AS n FROM jobs WHERE kind = ? AND status = 'pending'`).get(GOOGLE_OBJECT_KIND)).toEqual({ n: CARDS });

    const configFile = join(dir, 'child.json');
    writeFileSync(configFile, JSON.stringify({ dataDir: dir, publicUrl: 'https://cartes.fauvette.example', rate: RATE, leaseMs: 2_000, pollMs: 100 }));
    const patches = () => fake!.operations.filter((o) => o.method === 'PATCH' && o.path.startsWith('loyaltyObject/') && o.status === 200);

    const first = runChild(configFile);
    children.push(first.child);
    // operations.length is cheap to poll; the fake shares this process's event loop.
    await eventually(() => fake!.operations.length >= 3_000 || first.child.exitCode !== null, 'the first thousands of patches', 90_000);
    first.child.kill('SIGKILL');
    expect(await first.exited, first.output()).toBeNull();
    const beforeRestart = patches().length;
    const doneAtKill = new Set(
      db.prepare<[], { payload: string }>(`SELECT payload FROM jobs WHERE kind = 'google.object' AND status = 'done'`).all().map((r) => (JSON.parse(r.payload) as { passId: number }).passId),
    );
    expect(beforeRestart).toBeLessThan(CARDS);

    const second = runChild(configFile);
    children.push(second.child);
    expect(await second.exited, second.output()).toBe(0);

    // Every object shows the edit, and every job is done.
    const stale = seeded.objectIds.filter((id) => (fake!.get('loyaltyObject', id)!.loyaltyPoints as { label?: string }).label !== LABEL);
    expect(stale).toEqual([]);
    expect(db.prepare(`SELECT status, count(*) AS n FROM jobs WHERE kind = 'google.object' GROUP BY status`).all()).toEqual([{ status: 'done', n: CARDS }]);
    // Nothing committed before the kill was sent again.
    const doneIds = new Set(seeded.passIds.map((id, i) => [id, seeded.objectIds[i]!] as const).filter(([id]) => doneAtKill.has(id)).map(([, o]) => o));
    const resent = patches().slice(beforeRestart).filter((o) => doneIds.has(o.path.slice('loyaltyObject/'.length)));
    expect(resent).toEqual([]);
    // Patched twice: only objects Google had answered whose sync the dead worker had not recorded yet.
    const duplicates = patches().length - CARDS;
    // Paced: no second held more calls than the rate, give or take a batch arriving early or late at each end of the
    // window (arrival times are read at the fake, whose event loop this test shares).
    const busiest = fake.maxInWindow(1_000);
    console.log(
      `google kill test: ${beforeRestart} patches before the kill (${doneAtKill.size} jobs committed done), ` +
        `${patches().length - beforeRestart} after; duplicates ${duplicates}; busiest second ${busiest} calls (rate ${RATE})`,
    );
    expect(duplicates).toBeLessThanOrEqual(2 * BATCH);
    expect(busiest).toBeLessThanOrEqual(RATE + 2 * BATCH);
  });
});
