/**
 * A push worker in a process of its own, for the kill test: it drains the outbox of an existing database into an
 * APNs (the fake) until nothing is pending, then prints its figures as one JSON line and exits. The test SIGKILLs it
 * in the middle and starts another one, as a crash and a restart of the server would.
 *
 * Usage: node --import tsx server/testing/push-worker-child.ts <config.json>
 * config: { dbFile, host, port, caPem, certPem, keyPem, topic, lockMs, pollMs, commit }
 */
import { readFileSync } from 'node:fs';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { createApnsSender } from '../passes/apple/apns/apns-sender.js';
import { createPushOutbox } from '../passes/apple/apns/push-outbox.js';
import { createPushWorker } from '../passes/apple/apns/push-worker.js';

interface ChildConfig {
  dbFile: string;
  host: string;
  port: number;
  caPem: string;
  certPem: string;
  keyPem: string;
  topic: string;
  lockMs: number;
  pollMs: number;
  commit: 'turn' | 'answer';
}

const config = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as ChildConfig;
const db = openDatabase(config.dbFile);
const sender = createApnsSender({
  identity: { certPem: config.certPem, keyPem: config.keyPem, passTypeIdentifier: config.topic },
  endpoint: { host: config.host, port: config.port, caPem: config.caPem },
});
const worker = createPushWorker({ db, sender, topic: config.topic, lockMs: config.lockMs, pollMs: config.pollMs, commit: config.commit });
const outbox = createPushOutbox(db);

process.stdout.write(`${JSON.stringify({ started: true, pending: outbox.pendingCount() })}\n`);
worker.start();
while (outbox.pendingCount() > 0) {
  await worker.idle();
  // Rows locked by a killed worker come due when their lock runs out.
  if (outbox.pendingCount() > 0) await new Promise((r) => setTimeout(r, config.pollMs));
}
await worker.stop();
await sender.close();
closeDatabase(db);
process.stdout.write(`${JSON.stringify({ done: true, worker: worker.stats(), sender: sender.stats() })}\n`);
