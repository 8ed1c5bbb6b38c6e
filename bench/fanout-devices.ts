/**
 * The outside world of the fan-out benchmark, on its own thread so that it does not queue behind the server's event
 * loop: the fake APNs (records every push) and the simulated phones. A phone acts when the fake has recorded a push
 * for its token, as an iPhone does when APNs delivers one: it asks what changed since its tag and fetches those
 * passes, over HTTP to the public listener, a bounded number of phones at a time.
 */
import { writeFileSync } from 'node:fs';
import { Pool } from 'undici';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeApns } from '../server/testing/fake-apns.js';
import { currentThreadId } from './thread-cpu.js';
import { SimulatedDevice, type HttpAnswer, type HttpRequest } from '../server/testing/device-simulator.js';

export interface DevicePlan {
  dli: string;
  pushToken: string;
  address: string;
  serials: string[];
}

export interface DevicesData {
  clientCaPem: string;
  wwdrPem: string;
  topic: string;
  webServiceURL: string;
  /** serial → authentication token */
  tokens: Record<string, string>;
  devices: DevicePlan[];
  concurrency: number;
}

export type ToDevices =
  | { type: 'register' }
  /** `organizationName`: what every fetched pass.json must now say (the edited design's brand name). */
  | { type: 'go'; expectedPushes: number; organizationName: string }
  | { type: 'close' };
export type FromDevices =
  | { type: 'ready'; port: number; caPem: string; threadId: number | undefined }
  /** The clock stops: every push recorded and every phone holding its new pass (checks follow, untimed). */
  | { type: 'stopped' }
  | { type: 'registered'; registrations: number; ms: number; failures: number }
  | { type: 'progress'; pushes: number; fetched: number }
  | {
      type: 'done';
      /** Epoch-based high-resolution times (performance.timeOrigin + now()). */
      lastPushAt: number;
      lastFetchAt: number;
      pushes: number;
      fetched: number;
      unchanged: number;
      failures: string[];
      /** Share of the timed part this thread's event loop was busy (0–1). */
      busy: number;
      /** Passes checked after the clock stopped, as Wallet checks them (manifest SHA-1s, serial, token, content). */
      checked: number;
      checkMs: number;
      /** serial → pass.json of a few fetched passes, for checks on the main thread. */
      samples: Array<{ serial: string; bytes: Uint8Array }>;
    };

const data = workerData as DevicesData;
const port = parentPort!;
const post = (m: FromDevices) => port.postMessage(m);
const clock = () => performance.timeOrigin + performance.now();

// The phones stand for 13,000 devices elsewhere on the internet: their HTTP client should cost this machine as
// little as possible, so they speak through undici (keep-alive, `concurrency` connections) rather than node:http.
const origin = new URL(data.webServiceURL).origin;
const client = new Pool(origin, { connections: data.concurrency });
async function transport(req: HttpRequest): Promise<HttpAnswer> {
  const url = new URL(req.url);
  if (url.origin !== origin) throw new Error(`phones only talk to ${origin}, not ${url.origin}`);
  const res = await client.request({ method: req.method, path: url.pathname + url.search, headers: req.headers ?? {}, body: req.body ?? null });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers as HttpAnswer['headers'], body };
}
const fake = await startFakeApns({ clientCaPem: data.clientCaPem, topic: data.topic, maxConcurrentStreams: 1000 });
const phones = new Map<string, SimulatedDevice>();
for (const plan of data.devices) {
  const phone = new SimulatedDevice({
    wwdrPem: data.wwdrPem,
    verifySignature: false,
    checks: 'deferred',
    deviceLibraryIdentifier: plan.dli,
    pushToken: plan.pushToken,
    address: plan.address,
    transport,
  });
  for (const serial of plan.serials) {
    phone.adopt({ serialNumber: serial, passTypeIdentifier: data.topic, webServiceURL: data.webServiceURL, authenticationToken: data.tokens[serial]! });
  }
  phones.set(plan.pushToken, phone);
}

/** Runs `task` over `items`, `limit` at a time. */
async function bounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

async function register(): Promise<void> {
  const started = performance.now();
  let registrations = 0;
  let failures = 0;
  await bounded([...phones.values()], data.concurrency, async (phone) => {
    for (const serial of phone.passes.keys()) {
      const status = await phone.register(serial);
      if (status === 201) registrations++;
      else failures++;
    }
    // The first conversation: every registered pass, and the tag to send next time.
    await phone.listUpdates(data.webServiceURL, data.topic, false);
  });
  post({ type: 'registered', registrations, ms: performance.now() - started, failures });
}

/** Every pass fetched during the run, checked now that the clock has stopped; problems go to `failures`. */
function checkHeldPasses(organizationName: string, failures: string[]): number {
  let checked = 0;
  for (const phone of phones.values()) {
    try {
      for (const pass of phone.checkHeld()) {
        checked++;
        if (pass.passJson.organizationName !== organizationName) failures.push(`${pass.serialNumber}: old design served`);
      }
    } catch (err) {
      failures.push(String(err));
    }
  }
  return checked;
}

function go(expectedPushes: number, organizationName: string): void {
  const waiting: SimulatedDevice[] = [];
  const done = new Set<SimulatedDevice>();
  const failures: string[] = [];
  const samples: Array<{ serial: string; bytes: Uint8Array }> = [];
  let seen = 0;
  let active = 0;
  let fetched = 0;
  let unchanged = 0;
  let lastPushAt = 0;
  let lastFetchAt = 0;
  let finished = false;
  const elu = performance.eventLoopUtilization();

  // FANOUT_PROFILE=<dir> (see fanout.ts): this thread's profile over the timed part too.
  const profileDir = process.env['FANOUT_PROFILE'];
  const profiler = profileDir ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
  }
  const finish = async () => {
    if (finished) return;
    finished = true;
    clearInterval(watch);
    clearInterval(progress);
    if (profiler && profileDir) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(join(profileDir, `fanout-devices-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    const busy = performance.eventLoopUtilization(elu).utilization;
    post({ type: 'stopped' });
    const checkStart = performance.now();
    const checked = checkHeldPasses(organizationName, failures);
    const checkMs = performance.now() - checkStart;
    post({ type: 'done', lastPushAt, lastFetchAt, pushes: fake.pushes.length, fetched, unchanged, failures: failures.slice(0, 20), samples, busy, checked, checkMs });
  };
  const check = () => {
    if (fake.pushes.length >= expectedPushes && done.size === phones.size && active === 0) void finish();
  };
  const pump = () => {
    while (active < data.concurrency && waiting.length > 0) {
      const phone = waiting.shift()!;
      active++;
      phone
        .onPush()
        .then((updated) => {
          const at = clock();
          if (updated.length > 0) {
            fetched += updated.length;
            lastFetchAt = at;
            done.add(phone);
            if (samples.length < 8) samples.push({ serial: updated[0]!, bytes: new Uint8Array(phone.passes.get(updated[0]!)!.bytes) });
          } else unchanged++;
        })
        .catch((err: unknown) => failures.push(String(err)))
        .finally(() => {
          active--;
          pump();
          check();
        });
    }
  };
  // The fake records pushes as it accepts them; phones are told as soon as their push is seen.
  const watch = setInterval(() => {
    const pushes = fake.pushes;
    if (pushes.length > seen) lastPushAt = clock();
    for (; seen < pushes.length; seen++) {
      const phone = phones.get(pushes[seen]!.token);
      if (phone) waiting.push(phone);
    }
    pump();
    check();
  }, 2);
  const progress = setInterval(() => post({ type: 'progress', pushes: fake.pushes.length, fetched }), 1_000);
}

port.on('message', (m: ToDevices) => {
  if (m.type === 'register') void register();
  else if (m.type === 'go') go(m.expectedPushes, m.organizationName);
  else if (m.type === 'close') {
    void client.close();
    void fake.close().then(() => process.exit(0));
  }
});
post({ type: 'ready', port: fake.port, caPem: fake.caPem, threadId: currentThreadId() });
