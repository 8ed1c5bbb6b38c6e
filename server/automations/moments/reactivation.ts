/**
 * Reactivation (seed 001, moment 4): a message when a customer has not bought for 30, 60 and 90 days (each once per
 * last purchase: buying again starts the count afresh), and a reminder of points left dormant.
 */
import type { EvalContext, ResolvedAutomation, ResolvedStep, Window } from '../context.js';
import { PAGE } from '../context.js';

const DAY = 86_400_000;

async function sinceLastPurchase(
  ctx: EvalContext,
  a: ResolvedAutomation,
  step: ResolvedStep,
  w: Window,
  days: number,
  minPoints: number,
  prefix: string,
): Promise<void> {
  const offset = days * DAY;
  for (;;) {
    const due = ctx.repo.lastPurchaseDue(w.from - offset, w.to - offset, a.key, prefix, minPoints, PAGE);
    if (due.length === 0) return;
    ctx.db.transaction(() => {
      for (const d of due) ctx.sender.sendOne(a, step, d.id, `${prefix}${d.last_purchase_at}`, w.to);
    })();
    await ctx.pause();
  }
}

export async function reactivation(ctx: EvalContext, a: ResolvedAutomation, w: Window): Promise<void> {
  const days = [a.params.firstDays!, a.params.secondDays!, a.params.thirdDays!];
  for (const [i, step] of a.steps.entries()) {
    await sinceLastPurchase(ctx, a, step, w, days[i]!, Number.MIN_SAFE_INTEGER, `${step.id}:`);
  }
}

export async function dormantPoints(ctx: EvalContext, a: ResolvedAutomation, w: Window): Promise<void> {
  await sinceLastPurchase(ctx, a, a.steps[0]!, w, a.params.days!, a.params.minPoints!, '');
}
