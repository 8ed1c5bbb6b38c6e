/**
 * Loyalty and VIP (seed 001, moment 3): "Palier Gold atteint 🏆" when a customer reaches a higher tier, and "Encore 25
 * points pour débloquer le palier Silver" when a credit brings them within reach of the next one (once per tier).
 * Early access for a tier is a calendar entry (highlights.ts, with the other dates the owner sets).
 */
import type { EvalContext, ResolvedAutomation, Window } from '../context.js';
import { PAGE } from '../context.js';
import type { Locale } from '../texts.js';

export async function tierReached(ctx: EvalContext, a: ResolvedAutomation, w: Window): Promise<void> {
  const step = a.steps[0]!;
  for (;;) {
    const changes = ctx.repo.tierChanges(w.from, w.to, PAGE);
    if (changes.length === 0) return;
    ctx.db.transaction(() => {
      for (const c of changes) ctx.sender.sendOne(a, step, c.id, String(c.change_id), w.to);
    })();
    await ctx.pause();
  }
}

export async function nextTier(ctx: EvalContext, a: ResolvedAutomation, w: Window): Promise<void> {
  const step = a.steps[0]!;
  const tiers = ctx.repo.tiers();
  const gap = a.params.gap!;
  let after = 0;
  for (;;) {
    const credited = ctx.repo.credited(w.from, w.to, after, PAGE);
    if (credited.length === 0) return;
    ctx.db.transaction(() => {
      for (const c of credited) {
        const next = tiers.find((t) => t.threshold > c.lifetime_points);
        if (!next || next.threshold - c.lifetime_points > gap) continue;
        const missing = next.threshold - c.lifetime_points;
        const extras = (locale: Locale) => ({ pointsToNext: String(missing), nextTier: locale === 'en' ? next.name_en : next.name_fr });
        ctx.sender.sendOne(a, step, c.id, next.id, w.to, { extras });
      }
    })();
    after = credited[credited.length - 1]!.id;
    await ctx.pause();
  }
}
