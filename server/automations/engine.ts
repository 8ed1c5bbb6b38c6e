/**
 * Evaluates the automations at an instant. Each automation that is on looks at the window since its last evaluation
 * (automation_cursors), at most its catch-up limit back: a computer that was off for a day sends, when it starts,
 * what fell due meanwhile, once (each customer's occurrence is recorded with its message), and nothing older. Quiet
 * hours hold everything but the welcome: the windows simply wait and cover the night when they end.
 */
import { CATALOGUE } from './catalogue.js';
import { resolveAutomation, type EvalContext, type ResolvedAutomation, type Window } from './context.js';
import { activationSequence, earlyEngagement, welcomeNewInstalls } from './moments/activation.js';
import { anniversaries, birthdays, calendar } from './moments/highlights.js';
import { nextTier, tierReached } from './moments/loyalty.js';
import { dormantPoints, reactivation } from './moments/reactivation.js';
import { cartReminders, expireCartTexts } from './moments/retail.js';
import type { AutomationKey } from './schemas.js';

type Evaluate = (ctx: EvalContext, a: ResolvedAutomation, w: Window, timeZone: string) => Promise<unknown>;

const EVALUATE: Record<Exclude<AutomationKey, 'welcome'>, Evaluate> = {
  activation_sequence: activationSequence,
  early_engagement: earlyEngagement,
  tier_reached: tierReached,
  next_tier: nextTier,
  early_access: calendar,
  reactivation,
  dormant_points: dormantPoints,
  cart_reminder: cartReminders,
  birthday: birthdays,
  anniversary: anniversaries,
  seasonal: calendar,
};

export interface TickResult {
  welcomed: number;
  /** The automations whose window was evaluated. */
  evaluated: AutomationKey[];
  /** Quiet hours held the evaluation until then (null: not quiet). */
  quietUntil: number | null;
}

export function createEngine(ctx: EvalContext, timeZone: () => string) {
  /** The welcome of every card that went into a wallet lately (what the install trigger's job runs). */
  const welcome = (now: number): Promise<number> => welcomeNewInstalls(ctx, resolveAutomation(ctx.repo, 'welcome'), now);

  /** When an automation is switched on, it starts from now: what fell due while it was off is not sent. */
  const startFrom = (key: AutomationKey, now: number): void => ctx.repo.setCursor(key, now);

  async function tick(now: number): Promise<TickResult> {
    const welcomed = await welcome(now);
    expireCartTexts(ctx, now);
    const quiet = ctx.guard.quietUntil(now);
    if (quiet !== null) return { welcomed, evaluated: [], quietUntil: quiet };
    const evaluated: AutomationKey[] = [];
    const zone = timeZone();
    for (const def of CATALOGUE) {
      if (def.key === 'welcome') continue;
      const a = resolveAutomation(ctx.repo, def.key);
      if (!a.enabled) continue;
      const cursor = ctx.repo.cursor(a.key);
      if (!cursor) {
        startFrom(a.key, now);
        continue;
      }
      const from = Math.max(cursor.until, now - def.catchUpMs);
      if (from < now) {
        await EVALUATE[def.key](ctx, a, { from, to: now }, zone);
        evaluated.push(a.key);
      }
      ctx.repo.setCursor(a.key, now);
    }
    return { welcomed, evaluated, quietUntil: null };
  }

  return { tick, welcome, startFrom };
}

export type Engine = ReturnType<typeof createEngine>;
