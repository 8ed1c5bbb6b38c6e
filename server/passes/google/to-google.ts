/**
 * Design + customer → a Google Wallet class and object (google-wallet.md §1.4–1.5). Pure: no I/O, no clock.
 *
 * The class holds what every holder of the design (and tier) sees: brand, colours, logo, hero, static texts and
 * links, the loyalty tier. The object holds the customer's own facts: points, name, number, barcode, texts bound to
 * their data, validity, nearby stores. The barcode value is rendered exactly as the Apple pass renders it.
 */
import { placeholderValues, renderText, type CardCustomer, type PlaceholderValues } from '../design/placeholders.js';
import { LOCALES, type DesignContent, type DesignKind, type Locale, type Text, type TierVariant } from '../design/schema.js';
import { linksAreStatic, planFields, type PlannedField } from './field-plan.js';
import { tagLink } from '../design/utm.js';
import { classIdOf, objectIdOf, type Vertical } from './ids.js';
import { hasText, localized, localizedOf, perLocale, sameInAll, type LocalizedString } from './localized.js';

export const VERTICAL: Record<DesignKind, Vertical> = {
  loyalty: 'loyalty',
  coupon: 'offer',
  giftCard: 'giftCard',
  eventTicket: 'eventTicket',
  generic: 'generic',
};

const BARCODE_TYPES = { qr: 'QR_CODE', pdf417: 'PDF_417', aztec: 'AZTEC', code128: 'CODE_128' } as const;

export type GoogleImageSlot = 'google-logo' | 'google-hero';
export type ObjectState = 'ACTIVE' | 'EXPIRED' | 'INACTIVE';
export type Resource = Record<string, unknown>;

export interface GoogleClassInput {
  issuerId: string;
  namespace: string;
  designId: number;
  /** The tier whose look this class has (undefined: the design's own look). */
  tier: string | undefined;
  /** The loyalty programme's name of that tier (its id when unknown). */
  tierName?: Text | undefined;
  defaultLocale: Locale;
  /** Public URL of an image's Google-sized copy. */
  imageUrl: (imageId: string, slot: GoogleImageSlot) => string;
  /** Where Google posts save/delete callbacks; set only when it is https (Google refuses anything else). */
  callbackUrl?: string | undefined;
  /** utm_campaign of the card's links (the design's name; else the brand's); source wallet, medium google (design/utm.ts). */
  utmCampaign?: string | undefined;
}

export interface GoogleObjectInput extends GoogleClassInput {
  customer: CardCustomer;
  serial: string;
  issuedAt: number;
  state?: ObjectState;
  /** At most 10 (Google refuses more), nearest first; only when the issuer is allowlisted. */
  merchantLocations?: ReadonlyArray<{ latitude: number; longitude: number }>;
  /** A gift card's balance, when the shop keeps one. */
  giftBalance?: { cents: number; currency: string; updatedAt: number } | undefined;
}

/**
 * Which classes a design needs: one per tier when tiers change what the class shows (a loyalty card's tier name,
 * or a tier's own colours or hero), else one.
 */
export function classTiers(content: DesignContent): Array<string | undefined> {
  if (content.tiers.length === 0) return [undefined];
  const perTier = content.kind === 'loyalty' || content.tiers.some((t) => t.colours?.background !== undefined || t.strip !== undefined);
  return perTier && content.kind !== 'generic' ? content.tiers.map((t) => t.id) : [undefined];
}

/** The class a card of `tier` belongs to. */
export function classTierFor(content: DesignContent, tier: string | undefined): string | undefined {
  const tiers = classTiers(content);
  return tier !== undefined && tiers.includes(tier) ? tier : tiers[0];
}

export const classIdFor = (content: DesignContent, input: Pick<GoogleClassInput, 'issuerId' | 'namespace' | 'designId'>, tier: string | undefined) =>
  classIdOf(input.issuerId, input.namespace, input.designId, classTierFor(content, tier));

const tierOf = (content: DesignContent, id: string | undefined): TierVariant | undefined =>
  id === undefined ? undefined : content.tiers.find((t) => t.id === id);

function image(uri: string, description: LocalizedString): Resource {
  return { sourceUri: { uri }, contentDescription: description };
}

/** What the design shows in its default look or a tier's: background colour, logo, hero. */
function look(content: DesignContent, input: GoogleClassInput) {
  const tier = tierOf(content, input.tier);
  const brand = sameInAll(content.brandName, input.defaultLocale);
  const logoId = content.images.logo ?? content.images.icon;
  const heroId = tier?.strip ?? content.images.strip;
  return {
    background: (tier?.colours?.background ?? content.colours.background).toLowerCase(),
    logo: logoId ? image(input.imageUrl(logoId, 'google-logo'), brand) : undefined,
    hero: heroId ? image(input.imageUrl(heroId, 'google-hero'), brand) : undefined,
  };
}

function textModule(p: PlannedField, defaultLocale: Locale, values?: Record<Locale, PlaceholderValues>): Resource {
  const header = perLocale(p.field.label, defaultLocale, values);
  const body = perLocale(p.field.value, defaultLocale, values);
  const module: Resource = { id: p.field.key, body: body[defaultLocale], localizedBody: localizedOf(body, defaultLocale) };
  if (hasText(p.field.label)) Object.assign(module, { header: header[defaultLocale], localizedHeader: localizedOf(header, defaultLocale) });
  return module;
}

function linksModule(content: DesignContent, input: GoogleClassInput, values?: Record<Locale, PlaceholderValues>): Resource | undefined {
  if (content.links.length === 0) return undefined;
  const { defaultLocale } = input;
  const tags = { medium: 'google' as const, campaign: input.utmCampaign ?? content.brandName };
  return {
    uris: content.links.map((link, i) => {
      const label = perLocale(link.label, defaultLocale, values);
      return { id: `link_${i + 1}`, uri: tagLink(link.url, tags), description: label[defaultLocale], localizedDescription: localizedOf(label, defaultLocale) };
    }),
  };
}

const labelOf = (plan: PlannedField[], role: PlannedField['role']): PlannedField | undefined => plan.find((p) => p.role === role);

export function toGoogleClass(content: DesignContent, input: GoogleClassInput): Resource {
  const { defaultLocale } = input;
  const vertical = VERTICAL[content.kind];
  const plan = planFields(content);
  const id = classIdFor(content, input, input.tier);
  const cls: Resource = { id, multipleDevicesAndHoldersAllowedStatus: 'ONE_USER_ALL_DEVICES' };
  const modules = plan.filter((p) => p.onClass).map((p) => textModule(p, defaultLocale));
  if (modules.length > 0) cls.textModulesData = modules;
  const links = linksAreStatic(content) ? linksModule(content, input) : undefined;
  if (links) cls.linksModuleData = links;
  if (input.callbackUrl) cls.callbackOptions = { url: input.callbackUrl };
  // A generic class carries neither review status, issuer name, colour nor images (those live on its objects).
  if (vertical === 'generic') return cls;

  const { background, logo, hero } = look(content, input);
  Object.assign(cls, {
    issuerName: content.brandName,
    localizedIssuerName: sameInAll(content.brandName, defaultLocale),
    // "keep setting this field to underReview" when updating an approved class (google-wallet.md §1.3).
    reviewStatus: 'UNDER_REVIEW',
    hexBackgroundColor: background,
  });
  if (hero) cls.heroImage = hero;
  const title = labelOf(plan, 'title');
  const titleText = title ? perLocale(title.field.value, defaultLocale) : perLocale(content.description, defaultLocale);

  switch (vertical) {
    case 'loyalty': {
      const description = perLocale(content.description, defaultLocale);
      Object.assign(cls, { programName: description[defaultLocale], localizedProgramName: localizedOf(description, defaultLocale) });
      if (logo) cls.programLogo = logo;
      const tier = tierOf(content, input.tier);
      const tierField = labelOf(plan, 'tier');
      if (tier && tierField) {
        const name = perLocale(input.tierName ?? { fr: tier.id, en: tier.id }, defaultLocale);
        const label = perLocale(tierField.field.label, defaultLocale);
        Object.assign(cls, {
          rewardsTier: name[defaultLocale],
          localizedRewardsTier: localizedOf(name, defaultLocale),
          rewardsTierLabel: label[defaultLocale],
          localizedRewardsTierLabel: localizedOf(label, defaultLocale),
        });
      }
      for (const [role, key] of [['accountName', 'accountNameLabel'], ['accountId', 'accountIdLabel']] as const) {
        const field = labelOf(plan, role);
        if (!field || !hasText(field.field.label)) continue;
        const label = perLocale(field.field.label, defaultLocale);
        cls[key] = label[defaultLocale];
        cls[`localized${key[0]!.toUpperCase()}${key.slice(1)}`] = localizedOf(label, defaultLocale);
      }
      break;
    }
    case 'offer':
      Object.assign(cls, {
        provider: content.brandName,
        localizedProvider: sameInAll(content.brandName, defaultLocale),
        title: titleText[defaultLocale],
        localizedTitle: localizedOf(titleText, defaultLocale),
        redemptionChannel: 'BOTH',
      });
      if (logo) cls.titleImage = logo;
      break;
    case 'giftCard': {
      Object.assign(cls, { merchantName: content.brandName, localizedMerchantName: sameInAll(content.brandName, defaultLocale) });
      if (logo) cls.programLogo = logo;
      const number = labelOf(plan, 'cardNumber');
      if (number && hasText(number.field.label)) {
        const label = perLocale(number.field.label, defaultLocale);
        Object.assign(cls, { cardNumberLabel: label[defaultLocale], localizedCardNumberLabel: localizedOf(label, defaultLocale) });
      }
      break;
    }
    case 'eventTicket':
      Object.assign(cls, { eventId: id, eventName: localizedOf(titleText, defaultLocale) });
      if (logo) cls.logo = logo;
      break;
  }
  return cls;
}

/** Customer values per language, exactly as the Apple pass computes them. */
export function valuesFor(content: DesignContent, customer: CardCustomer, tierId: string | undefined): Record<Locale, PlaceholderValues> {
  return Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      // The customer's tier name (the programme's) is that of their own tier, not of another tier's look.
      placeholderValues(tierId === undefined || tierId === customer.tier ? customer : { ...customer, tier: tierId, tierLabel: undefined }, {
        brandName: content.brandName,
        locale,
      }),
    ]),
  ) as Record<Locale, PlaceholderValues>;
}

/** The barcode, its value rendered in the default language like the Apple pass's. */
export function googleBarcode(content: DesignContent, values: PlaceholderValues): Resource | undefined {
  const { format, message, altText } = content.barcode;
  if (format === 'none') return undefined;
  const barcode: Resource = { type: BARCODE_TYPES[format], value: renderText(message, values) };
  const alt = altText === undefined ? '' : renderText(altText, values).trim();
  if (alt) barcode.alternateText = alt;
  return barcode;
}

/** Same end as the Apple pass's expirationDate. */
function validity(content: DesignContent, issuedAt: number): Resource | undefined {
  const e = content.expiry;
  if (e.kind === 'date') return { end: { date: `${e.date}T23:59:59Z` } };
  if (e.kind === 'afterIssue') return { end: { date: new Date(issuedAt + e.days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z') } };
  return undefined;
}

export function toGoogleObject(content: DesignContent, input: GoogleObjectInput): Resource {
  const { defaultLocale, customer } = input;
  const vertical = VERTICAL[content.kind];
  const plan = planFields(content);
  const values = valuesFor(content, customer, input.tier);
  const obj: Resource = {
    id: objectIdOf(input.issuerId, input.namespace, input.serial),
    classId: classIdFor(content, input, input.tier),
    state: input.state ?? 'ACTIVE',
  };
  const barcode = googleBarcode(content, values[defaultLocale]);
  if (barcode) obj.barcode = barcode;
  const modules = plan.filter((p) => p.role === 'module' && !p.onClass).map((p) => textModule(p, defaultLocale, values));
  if (modules.length > 0) obj.textModulesData = modules;
  const links = linksAreStatic(content) ? undefined : linksModule(content, input, values);
  if (links) obj.linksModuleData = links;
  const valid = validity(content, input.issuedAt);
  if (valid) obj.validTimeInterval = valid;
  if (input.merchantLocations && input.merchantLocations.length > 0) {
    obj.merchantLocations = input.merchantLocations.slice(0, 10).map(({ latitude, longitude }) => ({ latitude, longitude }));
  }
  const value = (role: PlannedField['role']) => {
    const p = labelOf(plan, role);
    return p ? perLocale(p.field.value, defaultLocale, values) : undefined;
  };

  switch (vertical) {
    case 'loyalty': {
      obj.accountId = customer.memberId;
      obj.accountName = values[defaultLocale].fullName;
      const points = labelOf(plan, 'points');
      if (points) {
        const label = perLocale(points.field.label, defaultLocale);
        obj.loyaltyPoints = { label: label[defaultLocale], localizedLabel: localizedOf(label, defaultLocale), balance: { int: customer.points } };
      }
      break;
    }
    case 'giftCard':
      obj.cardNumber = customer.memberId;
      if (input.giftBalance) {
        // Money is in micros: 1 cent = 10,000 micros (google-wallet.md §1.5).
        obj.balance = { micros: String(BigInt(input.giftBalance.cents) * 10_000n), currencyCode: input.giftBalance.currency };
        obj.balanceUpdateTime = { date: new Date(input.giftBalance.updatedAt).toISOString() };
      }
      break;
    case 'eventTicket': {
      const holder = value('holder');
      if (holder) obj.ticketHolderName = holder[defaultLocale];
      break;
    }
    case 'generic': {
      const { background, logo, hero } = look(content, input);
      const title = labelOf(plan, 'title');
      const header = title ? perLocale(title.field.value, defaultLocale, values) : perLocale(content.description, defaultLocale);
      Object.assign(obj, {
        genericType: 'GENERIC_OTHER',
        cardTitle: sameInAll(content.brandName, defaultLocale),
        header: localizedOf(header, defaultLocale),
        hexBackgroundColor: background,
      });
      if (title && hasText(title.field.label)) obj.subheader = localized(title.field.label, defaultLocale, values);
      if (logo) obj.logo = logo;
      if (hero) obj.heroImage = hero;
      break;
    }
  }
  return obj;
}
