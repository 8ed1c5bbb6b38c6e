/**
 * The messages guard: the one place that decides whether a lock-screen message may reach a customer now. Campaigns
 * call it for every member of their audience, the customer panel for one customer, automations next. It holds no
 * state of its own beyond message_sends (sends-repository.ts) and its settings (Settings → Message discipline).
 */
import { Value } from 'typebox/value';
import type { Services } from '../services.js';
import { reasonExpression, reasonParams, type GuardMode, type GuardParams } from './guard-sql.js';
import { quietUntil } from './quiet-hours.js';
import {
  GuardSettings,
  MIX_TARGET,
  MIX_TOLERANCE,
  MESSAGE_CATEGORIES,
  type HoldReason,
  type MessageCategory,
  type MixView,
  type MixWarning,
} from './schemas.js';
import type { SendsRepository } from './sends-repository.js';

const KEYS = {
  timeZone: 'brand.timeZone',
  weeklyCap: 'messages.weeklyCap',
  quietStart: 'messages.quietStart',
  quietEnd: 'messages.quietEnd',
  silenceAfterPurchaseHours: 'messages.silenceAfterPurchaseHours',
  silenceAfterConversionDays: 'messages.silenceAfterConversionDays',
  exposureLimit30d: 'messages.exposureLimit30d',
} as const satisfies Record<keyof GuardSettings, string>;

/** The zone when the setting is empty: this computer's, as for the stores' opening hours (the same setting). */
const computerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Paris';

export interface Guard {
  settings(): GuardSettings;
  /** Validates and saves every value, or none. */
  saveSettings(next: GuardSettings): GuardSettings;
  /**
   * The first rule that keeps this customer from a message of `category` at `at`; null: it may go; undefined: no
   * such customer. `mode.reply`: the message answers the customer's own action (guard-sql.ts, GuardMode).
   */
  check(customerId: number, category: MessageCategory, at?: number, mode?: GuardMode): HoldReason | null | undefined;
  /** When a message due at `at` may go: null now, else the end of quiet hours. */
  quietUntil(at: number): number | null;
  /** The rules as an SQL expression over a customer row `c` (see guard-sql.ts), and its parameters. */
  reasonSql(category: MessageCategory): string;
  reasonParams(category: MessageCategory, at: number, mode?: GuardMode): GuardParams;
  /** Messages sent in the last 30 days by category, and the target mix. */
  mix(at?: number): MixView;
  /**
   * Warnings if `extra` more messages of `category` were sent now: a category drifting from the 40/30/30 mix (none
   * before the last 30 days hold a few messages).
   */
  mixWarnings(category: MessageCategory, extra: number, at?: number): MixWarning[];
}

export function createGuard(services: Pick<Services, 'settings' | 'now'>, sends: SendsRepository): Guard {
  const { settings: store, now } = services;
  const read = (): GuardSettings => {
    const zone = store.get(KEYS.timeZone) as string;
    return {
      timeZone: zone || computerZone(),
      weeklyCap: store.get(KEYS.weeklyCap) as number,
      quietStart: store.get(KEYS.quietStart) as string,
      quietEnd: store.get(KEYS.quietEnd) as string,
      silenceAfterPurchaseHours: store.get(KEYS.silenceAfterPurchaseHours) as number,
      silenceAfterConversionDays: store.get(KEYS.silenceAfterConversionDays) as number,
      exposureLimit30d: store.get(KEYS.exposureLimit30d) as number,
    };
  };

  const guard: Guard = {
    settings: read,
    saveSettings(next) {
      const clean = Value.Clean(GuardSettings, structuredClone(next)) as GuardSettings;
      store.setMany(Object.fromEntries(Object.entries(KEYS).map(([k, key]) => [key, clean[k as keyof GuardSettings]])));
      return read();
    },
    check: (customerId, category, at = now(), mode = {}) => sends.check(customerId, category, at, read(), mode),
    quietUntil(at) {
      const s = read();
      return quietUntil(at, { timeZone: s.timeZone, start: s.quietStart, end: s.quietEnd });
    },
    reasonSql: reasonExpression,
    reasonParams: (category, at, mode = {}) => reasonParams(category, at, read(), mode),
    mix(at = now()) {
      return { sent: sends.mix30d(at), target: { ...MIX_TARGET } };
    },
    mixWarnings(category, extra, at = now()) {
      const sent = sends.mix30d(at);
      // A shop's first messages have no mix to drift from: only with some history do shares mean anything.
      if (MESSAGE_CATEGORIES.reduce((n, c) => n + sent[c], 0) < 10) return [];
      sent[category] += extra;
      const total = MESSAGE_CATEGORIES.reduce((n, c) => n + sent[c], 0);
      const warnings: MixWarning[] = [];
      for (const c of MESSAGE_CATEGORIES) {
        const share = Math.round((sent[c] / total) * 100);
        if (Math.abs(share - MIX_TARGET[c]) > MIX_TOLERANCE) warnings.push({ kind: 'mix_drift', category: c, share, target: MIX_TARGET[c] });
      }
      return warnings;
    },
  };
  return guard;
}
