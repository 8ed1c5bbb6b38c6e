/**
 * A 100,000-customer campaign through a kill: the server process (job runner, APNs pushes to a local fake APNs) is
 * SIGKILLed in the middle of the send, then started again. Every customer gets the message once (one message_sends
 * row, one 'message' event on their card), every phone's push reaches APNs, and the only pushes APNs sees twice are
 * those it had answered when the kill came but whose answers the dead process had not committed (bounded by the
 * in-flight window, as in the APNs outbox's own kill test): a repeated push carries no message, it only makes the
 * phone ask for a pass it already has.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { closeDatabase, type Db } from '../db/connection.js';
import { openAppDatabase } from '../db/index.js';
import { COMMIT_BATCH } from '../jobs/runner.js';
import { createIdentityStore } from '../passes/apple/identity/identity-store.js';
import { createSettingsRepository } from '../settings/settings-repository.js';
import { eventually } from '../testing/apns-fixture.js';
import { welcomeOff } from '../testing/automations-off.js';
import { startFakeApns, type FakeApns } from '../testing/fake-apns.js';
import { seedWalletCustomers } from '../testing/messaging-fixtures.js';

const CUSTOMERS = 100_000;
/** The fake's concurrent streams: the most pushes in flight at once. */
const WINDOW = 100;

function runChild(dataDir: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(findAppRoot(), 'server/testing/campaign-child.ts'), dataDir], {
    cwd: findAppRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

describe('a 100,000-customer campaign killed in the middle', { timeout: 900_000 }, () => {
  let dataDir: string;
  let db: Db | undefined;
  let fake: FakeApns | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await fake?.close();
    if (db) closeDatabase(db);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reaches every customer once and every phone’s APNs push, through a kill and a restart', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-campaign-kill-'));
    db = openAppDatabase(dataDir).db;
    // APNs is a local fake trusting the development identity, as `passerelle settings apns` would set it.
    const identity = createIdentityStore(db).current();
    const topic = identity.identity.passTypeIdentifier;
    fake = await startFakeApns({ clientCaPem: identity.pems.wwdrPem, topic, maxConcurrentStreams: WINDOW });
    const caFile = join(dataDir, 'fake-apns-ca.pem');
    writeFileSync(caFile, fake.caPem);
    createSettingsRepository(db, dataDir).setMany({
      'apns.host': '127.0.0.1',
      'apns.port': fake.port,
      'apns.caFile': caFile,
      // The guard's timing rules would make the test depend on the hour it runs at (messaging/guard.test.ts).
      'messages.quietStart': '09:00',
      'messages.quietEnd': '09:00',
    });
    const { tokens } = seedWalletCustomers(db, { count: CUSTOMERS, passTypeIdentifier: topic });
    // Their cards went into wallets a moment ago: the welcome would greet each of them too; this test is the campaign's.
    welcomeOff(db);

    // The campaign, created as the admin does (its run queued, due now).
    const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent' }, cwd: dataDir, appRoot: findAppRoot() });
    const app = await buildApp(config, { db });
    const campaign = app.parts.campaigns.campaigns.create({
      name: 'Soldes d’hiver',
      category: 'commercial',
      messageFr: '{{firstName}}, les soldes commencent : -30 % en boutique',
      segmentId: null,
      schedule: { kind: 'now' },
    });
    await app.close();
    const sends = () => db!.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM message_sends WHERE campaign_id = ${campaign.id}`).get()!.n;

    const first = runChild(dataDir);
    children.push(first.child);
    await eventually(() => sends() >= 30_000 || first.child.exitCode !== null, 'the first 30,000 customers', 600_000);
    first.child.kill('SIGKILL');
    expect(await first.exited, first.output()).toBeNull();
    await eventually(() => fake!.stats().liveSessions === 0, 'the killed connection to close');
    const sentAtKill = sends();
    const pushedAtKill = fake.pushes.length;
    // Killed in the middle of the campaign, not after it.
    expect(sentAtKill).toBeGreaterThanOrEqual(30_000);
    expect(sentAtKill).toBeLessThan(CUSTOMERS);

    const second = runChild(dataDir);
    children.push(second.child);
    expect(await second.exited, second.output()).toBe(0);

    // Every customer once: one row each, all sent, and one message on each card.
    const outcomes = db.prepare<[number], { outcome: string; n: number; customers: number }>(
      'SELECT outcome, COUNT(*) AS n, COUNT(DISTINCT customer_id) AS customers FROM message_sends WHERE campaign_id = ? GROUP BY outcome',
    ).all(campaign.id);
    expect(outcomes).toEqual([{ outcome: 'sent', n: CUSTOMERS, customers: CUSTOMERS }]);
    const perCard = db
      .prepare<[], { times: number; cards: number }>(
        `SELECT times, COUNT(*) AS cards FROM (SELECT COUNT(*) AS times FROM wallet_events WHERE kind = 'message' GROUP BY pass_id) GROUP BY times`,
      )
      .all();
    expect(perCard).toEqual([{ times: 1, cards: CUSTOMERS }]);
    expect(db.prepare<[], { text: string }>('SELECT message AS text FROM passes WHERE id = 1').get()!.text).toBe('Client 0, les soldes commencent : -30 % en boutique');
    const run = app.parts.campaigns.repository.runsOf(campaign.id)[0]!;
    expect(run).toMatchObject({ status: 'done', audience: CUSTOMERS, unreachable: 0 });

    // Every phone's push reached APNs; a second one only where the dead process had not recorded APNs' answer.
    const missing = tokens.filter((t) => fake!.countFor(t) === 0);
    expect(missing).toEqual([]);
    const duplicates = fake.pushes.length - CUSTOMERS;
    const twice = tokens.filter((t) => fake!.countFor(t) > 1).length;
    console.log(
      `campaign kill test: killed after ${sentAtKill} customers sent and ${pushedAtKill} pushes; after the restart ${fake.pushes.length - pushedAtKill} more pushes; ` +
        `every customer once; pushes seen twice by APNs: ${twice} (bound ${WINDOW + COMMIT_BATCH})`,
    );
    expect(twice).toBe(duplicates);
    expect(duplicates).toBeLessThanOrEqual(WINDOW + COMMIT_BATCH);
    expect(db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'apns.push' AND status <> 'done'`).get()!.n).toBe(0);
  });
});
