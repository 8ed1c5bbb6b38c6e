/**
 * Keeps the dashboard's daily figures current (the kpi.rollup job kind, and on demand before the dashboard or
 * `passerelle kpi` read them when they are older than a minute). A run recomputes yesterday and today from the raw
 * tables; every day is rebuilt the first time, when the shop's time zone changed, once a night (a customer who put
 * their card in a wallet moves their past purchases to the wallet side), and when rows were added with a time in the
 * past (a CSV import, the demo). Then each campaign run whose measurement window is still open is measured again.
 */
import type { Db } from '../db/connection.js';
import type { JobHandler } from '../jobs/types.js';
import { addDays, dayBounds, instantOf, localDate } from '../shop-days.js';
import type { KpiRepository } from './kpi-repository.js';

const DAY = 86_400_000;
/** How long after a campaign run its recipients' purchases are counted (and its control group's). */
export const LIFT_DAYS = 14;
export const ROLLUP_JOB = 'kpi.rollup';
const EVERY_MS = 10 * 60_000;
/** How often a campaign run whose window is open is measured again (seconds of work at 1 M customers). */
const REMEASURE_MS = 60 * 60_000;
/** The nightly rebuild, in shop time. */
const NIGHTLY = '03:00';

export interface RollupResult {
  full: boolean;
  days: number;
  runs: number;
  ms: number;
}

export interface RollupDeps {
  db: Db;
  now(): number;
  repo: KpiRepository;
  timeZone(): string;
}

export function createRollup(deps: RollupDeps) {
  const { db, repo } = deps;
  let running: Promise<RollupResult> | undefined;

  async function build(forceFull: boolean, pause: () => Promise<void>): Promise<RollupResult> {
    const started = performance.now();
    const now = deps.now();
    const zone = deps.timeZone();
    const today = localDate(now, zone);
    const state = repo.state();
    const seen = repo.lastIds();
    const earliest = repo.earliest();
    const sizes = repo.groupSizes();
    const base = { timeZone: zone, builtAt: now, customersWallet: sizes.wallet, customersOther: sizes.other, purchasesSeen: seen.p, eventsSeen: seen.e, sendsSeen: seen.s };
    if (earliest === null) {
      db.transaction(() => {
        repo.clearBefore('9999-12-31');
        repo.putState({ ...base, fullAt: now, firstDay: null, lastDay: null });
      })();
      return { full: true, days: 0, runs: 0, ms: performance.now() - started };
    }
    const firstDay = localDate(Math.min(earliest, now), zone);
    const nightly = instantOf(today, NIGHTLY, zone);
    const incrementalFrom = state?.lastDay ? addDays(state.lastDay, -1) : firstDay;
    const full =
      forceFull ||
      !state ||
      state.timeZone !== zone ||
      state.lastDay === null ||
      (state.fullAt < nightly && now >= nightly) ||
      repo.backdated({ p: state.purchasesSeen, e: state.eventsSeen, s: state.sendsSeen }, dayBounds(incrementalFrom, zone).start) > 0;
    const from = full ? firstDay : incrementalFrom < firstDay ? firstDay : incrementalFrom;
    let days = 0;
    for (let d = from; d <= today; d = addDays(d, 1)) {
      const { start, end } = dayBounds(d, zone);
      db.transaction(() => repo.putDay(d, repo.dayValues(start, end)))();
      days++;
      // A day is ~0.6 s of work at 1 M customers: let requests through between days.
      await pause();
    }
    let runs = 0;
    for (const run of repo.runsToMeasure(LIFT_DAYS, now - REMEASURE_MS)) {
      const groups = repo.measureRun(run.id, run.started_at, run.started_at + LIFT_DAYS * DAY);
      db.transaction(() => repo.putGroups(run.id, groups, LIFT_DAYS, now))();
      runs++;
      if (runs % 20 === 0) await pause();
    }
    db.transaction(() => {
      if (full) repo.clearBefore(firstDay);
      repo.putState({ ...base, fullAt: full ? now : state!.fullAt, firstDay, lastDay: today });
    })();
    return { full, days, runs, ms: performance.now() - started };
  }

  /** One run at a time: a call while one runs waits for it and runs again (it may have started before a change). */
  function run(options: { full?: boolean; pause?: () => Promise<void> } = {}): Promise<RollupResult> {
    const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    const previous = running ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => build(options.full ?? false, pause));
    running = next;
    void next.finally(() => {
      if (running === next) running = undefined;
    }).catch(() => undefined);
    return next;
  }

  /**
   * Brings the figures up to date when they are older than `maxAgeMs`. Without `wait`, figures already built are
   * answered at once and brought up to date behind (an incremental run takes seconds at 1 M customers, and the
   * dashboard says when its figures were built); figures never built, or built for another time zone, are waited for.
   */
  async function fresh(maxAgeMs = 60_000, options: { wait?: boolean } = {}): Promise<void> {
    const state = repo.state();
    const sameZone = state !== undefined && state.timeZone === deps.timeZone();
    if (sameZone && deps.now() - state.builtAt < maxAgeMs) return;
    if (sameZone && !options.wait) {
      if (!running) void run().catch(() => undefined);
      return;
    }
    await run();
  }

  const handler: JobHandler<Record<string, never>> = {
    kind: ROLLUP_JOB,
    leaseMs: 10 * 60_000,
    maxAttempts: 1_000,
    backoff: (n) => Math.min(30 * 60_000, 30_000 * 2 ** n),
    async handle(jobs, ctx) {
      await run({
        pause: async () => {
          ctx.heartbeat();
          await new Promise((resolve) => setImmediate(resolve));
        },
      });
      return jobs.map(() => ({ kind: 'release' as const, at: ctx.now() + EVERY_MS }));
    },
  };

  return { run, fresh, handler };
}

export type Rollup = ReturnType<typeof createRollup>;
