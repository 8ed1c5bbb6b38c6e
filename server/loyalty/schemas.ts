/** The loyalty feature's contract: programme, tiers, bonus events, rewards, coupons, points. */
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Name = Type.Object(
  { fr: Type.String({ minLength: 1, maxLength: 80 }), en: Type.String({ minLength: 1, maxLength: 80 }) },
  { additionalProperties: false },
);
export type Name = Static<typeof Name>;

export const ROUNDINGS = ['down', 'nearest', 'up'] as const;
export const REFERRAL_TRIGGERS = ['off', 'enrolment', 'first_purchase'] as const;
export type ReferralTrigger = (typeof REFERRAL_TRIGGERS)[number];

export const Programme = Type.Object(
  {
    /** Points per euro, to two decimals (1.5 = 3 points for 2 €). */
    storePointsPerEuro: Type.Number({ minimum: 0, maximum: 1000, multipleOf: 0.01 }),
    onlinePointsPerEuro: Type.Number({ minimum: 0, maximum: 1000, multipleOf: 0.01 }),
    rounding: Type.Enum(ROUNDINGS),
    welcomePoints: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    referralTrigger: Type.Enum(REFERRAL_TRIGGERS),
    referrerPoints: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    refereePoints: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    /** Points expire this many months after they were earned (oldest first); null: never. */
    expiryMonths: Nullable(Type.Integer({ minimum: 1, maximum: 120 })),
  },
  { additionalProperties: false },
);
export type Programme = Static<typeof Programme>;

export const Tier = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,29}$' }),
    name: Type.Object({ fr: Type.String({ minLength: 1, maxLength: 40 }), en: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
    /** Lifetime points from which a customer holds this tier; the lowest tier starts at 0. */
    threshold: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
  },
  { additionalProperties: false },
);
export type Tier = Static<typeof Tier>;

export const BonusEventInput = Type.Object(
  {
    name: Name,
    /** 2 = double points. */
    multiplier: Type.Number({ minimum: 1.01, maximum: 10, multipleOf: 0.01 }),
    channel: Type.Enum(['all', 'store', 'online']),
    startsAt: Type.Integer({ minimum: 0 }),
    endsAt: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type BonusEventInput = Static<typeof BonusEventInput>;
export const BonusEvent = Type.Intersect([Type.Object({ id: Type.Integer() }), BonusEventInput]);
export type BonusEvent = Static<typeof BonusEvent>;

export const REWARD_KINDS = ['instant', 'coupon'] as const;
export const RewardInput = Type.Object(
  {
    name: Name,
    costPoints: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    kind: Type.Enum(REWARD_KINDS),
    /** The coupon design the reward's coupon card is issued from (kind 'coupon'). */
    couponDesignId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    couponValidDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type RewardInput = Static<typeof RewardInput>;
export const Reward = Type.Object({
  id: Type.Integer(),
  name: Name,
  costPoints: Type.Integer(),
  kind: Type.Enum(REWARD_KINDS),
  couponDesignId: Nullable(Type.Integer()),
  couponValidDays: Nullable(Type.Integer()),
  active: Type.Boolean(),
});
export type Reward = Static<typeof Reward>;

export const COUPON_STATUSES = ['active', 'redeemed', 'void', 'expired'] as const;
export const Coupon = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  customerId: Type.Integer(),
  rewardId: Nullable(Type.Integer()),
  designId: Nullable(Type.Integer()),
  name: Type.Object({ fr: Type.String(), en: Type.String() }),
  /** 'expired' is an active coupon past its date. */
  status: Type.Enum(COUPON_STATUSES),
  issuedAt: Type.Integer(),
  expiresAt: Nullable(Type.Integer()),
  redeemedAt: Nullable(Type.Integer()),
  redeemedBy: Nullable(Type.String()),
});
export type Coupon = Static<typeof Coupon>;

export const POINTS_REASONS = ['purchase', 'reward', 'referral', 'welcome', 'adjustment', 'expiry'] as const;
export type PointsReason = (typeof POINTS_REASONS)[number];

export const LedgerEntry = Type.Object({
  id: Type.Integer(),
  delta: Type.Integer(),
  reason: Type.Enum(POINTS_REASONS),
  purchaseId: Nullable(Type.Integer()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.Integer(),
});
export type LedgerEntry = Static<typeof LedgerEntry>;

export const PointsResult = Type.Object({
  balance: Type.Integer(),
  tier: Type.String(),
  previousTier: Type.String(),
  /** Cards marked changed, and phone updates queued for them. */
  passes: Type.Integer(),
  pushes: Type.Integer(),
});
export type PointsResult = Static<typeof PointsResult>;
