/**
 * The guard's rules as one SQL expression over a customer row `c`: the first reason that keeps the customer from a
 * message of a category at an instant, or NULL. One expression serves every use (one customer's message, a
 * campaign's batch, a campaign's preview over a whole audience), so what the preview promises is what the send does.
 * It reads the customer's own columns (wallet state, consent, preferences, last purchase) and their 'sent' rows of
 * message_sends through the (customer_id, at) index; nothing else. Parameters are named `g_*`, so that callers can
 * add their own.
 */
import { GOOGLE_DAILY_LIMIT, type GuardSettings, type MessageCategory } from './schemas.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A purchase within this long after a message the customer received counts as that message's conversion. */
export const CONVERSION_WINDOW_MS = 7 * DAY;

// Columns of the customer's own choices on their preferences page, by category (never from input).
const TOPIC_COLUMN: Record<MessageCategory, string> = {
  relational: 'c.messages_relational',
  inspiration: 'c.messages_inspiration',
  commercial: 'c.messages_commercial',
};

const sentSince = (param: string) =>
  `(SELECT COUNT(*) FROM message_sends m WHERE m.customer_id = c.id AND m.outcome = 'sent' AND m.at > @${param})`;

/** The CASE expression; its order is HOLD_REASONS' order. */
export function reasonExpression(category: MessageCategory): string {
  return `CASE
    WHEN c.wallet_apple + c.wallet_google = 0 THEN 'not_in_wallet'
    WHEN c.messages_stopped_at IS NOT NULL THEN 'stopped'
    WHEN c.messages_paused_until > @g_now THEN 'paused'
    WHEN @g_consent = 1 AND c.consent_marketing = 0 THEN 'no_consent'
    WHEN ${TOPIC_COLUMN[category]} = 0 THEN 'topic_off'
    WHEN @g_reply = 0 AND ${sentSince('g_week')} >= @g_weekly THEN 'weekly_cap'
    WHEN ${sentSince('g_day')} >= @g_daily THEN 'daily_cap'
    WHEN @g_reply = 0 AND @g_exposure > 0 AND ${sentSince('g_month')} >= @g_exposure THEN 'exposure'
    WHEN @g_reply = 0 AND c.last_purchase_at > @g_purchase THEN 'after_purchase'
    WHEN @g_reply = 0 AND c.last_purchase_at > @g_conversion AND EXISTS (
      SELECT 1 FROM message_sends m WHERE m.customer_id = c.id AND m.outcome = 'sent'
        AND m.at <= c.last_purchase_at AND m.at > c.last_purchase_at - ${CONVERSION_WINDOW_MS}) THEN 'after_conversion'
  END`;
}

export type GuardParams = Record<`g_${string}`, number>;

/**
 * How a message relates to the customer. 'reply' answers their own action a moment ago (the welcome when they add
 * the card): the weekly cap, heavy exposure and the silences after a purchase or a conversion do not hold it back
 * (it still counts toward them afterwards); their choices, consent and Google's 3 in 24 hours still apply.
 */
export interface GuardMode {
  reply?: boolean;
}

/** The expression's parameters for a message of `category` at `now` under `settings`. */
export function reasonParams(category: MessageCategory, now: number, settings: GuardSettings, mode: GuardMode = {}): GuardParams {
  return {
    g_now: now,
    g_reply: mode.reply ? 1 : 0,
    g_consent: category === 'relational' ? 0 : 1,
    g_day: now - DAY,
    g_week: now - 7 * DAY,
    g_month: now - 30 * DAY,
    // Binding only when the weekly cap is above it (the weekly count is looked at first).
    g_daily: GOOGLE_DAILY_LIMIT,
    g_weekly: settings.weeklyCap,
    g_exposure: settings.exposureLimit30d,
    // A silence of 0 compares with the future: nothing is held.
    g_purchase: settings.silenceAfterPurchaseHours === 0 ? Number.MAX_SAFE_INTEGER : now - settings.silenceAfterPurchaseHours * HOUR,
    g_conversion: settings.silenceAfterConversionDays === 0 ? Number.MAX_SAFE_INTEGER : now - settings.silenceAfterConversionDays * DAY,
  };
}
