/** The customers feature's contract: used by its routes and repositories, imported by the renderer with `import type`. */
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const GENDERS = ['female', 'male', 'other'] as const;
export const CHANNELS = ['wallet', 'email', 'sms'] as const;
export const MESSAGE_KINDS = ['relational', 'inspiration', 'commercial'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const CONSENT_SOURCES = ['enrolment', 'admin', 'preferences', 'import', 'api', 'cli'] as const;

/** Lower-case, trimmed; the one form stored and compared (the column is NOCASE too). */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@<>()\\[\\],;:"]+@[^\\s@<>()\\[\\],;:"]+\\.[^\\s@<>()\\[\\],;:"]+$' });
const Name = Type.String({ maxLength: 80 });
const Phone = Type.String({ maxLength: 30, pattern: '^[0-9+().\\s-]*$' });
const Birthday = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Category = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' });

export const MessagePreferences = Type.Object(
  {
    relational: Type.Boolean(),
    inspiration: Type.Boolean(),
    commercial: Type.Boolean(),
    /** Epoch ms until which nothing is sent, or null. */
    pausedUntil: Nullable(Type.Integer()),
    /** Set when the customer stopped every message. */
    stoppedAt: Nullable(Type.Integer()),
  },
  { additionalProperties: false },
);
export type MessagePreferences = Static<typeof MessagePreferences>;

export const Aggregates = Type.Object({
  purchaseCount: Type.Integer(),
  spendCents: Type.Integer(),
  firstPurchaseAt: Nullable(Type.Integer()),
  lastPurchaseAt: Nullable(Type.Integer()),
  purchases30d: Type.Integer(),
  spend30dCents: Type.Integer(),
  purchases90d: Type.Integer(),
  spend90dCents: Type.Integer(),
  purchases365d: Type.Integer(),
  spend365dCents: Type.Integer(),
  avgBasketCents: Type.Integer(),
  onlinePurchaseCount: Type.Integer(),
  storeCount: Type.Integer(),
});
export type Aggregates = Static<typeof Aggregates>;

export const Customer = Type.Object({
  id: Type.Integer(),
  memberId: Type.String(),
  email: Nullable(Type.String()),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.String(),
  birthday: Nullable(Type.String()),
  gender: Nullable(Type.Enum(GENDERS)),
  city: Type.String(),
  postcode: Type.String(),
  locale: Type.Enum(['fr', 'en']),
  preferredStoreId: Nullable(Type.Integer()),
  preferredStoreName: Nullable(Type.String()),
  consentMarketing: Type.Boolean(),
  consentMarketingAt: Nullable(Type.Integer()),
  consentSource: Nullable(Type.String()),
  categories: Type.Array(Type.String()),
  channels: Type.Array(Type.String()),
  messages: MessagePreferences,
  pointsBalance: Type.Integer(),
  lifetimePoints: Type.Integer(),
  tier: Type.String(),
  referralCode: Type.String(),
  referredBy: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  referralCount: Type.Integer(),
  source: Type.String(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  aggregates: Aggregates,
});
export type Customer = Static<typeof Customer>;

/** What a person may set on a customer (admin form, CLI, enrolment); everything but the e-mail is optional. */
export const CustomerInput = Type.Object(
  {
    email: Email,
    firstName: Type.Optional(Name),
    lastName: Type.Optional(Name),
    phone: Type.Optional(Phone),
    birthday: Type.Optional(Nullable(Birthday)),
    gender: Type.Optional(Nullable(Type.Enum(GENDERS))),
    city: Type.Optional(Type.String({ maxLength: 80 })),
    postcode: Type.Optional(Type.String({ maxLength: 12, pattern: '^[0-9A-Za-z -]*$' })),
    locale: Type.Optional(Type.Enum(['fr', 'en'])),
    preferredStoreId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    consentMarketing: Type.Optional(Type.Boolean()),
    categories: Type.Optional(Type.Array(Category, { maxItems: 20, uniqueItems: true })),
    channels: Type.Optional(Type.Array(Type.Enum(CHANNELS), { maxItems: 3, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CustomerInput = Static<typeof CustomerInput>;
export const CustomerUpdate = Type.Partial(CustomerInput, { additionalProperties: false });
export type CustomerUpdate = Static<typeof CustomerUpdate>;

export const CUSTOMER_SORTS = ['recent', 'name', 'points', 'spend', 'lastPurchase'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export const CustomerListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Enum(CUSTOMER_SORTS, { default: 'recent' }),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type CustomerListQuery = Static<typeof CustomerListQuery>;

export const CustomerListItem = Type.Object({
  id: Type.Integer(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Nullable(Type.String()),
  city: Type.String(),
  tier: Type.String(),
  pointsBalance: Type.Integer(),
  createdAt: Type.Integer(),
  purchaseCount: Type.Integer(),
  totalSpentCents: Type.Integer(),
  lastPurchaseAt: Nullable(Type.Integer()),
});
export type CustomerListItem = Static<typeof CustomerListItem>;
export const CustomerPage = Type.Object({ total: Type.Integer(), items: Type.Array(CustomerListItem) });
export type CustomerPage = Static<typeof CustomerPage>;

export const PURCHASE_CHANNELS = ['store', 'online'] as const;
export const PurchaseItem = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
    amountCents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    category: Type.Optional(Category),
  },
  { additionalProperties: false },
);
export type PurchaseItem = Static<typeof PurchaseItem>;

export const PurchaseInput = Type.Object(
  {
    amountCents: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    channel: Type.Enum(PURCHASE_CHANNELS, { default: 'store' }),
    storeId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    /** The POS or e-shop's id of the purchase: the same id twice is one purchase (points credited once). */
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    purchasedAt: Type.Optional(Type.Integer({ minimum: 0 })),
    items: Type.Optional(Type.Array(PurchaseItem, { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type PurchaseInput = Static<typeof PurchaseInput>;

export const Purchase = Type.Object({
  id: Type.Integer(),
  customerId: Type.Integer(),
  channel: Type.Enum(PURCHASE_CHANNELS),
  storeId: Nullable(Type.Integer()),
  storeName: Nullable(Type.String()),
  amountCents: Type.Integer(),
  itemCount: Type.Integer(),
  items: Type.Array(PurchaseItem),
  externalId: Nullable(Type.String()),
  source: Type.String(),
  purchasedAt: Type.Integer(),
});
export type Purchase = Static<typeof Purchase>;

export const CategoryDefinition = Type.Object(
  { id: Category, label: Type.Object({ fr: Type.String({ minLength: 1, maxLength: 60 }), en: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }) },
  { additionalProperties: false },
);
export type CategoryDefinition = Static<typeof CategoryDefinition>;
