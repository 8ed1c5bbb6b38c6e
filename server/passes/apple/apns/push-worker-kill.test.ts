import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../app-root.js';
import { closeDatabase, type Db } from '../../../db/connection.js';
import { eventually, startApnsFixture, type ApnsFixture } from '../../../testing/apns-fixture.js';
import { openMigratedDatabase, seedRegisteredPasses } from '../../../testing/wallet-fixtures.js';
import { enqueuePushes } from './push-outbox.js';
import { COMMIT_BATCH } from './push-worker.js';

const PUSHES = 10_000;
/** The fake's SETTINGS_MAX_CONCURRENT_STREAMS, hence the sender's window: the most that can be in flight. */
const WINDOW = 100;

function runChild(configFile: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(findAppRoot(), 'server/testing/push-worker-child.ts'), configFile], {
    cwd: findAppRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

// Two worker processes (tsx compiles each on start) and 10,000 pushes through real TLS: slow on a loaded 2-core box.
describe('push worker killed in the middle of a fan-out', { timeout: 120_000 }, () => {
  let dir: string;
  let db: Db | undefined;
  let fx: ApnsFixture | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await fx?.fake.close();
    if (db) closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    // One commit per answer, before the stream that replaces it leaves: duplicates ≤ the window.
    ['answer', WINDOW],
    // One commit per event-loop turn: the turn's answers (≤ COMMIT_BATCH) may also be uncommitted.
    ['turn', WINDOW + COMMIT_BATCH],
  ] as const)('commits per %s: a restarted worker delivers every remaining push once; done rows are never sent again', async (commit, bound) => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-push-kill-'));
    const dbFile = join(dir, 'push.sqlite');
    fx = await startApnsFixture({ maxConcurrentStreams: WINDOW });
    const fake = fx.fake;
    db = openMigratedDatabase(dbFile);
    const { passIds, tokens } = seedRegisteredPasses(db, { passes: PUSHES, passTypeIdentifier: fx.identity.passTypeIdentifier });
    expect(enqueuePushes(db, passIds)).toBe(PUSHES);

    const configFile = join(dir, 'child.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        dbFile,
        host: fake.host,
        port: fake.port,
        caPem: fake.caPem,
        certPem: fx.identity.certPem,
        keyPem: fx.identity.keyPem,
        topic: fx.identity.passTypeIdentifier,
        lockMs: 2_000,
        pollMs: 100,
        commit,
      }),
    );

    const first = runChild(configFile);
    children.push(first.child);
    await eventually(() => fake.pushes.length >= 3_000 || first.child.exitCode !== null, 'the first thousands of pushes', 60_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    // What the dead worker had written to its socket still arrives; count once its connection is gone.
    await eventually(() => fake.stats().liveSessions === 0, 'the killed connection to close');
    const beforeRestart = fake.pushes.length;
    const doneAtKill = new Set(
      db.prepare<[], { payload: string }>(`SELECT payload FROM jobs WHERE status = 'done'`).all().map((r) => (JSON.parse(r.payload) as { token: string }).token),
    );
    expect(beforeRestart).toBeGreaterThanOrEqual(3_000);
    expect(beforeRestart).toBeLessThan(PUSHES);

    const second = runChild(configFile);
    children.push(second.child);
    expect(await second.exited, second.output()).toBe(0);

    // Every push reached APNs.
    for (const t of tokens) expect(fake.countFor(t)).toBeGreaterThanOrEqual(1);
    expect(db.prepare(`SELECT status, count(*) AS n FROM jobs GROUP BY status`).all()).toEqual([{ status: 'done', n: PUSHES }]);
    // Nothing marked done before the kill was sent again.
    const resent = fake.pushes.slice(beforeRestart).filter((p) => doneAtKill.has(p.token));
    expect(resent).toEqual([]);
    // Sent twice: only pushes APNs had received whose outcome the dead worker had not committed.
    const duplicates = fake.pushes.length - PUSHES;
    console.log(
      `kill test (commit per ${commit}): ${beforeRestart} pushes reached APNs before the kill, ${doneAtKill.size} rows were ` +
        `committed done; after the restart ${fake.pushes.length - beforeRestart} more; duplicates: ${duplicates} (bound ${bound})`,
    );
    expect(duplicates).toBe(beforeRestart - doneAtKill.size);
    expect(duplicates).toBeLessThanOrEqual(bound);
  });
});
