/**
 * One design, one customer: the Apple pass and the Google class + object show the same texts in each language and
 * encode the same barcode value.
 */
import { describe, expect, it } from 'vitest';
import { sampleCustomer } from '../design/placeholders.js';
import { DESIGN_KIND_VALUES, LOCALES, type DesignContent, type DesignKind, type Locale } from '../design/schema.js';
import { defaultDesign } from '../design/templates.js';
import { toApplePassJson } from '../design/to-apple.js';
import { planFields } from './field-plan.js';
import { toGoogleClass, toGoogleObject } from './to-google.js';

const brand = { name: 'Maison Fauvette', primaryColor: '#1f4e79', website: 'https://fauvette.example' };
const customer = { ...sampleCustomer(brand), tier: 'silver', points: 720 };
const ISSUED = Date.UTC(2026, 0, 10);

function appleCard(kind: DesignKind) {
  const content = defaultDesign(kind, brand, { icon: 'a'.repeat(64) });
  const { passJson, localizations } = toApplePassJson(content, {
    customer,
    serial: 'S1',
    authToken: 'x'.repeat(32),
    webServiceUrl: 'https://c.example/apple',
    passTypeIdentifier: 'pass.x',
    teamIdentifier: 'T',
    defaultLocale: 'fr',
    issuedAt: ISSUED,
  });
  return { content, passJson, localizations };
}

/**
 * What a phone in `locale` reads on the Apple pass: every field's value and label, the strings tables applied. Google
 * shows a few facts in places of its own with its own caption (an event's name, the ticket holder): their Apple
 * labels have no counterpart, their values do.
 */
function appleTexts(content: DesignContent, passJson: Record<string, unknown>, localizations: Record<Locale, Record<string, string>>, locale: Locale): string[] {
  const style = ['storeCard', 'coupon', 'eventTicket', 'generic'].map((s) => passJson[s]).find(Boolean) as Record<string, Array<Record<string, unknown>>>;
  const read = (v: unknown) => (typeof v === 'string' ? (localizations[locale][v] ?? v) : String(v));
  const captionedByGoogle = new Set(planFields(content).filter((p) => p.role === 'title' || p.role === 'holder').map((p) => p.field.key));
  return Object.values(style)
    .flat()
    .filter((f) => f.key !== 'message' && !String(f.key).startsWith('link_'))
    .flatMap((f) => [f.label === undefined || captionedByGoogle.has(String(f.key)) ? '' : read(f.label), read(f.value)])
    .filter((s) => s !== '');
}

/** Every text a phone in `locale` reads on the Google pass: LocalizedStrings resolved, plain strings and numbers. */
function googleTexts(resources: unknown[], locale: Locale): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' || typeof v === 'number') out.add(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.defaultValue && typeof o.defaultValue === 'object') {
        const t = (o.translatedValues as Array<{ language: string; value: string }> | undefined)?.find((x) => x.language === locale);
        out.add(t?.value ?? (o.defaultValue as { value: string }).value);
        return;
      }
      Object.values(o).forEach(walk);
    }
  };
  resources.forEach(walk);
  return out;
}

describe('one design, both wallets', () => {
  it.each(DESIGN_KIND_VALUES)('%s: the same texts in French and English and the same barcode value', (kind) => {
    const { content, passJson, localizations } = appleCard(kind);
    const base = {
      issuerId: '3388000000022222222',
      namespace: 'ns01',
      designId: 1,
      tier: 'silver',
      // The programme's name of the tier, as the sync reads it for a tier's class.
      tierName: { fr: 'Argent', en: 'Silver' },
      defaultLocale: 'fr' as const,
      imageUrl: (id: string, slot: string) => `https://c.example/g/images/${id}/${slot}.png`,
    };
    const cls = toGoogleClass(content, base);
    const obj = toGoogleObject(content, { ...base, customer, serial: 'S1', issuedAt: ISSUED });
    for (const locale of LOCALES) {
      const google = googleTexts([cls, obj], locale);
      const missing = appleTexts(content, passJson, localizations, locale).filter((text) => !google.has(text));
      expect(missing, `${kind} ${locale}`).toEqual([]);
    }
    const appleBarcode = (passJson.barcodes as Array<{ message: string }>)[0]!.message;
    expect((obj.barcode as { value: string }).value).toBe(appleBarcode);
    // A loyalty card's QR is the referral link (the staff scanner reads the customer from it); others the member number.
    expect(appleBarcode).toBe(kind === 'loyalty' ? customer.referralUrl : 'M-004217');
  });
});
