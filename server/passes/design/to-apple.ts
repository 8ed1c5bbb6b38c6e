/**
 * Design + customer → Apple's pass.json and its `<lang>.lproj/pass.strings` tables. Pure: no I/O, no clock.
 *
 * pass.json carries keys for the texts people read in their language (labels, change messages, descriptions,
 * links); the strings tables carry the texts. Customer values go in directly when they read the same in both
 * languages, through a key otherwise (a date written "mars 2024" / "March 2024").
 */
import { APPLE_STYLE } from './apple-layout.js';
import { MAX_CARD_LOCATIONS, type CardLocation } from './card-locations.js';
import { toAppleRgb } from './colour.js';
import { placeholderValues, renderText, type CardCustomer, type PlaceholderValues } from './placeholders.js';
import { tagLink, tagLinksInText } from './utm.js';
import { LOCALES, type Colours, type DesignContent, type Field, type Locale, type Text, type Zone } from './schema.js';

export interface AppleMappingInput {
  customer: CardCustomer;
  /** Tier id whose look the card takes; default: the customer's. */
  tier?: string | undefined;
  serial: string;
  authToken: string;
  webServiceUrl: string;
  passTypeIdentifier: string;
  teamIdentifier: string;
  /** Language used where a text has no translation, and for texts that are not localised (barcode). */
  defaultLocale: Locale;
  /** When the pass was first issued (epoch ms): the start of an "expires N days after issue" period. */
  issuedAt: number;
  /** The latest lock-screen message; empty until one is sent. */
  message?: string | undefined;
  /** Where the card is relevant, nearest first; Apple keeps 10. */
  locations?: readonly CardLocation[] | undefined;
  /** utm_campaign of the card's links (the design's name); their source is wallet and medium apple (utm.ts). */
  utmCampaign?: string | undefined;
}

export interface ApplePass {
  passJson: Record<string, unknown>;
  localizations: Record<Locale, Record<string, string>>;
}

const BARCODE_FORMATS = {
  qr: 'PKBarcodeFormatQR',
  pdf417: 'PKBarcodeFormatPDF417',
  aztec: 'PKBarcodeFormatAztec',
  code128: 'PKBarcodeFormatCode128',
} as const;

const ALIGNMENTS = {
  natural: 'PKTextAlignmentNatural',
  left: 'PKTextAlignmentLeft',
  center: 'PKTextAlignmentCenter',
  right: 'PKTextAlignmentRight',
} as const;

const FRONT_ZONES: Array<[Exclude<Zone, 'back'>, string]> = [
  ['header', 'headerFields'],
  ['primary', 'primaryFields'],
  ['secondary', 'secondaryFields'],
  ['auxiliary', 'auxiliaryFields'],
];

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const hasText = (t: Text): boolean => LOCALES.some((l) => t[l].trim() !== '');

export function toApplePassJson(content: DesignContent, input: AppleMappingInput): ApplePass {
  const tierId = input.tier ?? input.customer.tier;
  const tier = content.tiers.find((t) => t.id === tierId);
  const values = Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      placeholderValues(
        // The customer's tier name is that of their own tier, not of another tier's look previewed on their card.
        tierId === input.customer.tier ? input.customer : { ...input.customer, tier: tierId, tierLabel: undefined },
        { brandName: content.brandName, locale },
      ),
    ]),
  ) as Record<Locale, PlaceholderValues>;
  const localizations = Object.fromEntries(LOCALES.map((l) => [l, {}])) as Record<Locale, Record<string, string>>;

  /** The text in `locale`, or in the default language when that translation is empty. */
  const pick = (t: Text, locale: Locale): string =>
    t[locale].trim() !== '' ? t[locale] : t[input.defaultLocale].trim() !== '' ? t[input.defaultLocale] : (LOCALES.map((l) => t[l]).find((s) => s.trim()) ?? '');

  /** Registers a per-language text (rendered with that language's customer values) and returns its key. */
  const localise = (key: string, t: Text, render = true): string => {
    for (const locale of LOCALES) {
      const text = pick(t, locale);
      localizations[locale][key] = render ? renderText(text, values[locale]) : text;
    }
    return key;
  };

  const fieldValue = (f: Field): string | number => {
    const templates = LOCALES.map((l) => pick(f.value, l).trim());
    // A bare points value stays a number: Wallet formats it and puts it in the change message as is.
    if (templates.every((t) => t === '{{points}}')) return input.customer.points;
    const rendered = LOCALES.map((l) => renderText(pick(f.value, l), values[l]));
    if (rendered.every((r) => r === rendered[0])) return rendered[0]!;
    return localise(`${f.key}.value`, f.value);
  };

  const mapField = (f: Field): Record<string, unknown> => {
    const out: Record<string, unknown> = { key: f.key };
    if (hasText(f.label)) out.label = localise(`${f.key}.label`, f.label);
    out.value = fieldValue(f);
    if (f.changeMessage && hasText(f.changeMessage)) out.changeMessage = localise(`${f.key}.change`, f.changeMessage);
    if (f.align) out.textAlignment = ALIGNMENTS[f.align];
    return out;
  };

  const style: Record<string, unknown> = {};
  for (const [zone, key] of FRONT_ZONES) {
    if (content.fields[zone].length > 0) style[key] = content.fields[zone].map(mapField);
  }
  style.backFields = [
    // Reserved for lock-screen messages: a change of its value is what Wallet shows as a notification.
    {
      key: 'message',
      label: localise('message.label', content.message.label),
      // A campaign may have set its own utm_campaign in the text: only what is missing is added.
      value: tagLinksInText(input.message ?? '', { medium: 'apple', campaign: 'message' }),
      changeMessage: '%@',
    },
    ...content.fields.back.map(mapField),
    // On every card, whatever its design: the customer chooses what they receive (seed 004).
    ...(input.customer.preferencesUrl
      ? [
          {
            key: 'preferences',
            label: localise('preferences.label', { fr: 'Vos préférences', en: 'Your preferences' }, false),
            value: input.customer.preferencesUrl,
            attributedValue: localise(
              'preferences.html',
              {
                fr: `<a href="${escapeHtml(input.customer.preferencesUrl)}">Choisir ce que vous recevez</a>`,
                en: `<a href="${escapeHtml(input.customer.preferencesUrl)}">Choose what you receive</a>`,
              },
              false,
            ),
          },
        ]
      : []),
    ...content.links.map((link, i) => {
      const key = `link_${i + 1}`;
      const url = tagLink(link.url, { medium: 'apple', campaign: input.utmCampaign ?? content.brandName });
      const anchor = (l: Locale) => `<a href="${escapeHtml(url)}">${escapeHtml(renderText(pick(link.label, l), values[l]))}</a>`;
      const html: Text = { fr: anchor('fr'), en: anchor('en') };
      return { key, label: localise(`${key}.label`, link.label), value: url, attributedValue: localise(`${key}.html`, html, false) };
    }),
  ];

  const colours: Colours = { ...content.colours, ...(tier?.colours ?? {}) };
  const passJson: Record<string, unknown> = {
    formatVersion: 1,
    passTypeIdentifier: input.passTypeIdentifier,
    teamIdentifier: input.teamIdentifier,
    serialNumber: input.serial,
    authenticationToken: input.authToken,
    webServiceURL: input.webServiceUrl,
    organizationName: content.brandName,
    description: localise('pass.description', content.description),
    logoText: content.brandName,
    backgroundColor: toAppleRgb(colours.background),
    foregroundColor: toAppleRgb(colours.foreground),
    labelColor: toAppleRgb(colours.label),
    [APPLE_STYLE[content.kind]]: style,
  };
  const locations = (input.locations ?? []).slice(0, MAX_CARD_LOCATIONS);
  if (locations.length > 0) {
    passJson.locations = locations.map((l, i) => ({
      latitude: l.latitude,
      longitude: l.longitude,
      // A closed store's location stays (the list does not change twice a day) but shows no text.
      ...(l.text ? { relevantText: localise(`location_${i + 1}.text`, l.text, false) } : {}),
    }));
    // One distance for the whole pass: the largest radius, so that no store triggers closer than it was set to (Wallet
    // uses the smaller of this and its own default).
    passJson.maxDistance = Math.max(...locations.map((l) => l.radiusM));
  }
  const barcodes = appleBarcodes(content, values[input.defaultLocale]);
  if (barcodes.length > 0) passJson.barcodes = barcodes;
  const expirationDate = appleExpiry(content, input.issuedAt);
  if (expirationDate) passJson.expirationDate = expirationDate;
  return { passJson, localizations };
}

function appleBarcodes(content: DesignContent, values: PlaceholderValues): Array<Record<string, string>> {
  const { format, message, altText } = content.barcode;
  if (format === 'none') return [];
  const barcode: Record<string, string> = {
    format: BARCODE_FORMATS[format],
    message: renderText(message, values),
    messageEncoding: 'iso-8859-1',
  };
  const alt = altText === undefined ? '' : renderText(altText, values).trim();
  if (alt) barcode.altText = alt;
  // Apple Watch cannot show Code 128; Wallet takes the first barcode the device can display.
  return format === 'code128' ? [barcode, { ...barcode, format: BARCODE_FORMATS.qr }] : [barcode];
}

const w3c = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function appleExpiry(content: DesignContent, issuedAt: number): string | undefined {
  const e = content.expiry;
  // A date-only expiry lasts to the end of that day (UTC: the brand's time zone is not known yet).
  if (e.kind === 'date') return `${e.date}T23:59:59Z`;
  if (e.kind === 'afterIssue') return w3c(issuedAt + e.days * 86_400_000);
  return undefined;
}
