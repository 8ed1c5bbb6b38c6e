import { describe, expect, it } from 'vitest';
import { sampleCustomer } from '../design/placeholders.js';
import type { DesignContent, DesignKind } from '../design/schema.js';
import { defaultDesign } from '../design/templates.js';
import { classTiers, toGoogleClass, toGoogleObject, type GoogleObjectInput } from './to-google.js';

const brand = { name: 'Maison Fauvette', primaryColor: '#1f4e79', website: 'https://fauvette.example' };
const LOGO = 'b'.repeat(64);
const STRIP = 'c'.repeat(64);
const design = (kind: DesignKind = 'loyalty', patch: (d: DesignContent) => void = () => {}) => {
  const d = defaultDesign(kind, brand, { icon: 'a'.repeat(64) });
  patch(d);
  return d;
};
const input = (over: Partial<GoogleObjectInput> = {}): GoogleObjectInput => ({
  issuerId: '3388000000022222222',
  namespace: 'ab12cd34',
  designId: 7,
  tier: 'gold',
  tierName: { fr: 'Or', en: 'Gold' },
  defaultLocale: 'fr',
  imageUrl: (id, slot) => `https://cartes.fauvette.example/g/images/${id}/${slot}.png`,
  customer: { ...sampleCustomer(brand), tier: 'gold', tierLabel: { fr: 'Or', en: 'Gold' }, points: 1620 },
  serial: 'Q2hhcmxvdHRlLTAwMDE',
  issuedAt: Date.UTC(2026, 0, 10, 9, 30),
  ...over,
});

// Required fields per resource (google-wallet.md §1.4).
const REQUIRED: Record<DesignKind, { cls: string[]; obj: string[] }> = {
  loyalty: { cls: ['id', 'issuerName', 'programName', 'programLogo', 'reviewStatus'], obj: ['id', 'classId', 'state'] },
  coupon: { cls: ['id', 'issuerName', 'provider', 'title', 'redemptionChannel', 'reviewStatus'], obj: ['id', 'classId', 'state'] },
  giftCard: { cls: ['id', 'issuerName', 'reviewStatus'], obj: ['id', 'classId', 'state', 'cardNumber'] },
  eventTicket: { cls: ['id', 'issuerName', 'eventName', 'reviewStatus'], obj: ['id', 'classId', 'state'] },
  generic: { cls: ['id'], obj: ['id', 'classId', 'cardTitle', 'header'] },
};

describe('toGoogleClass / toGoogleObject', () => {
  it.each(Object.keys(REQUIRED) as DesignKind[])('%s carries every field Google requires, with ids issuerId.suffix', (kind) => {
    const d = design(kind, (c) => (c.images.logo = LOGO));
    const cls = toGoogleClass(d, input());
    const obj = toGoogleObject(d, input());
    for (const key of REQUIRED[kind].cls) expect(cls[key], `${kind} class ${key}`).toBeDefined();
    for (const key of REQUIRED[kind].obj) expect(obj[key], `${kind} object ${key}`).toBeDefined();
    expect(cls.id).toMatch(/^3388000000022222222\.[A-Za-z0-9._-]+$/);
    expect(obj.id).toBe('3388000000022222222.ab12cd34_Q2hhcmxvdHRlLTAwMDE');
    expect(obj.classId).toBe(cls.id);
  });

  it('a generic class carries none of the fields Google does not have on it', () => {
    const cls = toGoogleClass(design('generic', (c) => (c.images.strip = STRIP)), input());
    for (const key of ['issuerName', 'reviewStatus', 'hexBackgroundColor', 'heroImage']) expect(cls[key]).toBeUndefined();
    const obj = toGoogleObject(design('generic', (c) => (c.images.strip = STRIP)), input());
    expect(obj).toMatchObject({ hexBackgroundColor: '#1f4e79', heroImage: { sourceUri: { uri: expect.stringContaining(`/${STRIP}/google-hero.png`) } } });
  });

  it('a loyalty card: points as a number, the tier on its class, name and number on the object, in French and English', () => {
    const d = design('loyalty');
    const cls = toGoogleClass(d, input());
    const obj = toGoogleObject(d, input());
    expect(obj.loyaltyPoints).toEqual({ label: 'Points', localizedLabel: { defaultValue: { language: 'fr', value: 'Points' } }, balance: { int: 1620 } });
    expect(obj).toMatchObject({ accountId: 'M-004217', accountName: 'Camille Martin', state: 'ACTIVE' });
    expect(cls).toMatchObject({
      id: '3388000000022222222.ab12cd34_d7_gold',
      rewardsTier: 'Or',
      localizedRewardsTier: { defaultValue: { language: 'fr', value: 'Or' }, translatedValues: [{ language: 'en', value: 'Gold' }] },
      rewardsTierLabel: 'Statut',
      accountNameLabel: 'Membre',
      localizedAccountNameLabel: { translatedValues: [{ language: 'en', value: 'Member' }] },
      programName: 'Carte de fidélité Maison Fauvette',
      localizedProgramName: { translatedValues: [{ language: 'en', value: 'Maison Fauvette loyalty card' }] },
      hexBackgroundColor: '#d9b45a',
      reviewStatus: 'UNDER_REVIEW',
      programLogo: { sourceUri: { uri: `https://cartes.fauvette.example/g/images/${'a'.repeat(64)}/google-logo.png` } },
    });
  });

  it('static texts go on the class, texts bound to the customer on each object; links carry the wallet’s UTM tags', () => {
    const d = design('loyalty');
    const cls = toGoogleClass(d, { ...input(), utmCampaign: 'Carte fidélité' });
    const obj = toGoogleObject(d, input());
    expect((cls.textModulesData as Array<{ id: string }>).map((m) => m.id)).toEqual(['terms']);
    expect((obj.textModulesData as Array<{ id: string }>).map((m) => m.id)).toEqual(['memberSince', 'referral']);
    expect(cls.linksModuleData).toEqual({
      uris: [{ id: 'link_1', uri: 'https://fauvette.example/?utm_source=wallet&utm_medium=google&utm_campaign=carte-fidelite', description: 'Notre site', localizedDescription: { defaultValue: { language: 'fr', value: 'Notre site' }, translatedValues: [{ language: 'en', value: 'Our website' }] } }],
    });
    const since = (obj.textModulesData as Array<Record<string, unknown>>)[0]!;
    expect(since).toMatchObject({
      header: 'Membre depuis',
      body: 'mars 2024',
      localizedBody: { defaultValue: { language: 'fr', value: 'mars 2024' }, translatedValues: [{ language: 'en', value: 'March 2024' }] },
    });
  });

  it('one class per tier for loyalty cards; other kinds only when a tier changes the look', () => {
    expect(classTiers(design('loyalty'))).toEqual(['member', 'silver', 'gold']);
    expect(classTiers(design('coupon'))).toEqual([undefined]);
    expect(classTiers(design('coupon', (c) => (c.tiers = [{ id: 'vip', strip: STRIP }])))).toEqual(['vip']);
    expect(classTiers(design('loyalty', (c) => (c.tiers = [])))).toEqual([undefined]);
    const member = toGoogleClass(design('loyalty'), input({ tier: 'member', tierName: { fr: 'Membre', en: 'Member' } }));
    expect(member).toMatchObject({ id: '3388000000022222222.ab12cd34_d7_member', hexBackgroundColor: '#1f4e79', rewardsTier: 'Membre' });
  });

  it('maps barcode formats and renders the value like the Apple pass', () => {
    const formats = { qr: 'QR_CODE', pdf417: 'PDF_417', aztec: 'AZTEC', code128: 'CODE_128' } as const;
    for (const [format, type] of Object.entries(formats)) {
      const obj = toGoogleObject(design('loyalty', (c) => (c.barcode = { format: format as keyof typeof formats, message: 'FID-{{memberId}}', altText: '{{memberId}}' })), input());
      expect(obj.barcode).toEqual({ type, value: 'FID-M-004217', alternateText: 'M-004217' });
    }
    expect(toGoogleObject(design('loyalty', (c) => (c.barcode.format = 'none')), input()).barcode).toBeUndefined();
  });

  it('a gift card balance in micros, an offer titled by its static primary field, an event ticket named for its holder', () => {
    const gift = toGoogleObject(design('giftCard'), input({ giftBalance: { cents: 2550, currency: 'EUR', updatedAt: Date.UTC(2026, 1, 1) } }));
    expect(gift).toMatchObject({ cardNumber: 'M-004217', balance: { micros: '25500000', currencyCode: 'EUR' }, balanceUpdateTime: { date: '2026-02-01T00:00:00.000Z' } });
    expect(toGoogleClass(design('giftCard'), input())).toMatchObject({ merchantName: 'Maison Fauvette', cardNumberLabel: 'Numéro' });
    const offer = toGoogleClass(design('coupon'), input());
    expect(offer).toMatchObject({ title: '-10 %', localizedTitle: { translatedValues: [{ language: 'en', value: '10% off' }] }, provider: 'Maison Fauvette', redemptionChannel: 'BOTH' });
    expect(toGoogleObject(design('coupon'), input())).toMatchObject({ validTimeInterval: { end: { date: '2026-02-09T09:30:00Z' } } });
    const ticket = toGoogleObject(design('eventTicket'), input());
    expect(ticket.ticketHolderName).toBe('Camille Martin');
    expect(toGoogleClass(design('eventTicket'), input())).toMatchObject({ eventName: { defaultValue: { value: 'Soirée privée' } } });
  });

  it('sets the callback URL, the state and at most ten merchant locations when given', () => {
    const stores = Array.from({ length: 12 }, (_, i) => ({ latitude: 48 + i / 100, longitude: 2.3 }));
    const obj = toGoogleObject(design(), input({ state: 'EXPIRED', merchantLocations: stores }));
    expect(obj.state).toBe('EXPIRED');
    expect(obj.merchantLocations).toHaveLength(10);
    expect(toGoogleClass(design(), input({ callbackUrl: 'https://cartes.fauvette.example/google/callback' })).callbackOptions).toEqual({
      url: 'https://cartes.fauvette.example/google/callback',
    });
  });

  it('uses English as the default when the brand is English', () => {
    const obj = toGoogleObject(design(), input({ defaultLocale: 'en' }));
    expect((obj.textModulesData as Array<Record<string, unknown>>)[0]).toMatchObject({
      body: 'March 2024',
      localizedBody: { defaultValue: { language: 'en', value: 'March 2024' }, translatedValues: [{ language: 'fr', value: 'mars 2024' }] },
    });
  });
});
