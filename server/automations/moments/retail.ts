/**
 * Retail conversion (seed 001, moment 5; seed 003, the Camaïeu case): an abandoned cart from the website (the API's
 * `cart_abandoned` event) becomes what the card says near our stores, for a limited time: "Article repéré 🧐 Robe
 * Lina vous attend : venez la découvrir à Maison Fauvette Lyon." The wallet shows it on the lock screen when the
 * customer comes near one of the stores the card lists, only while that store is open (the stores feature blanks
 * the text of a closed store). The card changes silently when the text is put on and when it ends.
 */
import type { CardLocation } from '../../passes/design/card-locations.js';
import type { EvalContext, ResolvedAutomation, Window } from '../context.js';
import { PAGE } from '../context.js';
import { render } from '../texts.js';

const HOUR = 3_600_000;

function firstItemName(items: ReadonlyArray<{ name?: string }>): string {
  const first = items.find((i) => typeof i.name === 'string' && i.name.trim() !== '');
  return first?.name?.trim().slice(0, 80) ?? '';
}

const FALLBACK_ITEM = { fr: 'Votre sélection', en: 'Your selection' };

export async function cartReminders(ctx: EvalContext, a: ResolvedAutomation, w: Window): Promise<void> {
  const step = a.steps[0]!;
  for (;;) {
    const carts = ctx.carts.unhandled('cart_abandoned', w.from, w.to, PAGE);
    if (carts.length === 0) return;
    ctx.db.transaction(() => {
      for (const cart of carts) {
        ctx.carts.markHandled(cart.id, w.to);
        const occurrence = String(cart.id);
        const row = ctx.repo.facts(cart.customerId);
        if (!row || row.cards === 0) {
          ctx.sender.skip(a, cart.customerId, occurrence, 'not_in_wallet', w.to);
          continue;
        }
        if (!ctx.repo.claim(row.id, a.key, occurrence, 'sent', null, w.to)) continue;
        const item = firstItemName(cart.items);
        // What the history records: the words with the preferred store (the card names each store it lists).
        const extras = (locale: 'fr' | 'en') => ({ item: item || FALLBACK_ITEM[locale], store: row.store_name ?? ctx.texts().brandName });
        const text = render(step, row, ctx.texts(), extras);
        const base = { customerId: row.id, origin: 'automation' as const, category: step.category, mechanic: a.key, at: w.to, text };
        const reason = ctx.guard.check(row.id, step.category, w.to);
        if (reason) {
          ctx.repo.settle(row.id, a.key, occurrence, 'held', reason, ctx.sends.record({ ...base, outcome: 'held', reason }));
          continue;
        }
        ctx.repo.putStoreText({ customerId: row.id, eventId: cart.id, textFr: step.fr, textEn: step.en, item, startsAt: w.to, until: w.to + a.params.hours! * HOUR });
        ctx.changes.markCustomerChanged(row.id, { reason: 'cart', detail: { automation: a.key, event: cart.id } });
        ctx.repo.settle(row.id, a.key, occurrence, 'sent', null, ctx.sends.record({ ...base, outcome: 'sent', devices: row.cards }));
      }
    })();
    await ctx.pause();
  }
}

/** Cart texts whose time is over come off the cards. */
export function expireCartTexts(ctx: EvalContext, now: number): number {
  return ctx.db.transaction(() => {
    const ids = ctx.repo.expireStoreTexts(now);
    if (ids.length > 0) ctx.changes.markCustomersChanged(ids, { reason: 'cart', detail: { ended: true } });
    return ids.length;
  })();
}

export interface LocationStore {
  latitude: number;
  longitude: number;
  name: string;
}

/**
 * The locations a card built now carries, with a live cart text in place of each open store's own text (a closed
 * store's stays blank), in both languages, naming each store. `stores` names the listed stores (the stores feature's
 * nearest list: the same places).
 */
export function withCartText(
  ctx: Pick<EvalContext, 'repo' | 'texts'>,
  customerId: number,
  now: number,
  locations: CardLocation[],
  stores: () => LocationStore[],
): CardLocation[] {
  if (locations.every((l) => l.text === null)) return locations;
  const cart = ctx.repo.storeText(customerId, now);
  if (!cart) return locations;
  const row = ctx.repo.facts(customerId);
  if (!row) return locations;
  const named = stores();
  const texts = ctx.texts();
  const template = { fr: cart.textFr, en: cart.textEn };
  return locations.map((l) => {
    if (l.text === null) return l;
    const store = named.find((s) => s.latitude === l.latitude && s.longitude === l.longitude)?.name ?? texts.brandName;
    const inLocale = (locale: 'fr' | 'en') =>
      render(template, { ...row, locale }, texts, { item: cart.item || FALLBACK_ITEM[locale], store });
    return { ...l, text: { fr: inLocale('fr'), en: inLocale('en') } };
  });
}
