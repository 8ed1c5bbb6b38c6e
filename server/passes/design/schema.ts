import { Type, type Static } from 'typebox';

/**
 * The platform-neutral card design. One design produces the Apple pass (pass.json + images) and, later, the Google
 * Wallet class/object: nothing here is named after one wallet's keys. Texts people read are localised; values may
 * hold placeholders bound to customer data (`{{firstName}}` …, see placeholders.ts).
 */

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const Text = Type.Object(
  { fr: Type.String({ maxLength: 500 }), en: Type.String({ maxLength: 500 }) },
  { additionalProperties: false },
);
export type Text = Static<typeof Text>;

export const DESIGN_KIND_VALUES = ['loyalty', 'coupon', 'eventTicket', 'giftCard', 'generic'] as const;
export const DesignKind = Type.Enum(DESIGN_KIND_VALUES);
export type DesignKind = Static<typeof DesignKind>;

const HexColour = Type.String({ pattern: '^#[0-9a-fA-F]{6}$' });

export const Colours = Type.Object(
  { background: HexColour, foreground: HexColour, label: HexColour },
  { additionalProperties: false },
);
export type Colours = Static<typeof Colours>;

/** An uploaded image, by the SHA-256 of its original bytes (content-addressed; see the image pipeline). */
export const ImageRef = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const IMAGE_ROLE_VALUES = ['logo', 'icon', 'strip', 'thumbnail', 'background'] as const;
export const ImageRole = Type.Enum(IMAGE_ROLE_VALUES);
export type ImageRole = Static<typeof ImageRole>;

export const Images = Type.Object(
  {
    logo: Type.Optional(ImageRef),
    icon: Type.Optional(ImageRef),
    strip: Type.Optional(ImageRef),
    thumbnail: Type.Optional(ImageRef),
    background: Type.Optional(ImageRef),
  },
  { additionalProperties: false },
);
export type Images = Static<typeof Images>;

export const Field = Type.Object(
  {
    /** Stable key: Apple field key, Google text module id. */
    key: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$' }),
    label: Text,
    /** Shown value; placeholders allowed. Per language, since a value may hold words. */
    value: Text,
    /** Lock-screen text when the value changes; `%@` stands for the new value (Apple's changeMessage). */
    changeMessage: Type.Optional(Text),
    align: Type.Optional(Type.Enum(['natural', 'left', 'center', 'right'])),
  },
  { additionalProperties: false },
);
export type Field = Static<typeof Field>;

export const ZONE_VALUES = ['header', 'primary', 'secondary', 'auxiliary', 'back'] as const;
export type Zone = (typeof ZONE_VALUES)[number];

export const Fields = Type.Object(
  {
    header: Type.Array(Field, { maxItems: 10 }),
    primary: Type.Array(Field, { maxItems: 10 }),
    secondary: Type.Array(Field, { maxItems: 10 }),
    auxiliary: Type.Array(Field, { maxItems: 10 }),
    back: Type.Array(Field, { maxItems: 30 }),
  },
  { additionalProperties: false },
);
export type Fields = Static<typeof Fields>;

export const BARCODE_FORMAT_VALUES = ['qr', 'pdf417', 'aztec', 'code128', 'none'] as const;
export const Barcode = Type.Object(
  {
    format: Type.Enum(BARCODE_FORMAT_VALUES),
    /** What the barcode encodes; placeholders allowed (default `{{memberId}}`). */
    message: Type.String({ maxLength: 500 }),
    /** Text under the barcode; placeholders allowed. */
    altText: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type Barcode = Static<typeof Barcode>;

export const Link = Type.Object(
  { label: Text, url: Type.String({ pattern: '^(https?://|mailto:|tel:)[^\\s]{1,2000}$' }) },
  { additionalProperties: false },
);
export type Link = Static<typeof Link>;

/**
 * A loyalty tier's look: Silver does not see the Platinum card. Only the look: the tier's name and threshold belong to
 * the loyalty programme (loyalty/), which says which tier a customer holds; the card takes the look of that id.
 */
export const TierVariant = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,29}$' }),
    colours: Type.Optional(Type.Partial(Colours)),
    strip: Type.Optional(ImageRef),
  },
  { additionalProperties: false },
);
export type TierVariant = Static<typeof TierVariant>;

export const Expiry = Type.Union([
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('date'), date: Type.String({ format: 'date' }) }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('afterIssue'), days: Type.Integer({ minimum: 1, maximum: 3650 }) },
    { additionalProperties: false },
  ),
]);
export type Expiry = Static<typeof Expiry>;

export const DesignContent = Type.Object(
  {
    kind: DesignKind,
    /** Name on the card (Apple organizationName/logoText, Google issuerName). */
    brandName: Type.String({ minLength: 1, maxLength: 60 }),
    /** What the card is, for accessibility and the wallet's list ("Carte de fidélité Maison Fauvette"). */
    description: Text,
    colours: Colours,
    images: Images,
    fields: Fields,
    barcode: Barcode,
    links: Type.Array(Link, { maxItems: 10 }),
    tiers: Type.Array(TierVariant, { maxItems: 8 }),
    expiry: Expiry,
    /** The reserved back field whose changes show on the lock screen (Apple: changeMessage "%@"). */
    message: Type.Object({ label: Text }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type DesignContent = Static<typeof DesignContent>;

/** A design as stored: a name for the shop owner, a version bumped on every saved change, and its content. */
export const Design = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  version: Type.Integer(),
  isDefault: Type.Boolean(),
  content: DesignContent,
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type Design = Static<typeof Design>;

/** A finding of design validation, placed next to what it concerns in the editor (`path` is a JSON pointer). */
export const DesignIssue = Type.Object({
  path: Type.String(),
  code: Type.String(),
  severity: Type.Enum(['error', 'warning']),
  message: Text,
});
export type DesignIssue = Static<typeof DesignIssue>;
