/**
 * The automations' two job kinds.
 * - `automation.tick`: one recurring row, evaluated every few minutes (and at once when the server starts, which is
 *   the catch-up after the computer was off); each run releases the row to its next time.
 * - `automation.welcome`: queued by the install trigger (migration NNN_automations_kpis) in the transaction that recorded a card going
 *   into a wallet, so the welcome goes within seconds, whatever the tick's rhythm.
 */
import type { JobHandler } from '../jobs/types.js';
import type { Engine } from './engine.js';

export const TICK_JOB = 'automation.tick';
export const WELCOME_JOB = 'automation.welcome';
/** How often the automations look: every due message goes within this of its time (outside quiet hours). */
export const TICK_MS = 5 * 60_000;
const LEASE_MS = 5 * 60_000;

export function tickJob(engine: Engine, log: { error(obj: object, msg: string): void }): JobHandler<Record<string, never>> {
  return {
    kind: TICK_JOB,
    leaseMs: LEASE_MS,
    maxAttempts: 1_000,
    backoff: (n) => Math.min(15 * 60_000, 10_000 * 2 ** n),
    async handle(jobs, ctx) {
      const now = ctx.now();
      try {
        const result = await engine.tick(now);
        const next = Math.min(now + TICK_MS, result.quietUntil ?? Infinity);
        return jobs.map(() => ({ kind: 'release' as const, at: next }));
      } catch (err) {
        log.error({ err }, 'automations: an evaluation failed; it runs again');
        return jobs.map(() => ({ kind: 'retry' as const, error: err instanceof Error ? err.message : String(err) }));
      }
    },
  };
}

export function welcomeJob(engine: Engine): JobHandler<Record<string, never>> {
  return {
    kind: WELCOME_JOB,
    backoff: (n) => Math.min(60_000, 2_000 * 2 ** n),
    async handle(jobs, ctx) {
      await engine.welcome(ctx.now());
      return jobs.map(() => ({ kind: 'done' as const }));
    },
  };
}
