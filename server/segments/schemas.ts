/**
 * The segments feature's contract: a segment is a group of conditions on customers combined with "all" (and) or
 * "any" (or); a condition of the root group may itself be a group, so "gold customers who bought in Lyon or in
 * Villeurbanne" can be said. Every condition reads the customer's own row and its kept-current aggregates (segments/
 * compile.ts), never the purchases themselves.
 */
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const Days = Type.Integer({ minimum: 0, maximum: 36_500 });
const Cents = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });
const Ids = Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100, uniqueItems: true });
const Words = (maxLength: number) => Type.Array(Type.String({ minLength: 1, maxLength }), { minItems: 1, maxItems: 50, uniqueItems: true });
const Range = <T extends ReturnType<typeof Type.Integer>>(n: T) => ({ min: Type.Optional(n), max: Type.Optional(n) });
const condition = <F extends string, P extends Record<string, Parameters<typeof Type.Object>[0][string]>>(field: F, props: P) =>
  Type.Object({ field: Type.Literal(field), ...props }, { additionalProperties: false });

export const PERIODS = ['30d', '90d', '365d', 'all'] as const;
export type Period = (typeof PERIODS)[number];
export const GENDER_VALUES = ['female', 'male', 'other', 'unknown'] as const;
export const WALLET_STATES = ['installed', 'not_installed', 'apple', 'google'] as const;
export const CATEGORY_VALUES = ['relational', 'inspiration', 'commercial'] as const;

/** Each condition, by the field it tests. Ranges are inclusive; a missing bound is open. */
export const Condition = Type.Union([
  // Demographic
  condition('age', Range(Type.Integer({ minimum: 0, maximum: 130 }))),
  condition('gender', { values: Type.Array(Type.Enum(GENDER_VALUES), { minItems: 1, maxItems: 4, uniqueItems: true }) }),
  condition('city', { values: Words(80) }),
  condition('postcode', { prefixes: Type.Array(Type.String({ minLength: 1, maxLength: 12, pattern: '^[0-9A-Za-z -]+$' }), { minItems: 1, maxItems: 50 }) }),
  /** Days since the customer enrolled. */
  condition('memberDays', Range(Days)),
  // Behavioural
  condition('purchaseCount', { period: Type.Enum(PERIODS), ...Range(Count) }),
  condition('spend', { period: Type.Enum(PERIODS), ...Range(Cents) }),
  /** Days since the last purchase; `never: true` is customers who never bought. */
  condition('lastPurchase', { ...Range(Days), never: Type.Optional(Type.Boolean()) }),
  condition('avgBasket', Range(Cents)),
  /** Bought at least once in one of these stores. */
  condition('storesBoughtIn', { storeIds: Ids }),
  condition('boughtOnline', { value: Type.Boolean() }),
  // Preferences and consents
  condition('consent', { value: Type.Boolean() }),
  /** Accepts this kind of message on their preferences page. */
  condition('accepts', { category: Type.Enum(CATEGORY_VALUES), value: Type.Boolean() }),
  /** Paused or stopped every message. */
  condition('messagesPaused', { value: Type.Boolean() }),
  condition('favouriteCategory', { values: Words(40) }),
  condition('preferredStore', { storeIds: Ids }),
  // Loyalty
  condition('tier', { values: Words(30) }),
  condition('points', Range(Count)),
  condition('lifetimePoints', Range(Count)),
  // Wallet
  condition('wallet', { value: Type.Enum(WALLET_STATES) }),
  /** Took their card out of their wallet within these days, and has none in a wallet now. */
  condition('uninstalled', { withinDays: Type.Integer({ minimum: 1, maximum: 3650 }) }),
]);
export type Condition = Static<typeof Condition>;
export type ConditionField = Condition['field'];

export const MATCH = ['all', 'any'] as const;
export const ConditionGroup = Type.Object(
  { match: Type.Enum(MATCH), conditions: Type.Array(Condition, { minItems: 1, maxItems: 30 }) },
  { additionalProperties: false },
);
export type ConditionGroup = Static<typeof ConditionGroup>;

/** The root group: conditions, or groups of conditions. No conditions: every customer. */
export const SegmentDefinition = Type.Object(
  { match: Type.Enum(MATCH), conditions: Type.Array(Type.Union([Condition, ConditionGroup]), { maxItems: 30 }) },
  { additionalProperties: false },
);
export type SegmentDefinition = Static<typeof SegmentDefinition>;

export const Segment = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  definition: SegmentDefinition,
  /** Campaigns still to run that use it (it cannot be deleted while there are any). */
  campaigns: Type.Integer(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type Segment = Static<typeof Segment>;

export const SegmentInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }), definition: SegmentDefinition },
  { additionalProperties: false },
);
export type SegmentInput = Static<typeof SegmentInput>;

export const SegmentCount = Type.Object({
  count: Type.Integer(),
  /** Every customer, for the share. */
  total: Type.Integer(),
  /** How long the count took on the server, in milliseconds. */
  ms: Type.Number(),
});
export type SegmentCount = Static<typeof SegmentCount>;

export const SegmentMember = Type.Object({
  id: Type.Integer(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Nullable(Type.String()),
  city: Type.String(),
  tier: Type.String(),
  pointsBalance: Type.Integer(),
  purchaseCount: Type.Integer(),
  spendCents: Type.Integer(),
  lastPurchaseAt: Nullable(Type.Integer()),
  wallet: Type.Enum(['apple', 'google', 'both', 'none']),
});
export type SegmentMember = Static<typeof SegmentMember>;

/** What the builder offers to pick from. */
export const SegmentOptions = Type.Object({
  tiers: Type.Array(Type.Object({ id: Type.String(), name: Type.Object({ fr: Type.String(), en: Type.String() }) })),
  stores: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), city: Type.String() })),
  categories: Type.Array(Type.String()),
  cities: Type.Array(Type.String()),
});
export type SegmentOptions = Static<typeof SegmentOptions>;
