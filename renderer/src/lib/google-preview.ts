/**
 * What the Google preview draws, read from the class and object the server maps a design to (POST /api/google/preview):
 * Google's own fields, resolved for one language, so that the preview shows exactly what Google would receive.
 */
import type { GoogleLocalized, GooglePreview, Locale } from './contract';
import { luminance, parseHex } from './color';

export interface GoogleCardView {
  background: string;
  /** White or near-black, as Google picks for a background. */
  foreground: string;
  logo: string | null;
  issuer: string;
  title: string;
  /** Label/value rows on the front (points, tier, member…). */
  rows: Array<{ label: string; value: string }>;
  barcode: { type: string; value: string; alternateText: string } | null;
  hero: string | null;
  /** Text modules (the card's details), class and object together. */
  details: Array<{ header: string; body: string }>;
  links: Array<{ description: string; uri: string }>;
}

type Obj = Record<string, unknown>;

export function localizedText(value: unknown, locale: Locale): string {
  if (typeof value === 'string') return value;
  const l = value as GoogleLocalized | undefined;
  if (!l?.defaultValue) return '';
  return l.translatedValues?.find((t) => t.language === locale)?.value ?? l.defaultValue.value;
}

/** A field as Google reads it: the localized variant in this language, else the plain one. */
function pick(o: Obj, key: string, locale: Locale): string {
  const localizedKey = `localized${key[0]!.toUpperCase()}${key.slice(1)}`;
  return o[localizedKey] !== undefined ? localizedText(o[localizedKey], locale) : localizedText(o[key], locale);
}

const imageUri = (image: unknown): string | null => ((image as { sourceUri?: { uri?: string } } | undefined)?.sourceUri?.uri ?? null);

export function googleCardView(preview: GooglePreview, locale: Locale): GoogleCardView {
  const cls = preview.class;
  const obj = preview.object;
  const generic = preview.vertical === 'generic';
  const background = String((generic ? obj.hexBackgroundColor : cls.hexBackgroundColor) ?? '#ffffff');
  const rgb = parseHex(background);
  const foreground = rgb && luminance(rgb) < 0.4 ? '#ffffff' : '#1f1f1f';
  const rows: GoogleCardView['rows'] = [];
  let title = '';
  let issuer = pick(cls, 'issuerName', locale);
  let logo = imageUri(cls.programLogo ?? cls.titleImage ?? cls.logo);
  switch (preview.vertical) {
    case 'loyalty': {
      title = pick(cls, 'programName', locale);
      const points = obj.loyaltyPoints as Obj | undefined;
      if (points) rows.push({ label: pick(points, 'label', locale), value: String((points.balance as Obj | undefined)?.int ?? '') });
      if (cls.rewardsTier) rows.push({ label: pick(cls, 'rewardsTierLabel', locale), value: pick(cls, 'rewardsTier', locale) });
      if (cls.accountNameLabel) rows.push({ label: pick(cls, 'accountNameLabel', locale), value: String(obj.accountName ?? '') });
      if (cls.accountIdLabel) rows.push({ label: pick(cls, 'accountIdLabel', locale), value: String(obj.accountId ?? '') });
      break;
    }
    case 'offer':
      title = pick(cls, 'title', locale);
      break;
    case 'giftCard':
      title = pick(cls, 'merchantName', locale);
      rows.push({ label: pick(cls, 'cardNumberLabel', locale), value: String(obj.cardNumber ?? '') });
      break;
    case 'eventTicket':
      title = localizedText(cls.eventName, locale);
      if (obj.ticketHolderName) rows.push({ label: '', value: String(obj.ticketHolderName) });
      break;
    case 'generic':
      issuer = localizedText(obj.cardTitle, locale);
      title = localizedText(obj.header, locale);
      logo = imageUri(obj.logo);
      if (obj.subheader) rows.push({ label: localizedText(obj.subheader, locale), value: title });
      break;
  }
  const modules = [...((obj.textModulesData as Obj[] | undefined) ?? []), ...((cls.textModulesData as Obj[] | undefined) ?? [])];
  const uris = [
    ...(((obj.linksModuleData as Obj | undefined)?.uris as Obj[] | undefined) ?? []),
    ...(((cls.linksModuleData as Obj | undefined)?.uris as Obj[] | undefined) ?? []),
  ];
  const barcode = obj.barcode as Obj | undefined;
  return {
    background,
    foreground,
    logo,
    issuer,
    title,
    rows: rows.filter((r) => r.value !== ''),
    barcode: barcode ? { type: String(barcode.type), value: String(barcode.value ?? ''), alternateText: String(barcode.alternateText ?? '') } : null,
    hero: imageUri(generic ? obj.heroImage : cls.heroImage),
    details: modules.map((m) => ({ header: pick(m, 'header', locale), body: pick(m, 'body', locale) })),
    links: uris.map((u) => ({ description: pick(u, 'description', locale), uri: String(u.uri ?? '') })),
  };
}
