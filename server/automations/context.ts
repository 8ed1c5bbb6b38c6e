/**
 * What every moment's evaluation works with: the repository, the messages guard and the record of sends, the cards'
 * lock-screen path, each automation as the owner set it (defaults filled in), and the sending of one automation
 * message to one customer: its occurrence taken, the guard asked, the message shown on the cards and recorded on the
 * customer's history, all in one transaction.
 */
import type { Db } from '../db/connection.js';
import type { Guard } from '../messaging/guard.js';
import type { MessagingParts } from '../messaging/messaging-module.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { LockScreen } from '../passes/cards/lock-screen.js';
import type { AutomationsRepository, FactsRow } from './automations-repository.js';
import { CATALOGUE, definitionOf, type AutomationDefinition } from './catalogue.js';
import type { AutomationKey } from './schemas.js';
import { render, type Extras, type TextContext } from './texts.js';

export interface ResolvedStep {
  id: string;
  category: AutomationDefinition['steps'][number]['category'];
  fr: string;
  en: string;
}

export interface ResolvedAutomation {
  key: AutomationKey;
  def: AutomationDefinition;
  enabled: boolean;
  steps: ResolvedStep[];
  params: Record<string, number>;
}

export interface AutomationDeps {
  db: Db;
  now(): number;
  repo: AutomationsRepository;
  guard: Guard;
  sends: MessagingParts['sends'];
  lockScreen: LockScreen;
  changes: CardChanges;
  texts(): TextContext;
}

export type SendResult = 'sent' | 'held' | 'duplicate' | 'gone';

export interface SendOptions {
  /** The message answers the customer's own action (the welcome): see GuardMode. */
  reply?: boolean;
  extras?: Extras;
  /** The text to show instead of the step's template (a calendar entry's). */
  template?: { fr: string; en: string };
  /** Facts already read with the candidate. */
  row?: FactsRow;
}

// Wallet notifies only when a field's value changes: the same words as the card shows already would arrive silently,
// so an invisible character makes them new (a birthday wish identical to last year's, still on the card).
const INVISIBLE = '\u2060';

export function resolveAutomation(repo: AutomationsRepository, key: AutomationKey): ResolvedAutomation {
  const def = definitionOf(key);
  const stored = repo.settings(key);
  const steps = def.steps.map((s, i) => {
    const own = stored?.messages[i];
    return { id: s.id, category: s.category, fr: own?.fr.trim() ? own.fr : s.fr, en: own?.fr.trim() ? own.en : s.en };
  });
  const params: Record<string, number> = {};
  for (const p of def.params) {
    const v = stored?.params[p.key];
    params[p.key] = typeof v === 'number' && Number.isInteger(v) && v >= p.min && v <= p.max ? v : p.default;
  }
  return { key, def, enabled: stored ? stored.enabled : def.enabledByDefault, steps, params };
}

export const allAutomations = (repo: AutomationsRepository): ResolvedAutomation[] => CATALOGUE.map((d) => resolveAutomation(repo, d.key));

export function createSender(deps: AutomationDeps) {
  const { db, repo, guard, sends, lockScreen } = deps;

  /**
   * One message of `automation`'s step to one customer, once per `occurrence`: 'duplicate' when that occurrence
   * was recorded before (by an earlier run, a second install, a catch-up), 'held' with the guard's reason recorded.
   */
  function sendOne(a: ResolvedAutomation, step: ResolvedStep, customerId: number, occurrence: string, at: number, opts: SendOptions = {}): SendResult {
    return db.transaction((): SendResult => {
      if (!repo.claim(customerId, a.key, occurrence, 'sent', null, at)) return 'duplicate';
      const row = opts.row ?? repo.facts(customerId);
      if (!row) return 'gone';
      const reason = guard.check(customerId, step.category, at, opts.reply ? { reply: true } : {});
      const text = render(opts.template ?? step, row, deps.texts(), opts.extras);
      const base = { customerId, origin: 'automation' as const, category: step.category, mechanic: a.key, at };
      if (reason === undefined) return 'gone';
      if (reason !== null) {
        const id = sends.record({ ...base, outcome: 'held', reason, text });
        repo.settle(customerId, a.key, occurrence, 'held', reason, id);
        return 'held';
      }
      const cards = lockScreen.cardsOf(customerId);
      const shown = cards.length > 0 && cards.every((c) => c.message === text) ? `${text}${INVISIBLE}` : text;
      lockScreen.show([customerId], shown, { origin: 'automation', automation: a.key, step: step.id });
      const id = sends.record({ ...base, outcome: 'sent', text, devices: row.cards });
      repo.settle(customerId, a.key, occurrence, 'sent', null, id);
      return 'sent';
    })();
  }

  /** Records an occurrence that will not be sent (and why), so that it is not looked at again. */
  function skip(a: ResolvedAutomation, customerId: number, occurrence: string, reason: string, at: number): boolean {
    return repo.claim(customerId, a.key, occurrence, 'skipped', reason, at);
  }

  return { sendOne, skip };
}

export type Sender = ReturnType<typeof createSender>;

/**
 * Abandoned carts the website posted through the API (`cart_abandoned` events, kept by the integrations feature):
 * those nobody acted on yet that occurred in (after, until], oldest first, and marking one handled.
 */
export interface CartEvents {
  unhandled(type: 'cart_abandoned', after: number, until: number, limit: number): Array<{ id: number; customerId: number; items: ReadonlyArray<{ name?: string }> }>;
  markHandled(id: number, at: number): boolean;
}

export interface EvalContext extends AutomationDeps {
  sender: Sender;
  carts: CartEvents;
  /** Lets the server answer between pages and keeps the job's lease; throws when the job must stop. */
  pause(): Promise<void>;
}

export interface Window {
  /** Exclusive. */
  from: number;
  /** Inclusive: now. */
  to: number;
}

/** Candidates per page (one transaction each). */
export const PAGE = 200;
