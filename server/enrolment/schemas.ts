/** The public enrolment and preferences pages' contract (imported by renderer/src/enrol with `import type`). */
import { Type, type Static } from 'typebox';
import { CHANNELS, Email, MessagePreferences } from '../customers/schemas.js';

// Names are shown on cards, in the admin and in mails: no markup characters, no control characters.
const PersonName = Type.String({ maxLength: 60, pattern: '^[^<>{}\\[\\]\\\\/\\u0000-\\u001f\\u007f]*$' });
const Category = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' });

export const EnrolInput = Type.Object(
  {
    email: Email,
    firstName: Type.String({ minLength: 1, maxLength: 60, pattern: '^(?=.*\\S)[^<>{}\\[\\]\\\\/\\u0000-\\u001f\\u007f]*$' }),
    lastName: Type.Optional(PersonName),
    postcode: Type.Optional(Type.String({ maxLength: 10, pattern: '^[0-9A-Za-z -]*$' })),
    birthday: Type.Optional(Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' })),
    preferredStoreId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    consentMarketing: Type.Boolean(),
    categories: Type.Optional(Type.Array(Category, { maxItems: 20, uniqueItems: true })),
    channels: Type.Optional(Type.Array(Type.Enum(CHANNELS), { maxItems: 3, uniqueItems: true })),
    locale: Type.Enum(['fr', 'en']),
    /** From /r/<code>: the friend who shared their card. */
    referralCode: Type.Optional(Type.String({ maxLength: 16, pattern: '^[0-9A-Za-z]*$' })),
    /** The honeypot: hidden from people, filled by bots. */
    website: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type EnrolInput = Static<typeof EnrolInput>;

export const WalletButton = Type.Object({ platform: Type.Enum(['apple', 'google']), url: Type.String() });

export const EnrolResult = Type.Union([
  Type.Object({
    status: Type.Literal('enrolled'),
    firstName: Type.String(),
    /** One button per wallet that can take the card (Google's slots in when it lands). */
    wallets: Type.Array(WalletButton),
    preferencesUrl: Type.String(),
  }),
  /** The e-mail was enrolled already: its card went to that address. */
  Type.Object({ status: Type.Literal('emailed') }),
  /** The e-mail was enrolled already and no mail can be sent: staff give the card at the till. */
  Type.Object({ status: Type.Literal('askAtTill') }),
]);
export type EnrolResult = Static<typeof EnrolResult>;

const Label = Type.Object({ fr: Type.String(), en: Type.String() });

export const EnrolConfig = Type.Object({
  brand: Type.Object({ name: Type.String(), colour: Type.String(), defaultLocale: Type.Enum(['fr', 'en']) }),
  categories: Type.Array(Type.Object({ id: Type.String(), label: Label })),
  stores: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), city: Type.String() })),
  /** Whether the /r/<code> of the page is a customer's. */
  referral: Type.Object({ valid: Type.Boolean(), friendPoints: Type.Integer(), when: Type.Enum(['off', 'enrolment', 'first_purchase']) }),
  welcomePoints: Type.Integer(),
});
export type EnrolConfig = Static<typeof EnrolConfig>;

export const PreferencesView = Type.Object({
  brand: EnrolConfig.properties.brand,
  firstName: Type.String(),
  locale: Type.Enum(['fr', 'en']),
  consentMarketing: Type.Boolean(),
  categories: Type.Array(Type.String()),
  channels: Type.Array(Type.String()),
  messages: MessagePreferences,
  categoryOptions: EnrolConfig.properties.categories,
});
export type PreferencesView = Static<typeof PreferencesView>;

export const PreferencesInput = Type.Object(
  {
    categories: Type.Array(Category, { maxItems: 20, uniqueItems: true }),
    channels: Type.Array(Type.Enum(CHANNELS), { maxItems: 3, uniqueItems: true }),
    relational: Type.Boolean(),
    inspiration: Type.Boolean(),
    commercial: Type.Boolean(),
    /** Pause every message for this many weeks (0: no pause). */
    pauseWeeks: Type.Integer({ minimum: 0, maximum: 52 }),
    stopAll: Type.Boolean(),
    consentMarketing: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PreferencesInput = Static<typeof PreferencesInput>;
