/** The messages guard's contract: categories, mechanics, why a send was held back, its settings, what a send did. */
import { Type, type Static } from 'typebox';

/** The playbook's three kinds of message (seed 001, "40 % relationnel / 30 % inspiration / 30 % commercial"). */
export const MESSAGE_CATEGORIES = ['relational', 'inspiration', 'commercial'] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];
export const MessageCategorySchema = Type.Enum(MESSAGE_CATEGORIES);

/** The share of each category the mix aims at over 30 days, in percent. */
export const MIX_TARGET: Readonly<Record<MessageCategory, number>> = { relational: 40, inspiration: 30, commercial: 30 };
/** How far (percentage points) a category's share may drift from its target before a warning. */
export const MIX_TOLERANCE = 15;

/**
 * What a message leans on, to warn when the same one repeats (seed 001: "évitez l'accumulation de rappels de points,
 * les enchaînements de dernière chance… alternez produit, service, émotion, privilège, surprise").
 */
export const MECHANICS = [
  'product',
  'service',
  'emotion',
  'privilege',
  'surprise',
  'points_reminder',
  'last_chance',
  'promotion',
  'event',
  'other',
] as const;
export type Mechanic = (typeof MECHANICS)[number];
export const MechanicSchema = Type.Enum(MECHANICS);

/**
 * Why a customer does not get a message, in the order the guard looks (the first that applies is recorded).
 * not_in_wallet: no card in a wallet, nowhere to show it. stopped / paused: the customer's preferences page.
 * no_consent: inspiration and commercial messages need marketing consent. topic_off: the customer turned this kind
 * of message off. weekly_cap: the setting, in any 7 days. daily_cap: 3 in 24 hours (Google's limit per card), which
 * binds only when the weekly cap is above 3.
 * exposure: heavy exposure over 30 days. after_purchase / after_conversion: the silences after buying.
 */
export const HOLD_REASONS = [
  'not_in_wallet',
  'stopped',
  'paused',
  'no_consent',
  'topic_off',
  'weekly_cap',
  'daily_cap',
  'exposure',
  'after_purchase',
  'after_conversion',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];
export const HoldReasonSchema = Type.Enum(HOLD_REASONS);

/** Google Wallet notifies at most 3 times per card in 24 hours; the guard never lets more through. */
export const GOOGLE_DAILY_LIMIT = 3;

const HourMinute = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const GuardSettings = Type.Object(
  {
    /** IANA zone of the shop: quiet hours and schedules are in its local time. */
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    weeklyCap: Type.Integer({ minimum: 1, maximum: 7 }),
    quietStart: HourMinute,
    quietEnd: HourMinute,
    silenceAfterPurchaseHours: Type.Integer({ minimum: 0, maximum: 720 }),
    silenceAfterConversionDays: Type.Integer({ minimum: 0, maximum: 60 }),
    exposureLimit30d: Type.Integer({ minimum: 0, maximum: 90 }),
  },
  { additionalProperties: false },
);
export type GuardSettings = Static<typeof GuardSettings>;

/** A lock-screen message to one customer, from the customer's panel. */
export const DirectMessageInput = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 240, pattern: '\\S' }),
    category: Type.Optional(MessageCategorySchema),
  },
  { additionalProperties: false },
);
export type DirectMessageInput = Static<typeof DirectMessageInput>;

/**
 * What really happened to a message to one customer. sent: on its way to `devices` phones (Apple devices and Google
 * cards). waiting_certificate: queued, but Apple pushes wait for the shop's Pass Type ID certificate. held: the guard
 * kept it back (`reason`). waiting: quiet hours; it goes at `until`.
 */
export const DirectMessageResult = Type.Object({
  outcome: Type.Enum(['sent', 'waiting_certificate', 'held', 'waiting']),
  passes: Type.Integer(),
  devices: Type.Integer(),
  reason: Type.Union([HoldReasonSchema, Type.Null()]),
  until: Type.Union([Type.Integer(), Type.Null()]),
});
export type DirectMessageResult = Static<typeof DirectMessageResult>;

/** One message meant for a customer, as their timeline shows it. */
export const MessageSend = Type.Object({
  id: Type.Integer(),
  origin: Type.Enum(['campaign', 'direct', 'automation']),
  campaignId: Type.Union([Type.Integer(), Type.Null()]),
  campaignName: Type.Union([Type.String(), Type.Null()]),
  /** The automation that sent it (automations/: welcome, birthday…), for an automation's message. */
  automation: Type.Union([Type.String(), Type.Null()]),
  category: MessageCategorySchema,
  outcome: Type.Enum(['sent', 'held', 'control', 'waiting']),
  reason: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  devices: Type.Integer(),
  at: Type.Integer(),
});
export type MessageSend = Static<typeof MessageSend>;

/** Warnings about a campaign's place in the 30-day mix; they never block it. */
export const MixWarning = Type.Object({
  kind: Type.Enum(['mix_drift', 'mechanic_repeat']),
  /** mix_drift: the category that drifts, its share with this campaign, its target. */
  category: Type.Optional(MessageCategorySchema),
  share: Type.Optional(Type.Integer()),
  target: Type.Optional(Type.Integer()),
  /** mechanic_repeat: the mechanic, and how many of the last campaigns already used it. */
  mechanic: Type.Optional(MechanicSchema),
  times: Type.Optional(Type.Integer()),
});
export type MixWarning = Static<typeof MixWarning>;

export const MixView = Type.Object({
  /** Messages sent in the last 30 days, per category. */
  sent: Type.Object({ relational: Type.Integer(), inspiration: Type.Integer(), commercial: Type.Integer() }),
  target: Type.Object({ relational: Type.Integer(), inspiration: Type.Integer(), commercial: Type.Integer() }),
});
export type MixView = Static<typeof MixView>;
