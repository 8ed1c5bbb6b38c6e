/**
 * The public REST API's contract (`/v1`, API keys): each schema has an `$id`, which is its name in the OpenAPI
 * document's components (api-openapi.ts). Imported by the renderer with `import type` through schemas.ts.
 */
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const API_SCOPES = ['customers:read', 'customers:write', 'purchases:write', 'events:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const Email = Type.String({
  minLength: 3,
  maxLength: 254,
  pattern: '^[^\\s@<>()\\[\\],;:"]+@[^\\s@<>()\\[\\],;:"]+\\.[^\\s@<>()\\[\\],;:"]+$',
  description: 'E-mail address (compared without case).',
});
const ExternalId = Type.String({ minLength: 1, maxLength: 120, pattern: '^[^\\s]+$' });
/** An instant as the web writes it: 2025-03-14T09:30:00Z or with an offset. */
const DateTime = Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:?\\d{2})$',
  description: 'ISO 8601 date and time with a zone (Z or ±hh:mm).',
});
const Category = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' });

export const ApiCustomerRef = Type.Object(
  {
    id: Type.Optional(Type.Integer({ minimum: 1, description: 'Passerelle’s customer id.' })),
    email: Type.Optional(Email),
    externalId: Type.Optional({ ...ExternalId, description: 'Your system’s id of the customer (set by an upsert).' }),
  },
  { $id: 'CustomerRef', additionalProperties: false, minProperties: 1, description: 'Who: one of id, email or externalId.' },
);
export type ApiCustomerRef = Static<typeof ApiCustomerRef>;

export const ApiWalletCard = Type.Object(
  {
    platform: Type.Enum(['apple', 'google']),
    installed: Type.Boolean(),
    /** When it was last added or removed. */
    since: Nullable(Type.String()),
  },
  { $id: 'WalletCard' },
);

export const ApiCustomer = Type.Object(
  {
    id: Type.Integer(),
    memberId: Type.String({ description: 'The number under the card’s barcode (M-000042).' }),
    externalId: Nullable(Type.String()),
    email: Nullable(Type.String()),
    firstName: Type.String(),
    lastName: Type.String(),
    phone: Type.String(),
    birthday: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
    city: Type.String(),
    postcode: Type.String(),
    locale: Type.Enum(['fr', 'en']),
    preferredStoreId: Nullable(Type.Integer()),
    consentMarketing: Type.Boolean(),
    consentMarketingAt: Nullable(Type.String()),
    categories: Type.Array(Type.String()),
    channels: Type.Array(Type.String()),
    messages: Type.Object({
      relational: Type.Boolean(),
      inspiration: Type.Boolean(),
      commercial: Type.Boolean(),
      stopped: Type.Boolean(),
    }),
    points: Type.Object({ balance: Type.Integer(), lifetime: Type.Integer() }),
    tier: Type.Object({ id: Type.String(), name: Type.String() }),
    wallet: Type.Object({
      installed: Type.Boolean({ description: 'The card is in at least one wallet.' }),
      cards: Type.Array(ApiWalletCard),
    }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Customer' },
);
export type ApiCustomer = Static<typeof ApiCustomer>;

export const ApiCustomerUpsert = Type.Object(
  {
    externalId: Type.Optional(ExternalId),
    email: Type.Optional(Email),
    firstName: Type.Optional(Type.String({ maxLength: 80 })),
    lastName: Type.Optional(Type.String({ maxLength: 80 })),
    phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+().\\s-]*$' })),
    birthday: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
    city: Type.Optional(Type.String({ maxLength: 80 })),
    postcode: Type.Optional(Type.String({ maxLength: 12, pattern: '^[0-9A-Za-z -]*$' })),
    locale: Type.Optional(Type.Enum(['fr', 'en'])),
    preferredStoreId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    consentMarketing: Type.Optional(Type.Boolean()),
    categories: Type.Optional(Type.Array(Category, { maxItems: 20, uniqueItems: true })),
    channels: Type.Optional(Type.Array(Type.Enum(['wallet', 'email', 'sms']), { maxItems: 3, uniqueItems: true })),
  },
  {
    $id: 'CustomerUpsert',
    additionalProperties: false,
    minProperties: 1,
    description:
      'Found by externalId, else by email; updated with the fields given, or created (an e-mail is then required). ' +
      'An externalId not known yet is attached to the customer found by e-mail.',
  },
);
export type ApiCustomerUpsert = Static<typeof ApiCustomerUpsert>;

export const ApiCustomerPage = Type.Object(
  {
    items: Type.Array(Type.Unsafe<ApiCustomer>(Type.Ref('Customer'))),
    nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last one.' })),
  },
  { $id: 'CustomerPage' },
);
export type ApiCustomerPage = Static<typeof ApiCustomerPage>;

export const ApiCustomerListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' })),
    email: Type.Optional(Email),
    externalId: Type.Optional(ExternalId),
  },
  { additionalProperties: false },
);
export type ApiCustomerListQuery = Static<typeof ApiCustomerListQuery>;

const Item = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
    amountCents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    category: Type.Optional(Category),
  },
  { $id: 'PurchaseItem', additionalProperties: false },
);

export const ApiPurchaseInput = Type.Object(
  {
    customer: Type.Unsafe<ApiCustomerRef>(Type.Ref('CustomerRef')),
    externalId: { ...ExternalId, description: 'Your id of the purchase: the same id twice is one purchase, credited once.' },
    amountCents: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Total paid, in cents.' }),
    channel: Type.Enum(['store', 'online'], { default: 'online' }),
    storeId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    purchasedAt: Type.Optional(DateTime),
    items: Type.Optional(Type.Array(Type.Unsafe<Static<typeof Item>>(Type.Ref('PurchaseItem')), { maxItems: 200 })),
  },
  { $id: 'PurchaseInput', additionalProperties: false },
);
export type ApiPurchaseInput = Static<typeof ApiPurchaseInput>;
export const ApiPurchaseItem = Item;

export const ApiPurchaseResult = Type.Object(
  {
    purchaseId: Type.Integer(),
    externalId: Type.String(),
    customerId: Type.Integer(),
    created: Type.Boolean({ description: 'False when this externalId was recorded before: nothing was credited again.' }),
    pointsEarned: Type.Integer(),
    balance: Type.Integer(),
    tier: Type.String(),
    purchasedAt: Type.String(),
  },
  { $id: 'PurchaseResult' },
);
export type ApiPurchaseResult = Static<typeof ApiPurchaseResult>;

export const CUSTOMER_EVENT_TYPES = ['cart_abandoned', 'back_in_stock_interest', 'custom'] as const;
export type CustomerEventType = (typeof CUSTOMER_EVENT_TYPES)[number];

const EventItem = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    amountCents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    sku: Type.Optional(Type.String({ maxLength: 80 })),
    url: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://' })),
  },
  { $id: 'EventItem', additionalProperties: false },
);
export type ApiEventItem = Static<typeof EventItem>;
export const ApiEventItem = EventItem;

export const ApiEventInput = Type.Object(
  {
    type: Type.Enum(CUSTOMER_EVENT_TYPES),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9 _.:-]+$', description: 'Required for custom events.' })),
    customer: Type.Unsafe<ApiCustomerRef>(Type.Ref('CustomerRef')),
    eventId: Type.Optional({ ...ExternalId, description: 'Your id of the event: sent twice, it is one event.' }),
    occurredAt: Type.Optional(DateTime),
    valueCents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    items: Type.Optional(Type.Array(Type.Unsafe<ApiEventItem>(Type.Ref('EventItem')), { maxItems: 100 })),
    properties: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' }), Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]), {
        maxProperties: 30,
      }),
    ),
  },
  {
    $id: 'EventInput',
    additionalProperties: false,
    description: 'cart_abandoned (items and value: the automations turn it into a store visit), back_in_stock_interest, or custom (with a name).',
  },
);
export type ApiEventInput = Static<typeof ApiEventInput>;

export const ApiEventResult = Type.Object(
  {
    id: Type.Integer(),
    customerId: Type.Integer(),
    duplicate: Type.Boolean({ description: 'True when this eventId was received before: nothing new was recorded.' }),
  },
  { $id: 'EventResult' },
);
export type ApiEventResult = Static<typeof ApiEventResult>;

/** Every schema the public API names, in the order they are added to its scope (referenced ones first). */
export const API_COMPONENTS = [
  ApiCustomerRef,
  ApiWalletCard,
  ApiCustomer,
  ApiCustomerUpsert,
  ApiCustomerPage,
  Item,
  ApiPurchaseInput,
  ApiPurchaseResult,
  EventItem,
  ApiEventInput,
  ApiEventResult,
] as const;
