/**
 * APNs sender throughput: 10,000 pushes through our `node:http2` sender and through `@parse/node-apn` 8, against the
 * same fake APNs (TLS, HTTP/2, client certificate, SETTINGS_MAX_CONCURRENT_STREAMS 1,000) running in its own process,
 * in the same run. Rounds alternate between the two so that the machine's noise falls on both. Also measured: the
 * same 10,000 pushes driven from the durable outbox (SQLite rows claimed, outcomes committed per event-loop turn, and
 * per answer), the path the server takes.
 * Targets (ENGINEERING.md): ours ≥ 5,000 pushes/s and ≥ 1× node-apn.
 *
 * node-apn is given the same in-flight limit as ours (1,000 sends outstanding): handed 10,000 recipients at once it
 * opens 10,000 streams, the server refuses those above its limit and node-apn reports them failed. It is also given
 * `{"aps":{}}` rather than `{}`: node-apn leaves the body out when it is exactly `{}`, which APNs answers with 400
 * PayloadEmpty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import apn from '@parse/node-apn';
import { closeDatabase } from '../server/db/connection.js';
import { createDevIdentity } from '../server/passes/apple/dev-identity.js';
import { createApnsSender, type ApnsIdentity } from '../server/passes/apple/apns/apns-sender.js';
import { enqueuePushes } from '../server/passes/apple/apns/push-outbox.js';
import { createPushWorker } from '../server/passes/apple/apns/push-worker.js';
import { withApnsEnvironments } from '../server/testing/apns-certificate.js';
import { forkFakeApns, type FakeApnsProcess } from '../server/testing/fake-apns-process.js';
import { openMigratedDatabase, pushTokenFor, seedRegisteredPasses } from '../server/testing/wallet-fixtures.js';

const N = 10_000;
const CAP_MS = 10_000;
const ROUNDS = 5;
const WINDOW = 1_000;

interface Run {
  perSec: number;
  perCpuSec: number;
  delivered: number;
  failed: number;
}

let tokenSeq = 0;
const freshTokens = (n: number) => Array.from({ length: n }, () => pushTokenFor(`bench-${tokenSeq++}`));

/** Sends `tokens` through `send`, at most `lanes` outstanding, until done or `CAP_MS` spent. */
async function measure(fake: FakeApnsProcess, tokens: string[], lanes: number, send: (token: string) => Promise<boolean>): Promise<Run> {
  const before = (await fake.stats()).accepted;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  let ok = 0;
  let failed = 0;
  const lane = async () => {
    while (next < tokens.length && performance.now() - started < CAP_MS) {
      if (await send(tokens[next++]!)) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const delivered = (await fake.stats()).accepted - before;
  if (delivered !== ok) throw new Error(`the fake accepted ${delivered} pushes, the client reported ${ok}`);
  return { perSec: ok / seconds, perCpuSec: ok / ((used.user + used.system) / 1e6), delivered, failed };
}

async function measureOutbox(identity: ApnsIdentity, fake: FakeApnsProcess, commit: 'turn' | 'answer'): Promise<Run & { enqueueMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-apns-'));
  const db = openMigratedDatabase(join(dir, 'bench.sqlite'));
  const sender = createApnsSender({ identity, endpoint: { host: fake.host, port: fake.port, caPem: fake.caPem } });
  try {
    const { passIds } = seedRegisteredPasses(db, { passes: N, passTypeIdentifier: identity.passTypeIdentifier });
    await sender.send(freshTokens(1)[0]!);
    const before = (await fake.stats()).accepted;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const queued = enqueuePushes(db, passIds);
    const enqueueMs = performance.now() - started;
    const worker = createPushWorker({ db, sender, topic: identity.passTypeIdentifier, commit });
    worker.start();
    await Promise.race([worker.idle(), new Promise((r) => setTimeout(r, CAP_MS))]);
    await worker.stop();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const { sent, failed } = worker.stats();
    const delivered = (await fake.stats()).accepted - before;
    if (queued !== N || delivered !== sent) throw new Error(`outbox: queued ${queued}, sent ${sent}, the fake accepted ${delivered}`);
    return { perSec: sent / seconds, perCpuSec: sent / ((used.user + used.system) / 1e6), delivered, failed, enqueueMs };
  } finally {
    await sender.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (r: Run) => `${r.perSec.toFixed(0).padStart(6)} pushes/s, ${r.perCpuSec.toFixed(0).padStart(6)} per CPU-second${r.failed ? `, ${r.failed} FAILED` : ''}`;

async function main(): Promise<void> {
  // node-apn refuses a client certificate without Apple's APNs environment extensions; both senders use this one.
  const dev = withApnsEnvironments(createDevIdentity());
  const identity: ApnsIdentity = { certPem: dev.certificatePem, keyPem: dev.privateKeyPem, passTypeIdentifier: dev.passTypeIdentifier };
  const fake = await forkFakeApns({ clientCaPem: dev.wwdrPem, topic: dev.passTypeIdentifier, maxConcurrentStreams: WINDOW });
  const load = loadavg()[0]!;
  console.log(`${N} pushes per round, ${ROUNDS} rounds each, cap ${CAP_MS / 1000} s; fake APNs in its own process, max ${WINDOW} concurrent streams`);
  console.log(`machine: ${availableParallelism()} cores, load average ${load.toFixed(2)} at start`);

  const ours = createApnsSender({ identity, endpoint: { host: fake.host, port: fake.port, caPem: fake.caPem }, maxInFlight: WINDOW });
  const oursSend = async (token: string) => (await ours.send(token)).kind === 'ok';
  const provider = new apn.Provider({
    cert: dev.certificatePem,
    key: dev.privateKeyPem,
    ca: [fake.caPem],
    production: true,
    address: fake.host,
    port: fake.port,
  });
  const note = new apn.Notification();
  note.topic = dev.passTypeIdentifier;
  note.pushType = 'alert';
  note.priority = 10;
  note.expiry = Math.floor(Date.now() / 1000) + 86_400;
  note.rawPayload = { aps: {} };
  const nodeApnSend = async (token: string) => (await provider.send(note, token)).sent.length === 1;

  // Warm-up: TLS sessions, JIT.
  await measure(fake, freshTokens(2_000), WINDOW, oursSend);
  await measure(fake, freshTokens(2_000), WINDOW, nodeApnSend);

  const oursRuns: Run[] = [];
  const nodeApnRuns: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Our API takes every push at once and keeps the window itself; node-apn gets the window from us.
    const o = await measure(fake, freshTokens(N), N, oursSend);
    const b = await measure(fake, freshTokens(N), WINDOW, nodeApnSend);
    oursRuns.push(o);
    nodeApnRuns.push(b);
    console.log(`round ${round}: ours ${fmt(o)} | node-apn ${fmt(b)}`);
  }
  const outbox = await measureOutbox(identity, fake, 'turn');
  console.log(`ours through the outbox (SQLite file, one commit per event-loop turn): ${fmt(outbox)}; enqueue of ${N} rows ${outbox.enqueueMs.toFixed(0)} ms`);
  const perAnswer = await measureOutbox(identity, fake, 'answer');
  console.log(`ours through the outbox (SQLite file, one commit per answer):          ${fmt(perAnswer)}`);

  // Other processes only ever slow a run down, so the best round is the closest to what the code can do; the median
  // is printed too. Each round's two runs follow each other and share the load of the moment: the ratio compares
  // them pairwise.
  const best = (runs: Run[]) => Math.max(...runs.map((r) => r.perSec));
  const oursPerSec = best(oursRuns);
  const nodeApnPerSec = best(nodeApnRuns);
  const ratio = median(oursRuns.map((o, i) => o.perSec / nodeApnRuns[i]!.perSec));
  const oursCpu = median(oursRuns.map((r) => r.perCpuSec));
  const nodeApnCpu = median(nodeApnRuns.map((r) => r.perCpuSec));
  console.log(`best round: ours ${oursPerSec.toFixed(0)} pushes/s, node-apn ${nodeApnPerSec.toFixed(0)} pushes/s`);
  console.log(
    `median round: ours ${median(oursRuns.map((r) => r.perSec)).toFixed(0)} pushes/s, node-apn ${median(nodeApnRuns.map((r) => r.perSec)).toFixed(0)} pushes/s`,
  );
  console.log(
    `ratio ours/node-apn (median of the rounds' ratios): ${ratio.toFixed(2)}× (target ≥ 1: ${ratio >= 1 ? 'meets' : 'MISSES'}); ` +
      `per CPU-second ${(oursCpu / nodeApnCpu).toFixed(2)}×`,
  );
  console.log(`ours vs target 5,000 pushes/s: ${oursPerSec >= 5_000 ? 'meets' : 'MISSES'}`);

  await ours.close();
  await provider.shutdown();
  const stats = await fake.stats();
  await fake.close();
  console.log(
    JSON.stringify({
      bench: 'apns',
      ourPushesPerSec: Math.round(oursPerSec),
      nodeApnPushesPerSec: Math.round(nodeApnPerSec),
      ratio: +ratio.toFixed(2),
      ourMedianPushesPerSec: Math.round(median(oursRuns.map((r) => r.perSec))),
      nodeApnMedianPushesPerSec: Math.round(median(nodeApnRuns.map((r) => r.perSec))),
      ourPushesPerCpuSec: Math.round(oursCpu),
      nodeApnPushesPerCpuSec: Math.round(nodeApnCpu),
      outboxPushesPerSec: Math.round(outbox.perSec),
      outboxCommitPerAnswerPushesPerSec: Math.round(perAnswer.perSec),
      enqueue10kMs: Math.round(outbox.enqueueMs),
      pushesPerRound: N,
      maxConcurrentStreams: WINDOW,
      fakeMaxConcurrentObserved: stats.maxConcurrentObserved,
      loadAverage: +load.toFixed(2),
      targets: { ourPushesPerSec: 5_000, ratio: 1 },
    }),
  );
}

await main();
