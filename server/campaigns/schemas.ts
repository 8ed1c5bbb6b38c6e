/**
 * The campaigns feature's contract: a lock-screen message (French, English, placeholders), a category and mechanic,
 * an audience (a saved segment or everyone), a time (now, at a date, recurring), a held-out control group and an
 * optional card visual; what the guard will do before it goes (preview), and what it did (report).
 */
import { Type, type Static } from 'typebox';
import { HoldReasonSchema, MechanicSchema, MessageCategorySchema, MixWarning } from '../messaging/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 });
const ImageId = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const MESSAGE_MAX = 240;
const Text = (minLength: number) => Type.String({ minLength, maxLength: MESSAGE_MAX });

export const Schedule = Type.Union([
  Type.Object({ kind: Type.Literal('now') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('at'), at: Time }, { additionalProperties: false }),
  /** A cron pattern (minute hour day month weekday) in the shop's time zone; at most once a day. */
  Type.Object(
    { kind: Type.Literal('recurring'), cron: Type.String({ minLength: 9, maxLength: 120 }), endsAt: Type.Optional(Nullable(Time)) },
    { additionalProperties: false },
  ),
]);
export type Schedule = Static<typeof Schedule>;

export const Visual = Type.Object(
  {
    /** An uploaded image (POST /api/images): the strip of every loyalty card while the campaign lasts. */
    imageId: ImageId,
    /** When the cards get their own look back. */
    until: Time,
  },
  { additionalProperties: false },
);
export type Visual = Static<typeof Visual>;

export const VariantInput = Type.Object(
  {
    messageFr: Type.String({ minLength: 1, maxLength: MESSAGE_MAX, pattern: '\\S' }),
    messageEn: Type.Optional(Text(0)),
  },
  { additionalProperties: false },
);
export type VariantInput = Static<typeof VariantInput>;

export const CampaignVariant = Type.Object({ variant: Type.Enum(['B', 'C']), messageFr: Type.String(), messageEn: Type.String() });
export type CampaignVariant = Static<typeof CampaignVariant>;

export const CampaignInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
    category: MessageCategorySchema,
    mechanic: Type.Optional(MechanicSchema),
    messageFr: Type.String({ minLength: 1, maxLength: MESSAGE_MAX, pattern: '\\S' }),
    /** Empty: English-speaking customers get the French text. */
    messageEn: Type.Optional(Text(0)),
    /** null: every customer. */
    segmentId: Nullable(Type.Integer({ minimum: 1 })),
    schedule: Schedule,
    controlPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    visual: Type.Optional(Nullable(Visual)),
    /** A/B test: other texts (B, C); recipients are split at random between the campaign's text (A) and these. */
    variants: Type.Optional(Type.Array(VariantInput, { maxItems: 2 })),
  },
  { additionalProperties: false },
);
export type CampaignInput = Static<typeof CampaignInput>;

export const PreviewInput = Type.Object(
  {
    category: MessageCategorySchema,
    mechanic: Type.Optional(MechanicSchema),
    segmentId: Nullable(Type.Integer({ minimum: 1 })),
    controlPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    /** When it would go (default now): quiet hours, and the guard's windows, as of then. */
    at: Type.Optional(Time),
  },
  { additionalProperties: false },
);
export type PreviewInput = Static<typeof PreviewInput>;

const ReasonCounts = Type.Record(Type.String(), Type.Integer());

/** Before sending: who gets it, who does not and why. */
export const CampaignPreview = Type.Object({
  /** Members of the audience. */
  audience: Type.Integer(),
  /** Of them, with no card in a wallet: nowhere to show a message. */
  unreachable: Type.Integer(),
  /** Held back by the guard, by reason (not_in_wallet excluded: that is `unreachable`). */
  held: ReasonCounts,
  /** Kept out on purpose to measure the campaign's lift (estimated before the run draws them). */
  control: Type.Integer(),
  willGet: Type.Integer(),
  /** The time is in quiet hours: the send waits until this time. */
  waitsUntil: Nullable(Type.Integer()),
  warnings: Type.Array(MixWarning),
});
export type CampaignPreview = Static<typeof CampaignPreview>;

export const CAMPAIGN_STATUSES = ['scheduled', 'sending', 'sent', 'stopped'] as const;
export const RUN_STATUSES = ['waiting', 'sending', 'done', 'cancelled'] as const;

export const CampaignRun = Type.Object({
  id: Type.Integer(),
  plannedAt: Type.Integer(),
  dueAt: Type.Integer(),
  status: Type.Enum(RUN_STATUSES),
  /** Why it started later than planned: 'quiet_hours'. */
  waited: Nullable(Type.String()),
  audience: Nullable(Type.Integer()),
  unreachable: Nullable(Type.Integer()),
  sent: Type.Integer(),
  control: Type.Integer(),
  held: ReasonCounts,
  startedAt: Nullable(Type.Integer()),
  finishedAt: Nullable(Type.Integer()),
});
export type CampaignRun = Static<typeof CampaignRun>;

export const Campaign = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  category: MessageCategorySchema,
  mechanic: MechanicSchema,
  messageFr: Type.String(),
  messageEn: Type.String(),
  segmentId: Nullable(Type.Integer()),
  segmentName: Nullable(Type.String()),
  schedule: Schedule,
  timeZone: Type.String(),
  controlPercent: Type.Integer(),
  visual: Nullable(Visual),
  status: Type.Enum(CAMPAIGN_STATUSES),
  nextRunAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  /** The latest run's figures (none before the first run). */
  lastRun: Nullable(CampaignRun),
  /** A/B test: the other texts (the campaign's own is A); empty without one. */
  variants: Type.Array(CampaignVariant),
});
export type Campaign = Static<typeof Campaign>;

export const CampaignReport = Type.Object({
  campaign: Campaign,
  runs: Type.Array(CampaignRun),
  /** Recurring: the next occurrences, in the shop's time zone. */
  upcoming: Type.Array(Type.Integer()),
  /** A few customers the guard held back in the latest run, with why (to check the rules did what was meant). */
  heldSample: Type.Array(Type.Object({ customerId: Type.Integer(), name: Type.String(), reason: HoldReasonSchema })),
});
export type CampaignReport = Static<typeof CampaignReport>;

export const SendOutcomeSummary = Type.Object({ sent: Type.Integer(), control: Type.Integer(), unreachable: Type.Integer(), held: ReasonCounts });
export type SendOutcomeSummary = Static<typeof SendOutcomeSummary>;
