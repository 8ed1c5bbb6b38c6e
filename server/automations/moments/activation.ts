/**
 * Activation and early engagement (seed 001, moments 1 and 2).
 * - The welcome answers the card going into a wallet: sent as soon as the install is recorded (a trigger queues the
 *   evaluation in the install's transaction), never delayed by quiet hours or the weekly cap, once per customer
 *   whatever happens next (a second device, the card removed and added again).
 * - The optional activation sequence: a reminder and an offer on days 3 and 7 (the playbook's "mini-séquence").
 * - Early engagement, days 3 to 30: one step every 5 to 7 days, never within 5 days of the previous onboarding
 *   message (a sequence step the same week makes the engagement step give way).
 */
import type { EvalContext, ResolvedAutomation, Window } from '../context.js';
import { PAGE } from '../context.js';

const DAY = 86_400_000;
/** The playbook's spacing floor between two onboarding messages. */
export const MIN_GAP_DAYS = 5;

/** Records new installs and welcomes them; returns how many welcomes went. */
export async function welcomeNewInstalls(ctx: EvalContext, welcome: ResolvedAutomation, now: number): Promise<number> {
  const since = now - welcome.def.catchUpMs;
  const step = welcome.steps[0]!;
  let sent = 0;
  for (;;) {
    const installs = ctx.repo.newInstalls(since, now, PAGE);
    if (installs.length === 0) return sent;
    ctx.db.transaction(() => {
      for (const install of installs) {
        if (!ctx.repo.activate(install.id, install.at)) continue;
        if (!welcome.enabled) continue;
        if (ctx.sender.sendOne(welcome, step, install.id, 'once', now, { reply: true }) === 'sent') sent++;
      }
    })();
    await ctx.pause();
  }
}

/** Customers whose activation is `offsetDays` old within the window, each given `send` once for `occurrence`. */
async function dueSinceActivation(
  ctx: EvalContext,
  a: ResolvedAutomation,
  w: Window,
  offsetDays: number,
  occurrence: string,
  send: (customerId: number) => void,
): Promise<void> {
  const offset = offsetDays * DAY;
  for (;;) {
    const due = ctx.repo.activationsDue(w.from - offset, w.to - offset, a.key, occurrence, PAGE);
    if (due.length === 0) return;
    ctx.db.transaction(() => {
      for (const d of due) send(d.id);
    })();
    await ctx.pause();
  }
}

export async function activationSequence(ctx: EvalContext, a: ResolvedAutomation, w: Window): Promise<void> {
  const days = [a.params.reminderDay!, Math.max(a.params.offerDay!, a.params.reminderDay! + 1)];
  for (const [i, step] of a.steps.entries()) {
    const occurrence = `day${days[i]}`;
    await dueSinceActivation(ctx, a, w, days[i]!, occurrence, (id) => {
      // The step's occurrence is taken whatever happens, so a customer is looked at once per step.
      if (ctx.sender.sendOne(a, step, id, occurrence, w.to) === 'duplicate') return;
    });
  }
}

/** Days after activation of each early-engagement step: 3, 9, 15, 21, 27 with the defaults (all within 30). */
export function engagementDays(startDay: number, spacingDays: number, steps: number): number[] {
  const days: number[] = [];
  for (let i = 0; i < steps; i++) {
    const day = startDay + i * spacingDays;
    if (day > 30) break;
    days.push(day);
  }
  return days;
}

export async function earlyEngagement(ctx: EvalContext, a: ResolvedAutomation, w: Window): Promise<void> {
  const days = engagementDays(a.params.startDay!, a.params.spacingDays!, a.steps.length);
  for (const [i, day] of days.entries()) {
    const step = a.steps[i]!;
    const occurrence = `day${day}`;
    await dueSinceActivation(ctx, a, w, day, occurrence, (id) => {
      const last = ctx.repo.lastSent(id, 'activation_sequence', 'early_engagement', w.to - MIN_GAP_DAYS * DAY);
      if (last !== null) {
        ctx.sender.skip(a, id, occurrence, 'spacing', w.to);
        return;
      }
      ctx.sender.sendOne(a, step, id, occurrence, w.to);
    });
  }
}
