/**
 * The signed bytes the web service sends a phone: the issuer's pass (design, customer with the latest lock-screen
 * message, identity).
 *
 * Two ways in. On demand (`get`): issuer.prepare, the issuer's bytes cache, else a build on the worker pool; two
 * phones asking for the same pass at once share one build. Ahead of demand (`warm`): right after a change commits,
 * the changed passes that some device registered are built in batches, in the order their pushes leave, and kept as
 * "fresh" until each of their devices has fetched them (or a few minutes passed). After a design edit this turns
 * 10,000 scattered requests into a steady stream of large batches on the pool, and each phone's request into a
 * lookup. A fresh copy is served only for the pass version and signing identity it was built from; any later change
 * bumps the version (updates.ts), so it is never stale. The workers write each pass.json from the design's template
 * and the customer's recipe (apple/pass-recipe.ts).
 */
import type { Db } from '../../../db/connection.js';
import type { IdentityStore } from '../identity/identity-store.js';
import { CUSTOMER_FACTS_SQL, type CustomerRow } from '../../cards/customer-facts.js';
import type { IssueContext, PassIssuer } from '../issuer.js';
import { toPass, type PassRow, type PassTableRow } from '../../cards/passes-repository.js';
import { createBuildQueue, type BuildPriority, type BuildQueueOptions } from '../signing-queue.js';

export interface PassBytesDeps {
  db: Db;
  issuer: PassIssuer;
  identity: IdentityStore;
  now?: () => number;
  queue?: BuildQueueOptions;
  /** Bytes of fresh passes held at once; warming waits for phones to fetch beyond this. */
  maxFreshBytes?: number;
  freshTtlMs?: number;
}

export interface PassBytes {
  /** What a phone holding the pass fetches (built ahead when it changed, shared between its devices). */
  get(pass: PassRow): Promise<Buffer>;
  /**
   * The pass's bytes from the cache or the signing pool: downloads ('phone', the default) and exports ('bulk', after
   * every phone's build). A batch passes the customers it read and one issue context.
   */
  build(pass: PassRow, options?: { customer?: CustomerRow; ctx?: IssueContext; priority?: BuildPriority }): Promise<Buffer>;
  /** Builds ahead the passes among `passIds` that a device registered; resolves with how many it built. */
  warm(passIds: readonly number[]): Promise<number>;
  /** Fresh passes held, for tests and benchmarks. */
  readonly fresh: { count: number; bytes: number };
  close(): Promise<void>;
}

const WARM_CHUNK = 32;

interface Fresh {
  key: string;
  bytes: Buffer;
  /** Devices that have not fetched it yet. */
  remaining: number;
  expires: number;
}

interface RegisteredRow extends PassTableRow {
  devices: number;
}


const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createPassBytes(deps: PassBytesDeps): PassBytes {
  const { issuer } = deps;
  const now = deps.now ?? Date.now;
  const maxFreshBytes = deps.maxFreshBytes ?? 128 * 1024 * 1024;
  const freshTtlMs = deps.freshTtlMs ?? 5 * 60_000;
  const queue = createBuildQueue(deps.queue);
  const building = new Map<string, Promise<Buffer>>();
  const fresh = new Map<number, Fresh>();
  const warming = new Map<number, { key: string; promise: Promise<Buffer> }>();
  // Passes every device has fetched at this key: building them ahead again would be wasted (phones can outrun warm).
  const served = new Map<number, string>();
  const MAX_SERVED = 200_000;
  let freshBytes = 0;
  let closed = false;

  // Ordered like the outbox's rows (by push token), so that the first phones to hear find their pass ready.
  const registered = deps.db.prepare<[string], RegisteredRow>(
    `SELECT p.id, p.customer_id, p.design_id, p.serial, p.pass_type_identifier, p.auth_token, p.download_id, p.version,
            p.updated_at, p.created_at, p.message, COUNT(*) AS devices
     FROM passes p JOIN registrations r ON r.pass_id = p.id JOIN devices d ON d.id = r.device_id
     WHERE p.id IN (SELECT value FROM json_each(?)) AND p.platform = 'apple'
     GROUP BY p.id ORDER BY MIN(d.push_token)`,
  );
  const customersOf = deps.db.prepare<[string], CustomerRow>(`${CUSTOMER_FACTS_SQL} WHERE c.id IN (SELECT value FROM json_each(?))`);
  const devicesOf = deps.db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM registrations WHERE pass_id = ?');

  const keyOf = (pass: { version: number }, fingerprint: string) => `${pass.version}|${fingerprint}`;

  function drop(passId: number): void {
    const f = fresh.get(passId);
    if (!f) return;
    fresh.delete(passId);
    freshBytes -= f.bytes.length;
  }

  function markServed(passId: number, key: string): void {
    if (served.size >= MAX_SERVED) served.clear();
    served.set(passId, key);
  }

  function keep(passId: number, entry: Fresh): void {
    drop(passId);
    fresh.set(passId, entry);
    freshBytes += entry.bytes.length;
    const at = now();
    for (const [id, f] of fresh) {
      if (f.expires > at) break;
      drop(id);
    }
  }

  async function onDemand(pass: PassRow, customer?: CustomerRow, ctx?: IssueContext, priority: BuildPriority = 'phone'): Promise<Buffer> {
    const prepared = await issuer.prepare(pass, customer, ctx);
    const key = prepared.cacheKey;
    const hit = issuer.cache.get(key);
    if (hit) return hit;
    const running = building.get(key);
    if (running) return running;
    const promise = queue
      .build(prepared.identity, { images: prepared.images, template: prepared.template, data: { recipe: prepared.recipe } }, priority)
      .then((bytes) => {
        issuer.cache.set(key, bytes);
        return bytes;
      })
      .finally(() => building.delete(key));
    building.set(key, promise);
    return promise;
  }

  async function warmChunk(rows: RegisteredRow[], ctx: IssueContext): Promise<number> {
    const fingerprint = ctx.identity.fingerprint;
    const customers = new Map(customersOf.all(JSON.stringify(rows.map((r) => r.customer_id))).map((c) => [c.id, c]));
    const builds = rows.map(async (row) => {
      const pass = toPass(row);
      const key = keyOf(pass, fingerprint);
      if (fresh.get(pass.id)?.key === key || warming.get(pass.id)?.key === key || served.get(pass.id) === key) return 0;
      const promise = onDemand(pass, customers.get(row.customer_id), ctx);
      warming.set(pass.id, { key, promise });
      try {
        const bytes = await promise;
        if (!closed) keep(pass.id, { key, bytes, remaining: row.devices, expires: now() + freshTtlMs });
        return 1;
      } finally {
        if (warming.get(pass.id)?.promise === promise) warming.delete(pass.id);
      }
    });
    return (await Promise.all(builds)).reduce<number>((a, b) => a + b, 0);
  }

  return {
    get fresh() {
      return { count: fresh.size, bytes: freshBytes };
    },

    async get(pass) {
      if (closed) throw new Error('pass bytes closed');
      const identity = deps.identity.current();
      const key = keyOf(pass, identity.fingerprint);
      const f = fresh.get(pass.id);
      if (f?.key === key) {
        if (--f.remaining <= 0) {
          drop(pass.id);
          markServed(pass.id, key);
        }
        return f.bytes;
      }
      const w = warming.get(pass.id);
      if (w?.key === key) return w.promise;
      // Not built ahead (yet): built now, and kept for this pass's other devices; building it ahead is skipped.
      const promise = onDemand(pass, undefined, issuer.context(identity));
      warming.set(pass.id, { key, promise });
      try {
        const bytes = await promise;
        const others = (devicesOf.get(pass.id)?.n ?? 0) - 1;
        if (others > 0 && !closed) keep(pass.id, { key, bytes, remaining: others, expires: now() + freshTtlMs });
        else markServed(pass.id, key);
        return bytes;
      } finally {
        if (warming.get(pass.id)?.promise === promise) warming.delete(pass.id);
      }
    },

    build(pass, options = {}) {
      if (closed) return Promise.reject(new Error('pass bytes closed'));
      return onDemand(pass, options.customer, options.ctx, options.priority);
    },

    async warm(passIds) {
      if (closed || passIds.length === 0) return 0;
      const rows = registered.all(JSON.stringify(passIds));
      if (rows.length === 0) return 0;
      const ctx = issuer.context();
      const inFlight = new Set<Promise<number>>();
      // Deep enough that the workers always find work queued, even while this thread is busy answering phones.
      const window = Math.max(2, queue.threads * 16);
      const giveUpAt = now() + freshTtlMs;
      let built = 0;
      for (let i = 0; i < rows.length && !closed; i += WARM_CHUNK) {
        // Phones fetch what is held; beyond the bound, building further ahead would only evict it unread.
        while (freshBytes > maxFreshBytes && now() < giveUpAt && !closed) await sleep(20);
        while (inFlight.size >= window) await Promise.race(inFlight);
        const chunk = warmChunk(rows.slice(i, i + WARM_CHUNK), ctx).then((n) => {
          built += n;
          return n;
        });
        const tracked = chunk.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        // Requests and pushes get their turn between chunks.
        await tick();
      }
      await Promise.allSettled(inFlight);
      return built;
    },

    async close() {
      closed = true;
      fresh.clear();
      freshBytes = 0;
      await queue.close();
    },
  };
}
