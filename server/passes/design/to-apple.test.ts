import { describe, expect, it } from 'vitest';
import { sampleCustomer } from './placeholders.js';
import type { DesignContent, DesignKind } from './schema.js';
import { defaultDesign } from './templates.js';
import { toApplePassJson, type AppleMappingInput } from './to-apple.js';

const brand = { name: 'Maison Fauvette', primaryColor: '#1f4e79', website: 'https://fauvette.example' };
const ISSUED = Date.UTC(2026, 0, 10, 9, 30);
const input = (over: Partial<AppleMappingInput> = {}): AppleMappingInput => ({
  customer: { ...sampleCustomer(brand), tier: 'gold', tierLabel: { fr: 'Or', en: 'Gold' }, points: 1620 },
  serial: 'S-0001',
  authToken: 'tok_0123456789abcdef0123',
  webServiceUrl: 'https://passes.fauvette.example',
  passTypeIdentifier: 'pass.example.fauvette',
  teamIdentifier: 'TEAM123456',
  defaultLocale: 'fr',
  issuedAt: ISSUED,
  ...over,
});
const design = (kind: DesignKind = 'loyalty', patch: (d: DesignContent) => void = () => {}) => {
  const d = defaultDesign(kind, brand, { icon: 'a'.repeat(64) });
  patch(d);
  return d;
};
type Fields = Record<string, Array<Record<string, unknown>>>;

describe('toApplePassJson', () => {
  it.each([
    ['loyalty', 'storeCard'],
    ['giftCard', 'storeCard'],
    ['coupon', 'coupon'],
    ['eventTicket', 'eventTicket'],
    ['generic', 'generic'],
  ] as const)('%s becomes an Apple %s with the identifiers and web service', (kind, style) => {
    const { passJson } = toApplePassJson(design(kind), input());
    expect(passJson).toMatchObject({
      formatVersion: 1,
      passTypeIdentifier: 'pass.example.fauvette',
      teamIdentifier: 'TEAM123456',
      serialNumber: 'S-0001',
      authenticationToken: 'tok_0123456789abcdef0123',
      webServiceURL: 'https://passes.fauvette.example',
      organizationName: 'Maison Fauvette',
      logoText: 'Maison Fauvette',
      description: 'pass.description',
    });
    const styles = ['storeCard', 'coupon', 'eventTicket', 'generic', 'boardingPass'].filter((s) => passJson[s] !== undefined);
    expect(styles).toEqual([style]);
  });

  it('puts keys in pass.json and the texts of both languages in the strings tables', () => {
    const { passJson, localizations } = toApplePassJson(design(), input());
    const card = passJson.storeCard as Fields;
    expect(card.headerFields).toEqual([{ key: 'points', label: 'points.label', value: 1620, changeMessage: 'points.change' }]);
    expect(localizations.fr).toMatchObject({
      'points.label': 'Points',
      'points.change': 'Vous avez maintenant %@ points',
      'pass.description': 'Carte de fidélité Maison Fauvette',
      'message.label': 'Message',
    });
    expect(localizations.en).toMatchObject({ 'points.change': 'You now have %@ points', 'pass.description': 'Maison Fauvette loyalty card' });
    // The same in both languages: the value itself. Different: a key, with each language's rendering.
    expect(card.primaryFields).toEqual([{ key: 'member', label: 'member.label', value: 'Camille Martin' }]);
    expect(card.auxiliaryFields).toEqual([{ key: 'memberSince', label: 'memberSince.label', value: 'memberSince.value' }]);
    expect(localizations.fr['memberSince.value']).toBe('mars 2024');
    expect(localizations.en['memberSince.value']).toBe('March 2024');
  });

  it('applies the tier: its colours, and the programme’s name of it', () => {
    const gold = toApplePassJson(design(), input());
    expect(gold.passJson).toMatchObject({
      backgroundColor: 'rgb(217, 180, 90)',
      foregroundColor: 'rgb(43, 33, 18)',
      labelColor: 'rgb(90, 67, 23)',
    });
    expect((gold.passJson.storeCard as Fields).secondaryFields![0]).toMatchObject({ key: 'tier', value: 'tier.value', changeMessage: 'tier.change' });
    expect(gold.localizations.fr['tier.value']).toBe('Or');
    expect(gold.localizations.en['tier.value']).toBe('Gold');

    const member = toApplePassJson(design(), input({ customer: { ...input().customer, tier: 'member', tierLabel: { fr: 'Membre', en: 'Member' } } }));
    expect(member.passJson).toMatchObject({ backgroundColor: 'rgb(31, 78, 121)', foregroundColor: 'rgb(255, 255, 255)' });
    expect(member.localizations.en['tier.value']).toBe('Member');
    // A look previewed for another tier than the customer's does not borrow the customer's tier name.
    expect(toApplePassJson(design(), input({ tier: 'silver' })).passJson.storeCard).toMatchObject({ secondaryFields: [{ value: 'silver' }] });

    const unknown = toApplePassJson(design(), input({ tier: 'platinum' }));
    expect((unknown.passJson.storeCard as Fields).secondaryFields![0]!.value).toBe('platinum');

    const partial = toApplePassJson(design('loyalty', (d) => (d.tiers[1]!.colours = { background: '#eeeeee' })), input({ tier: 'silver' }));
    expect(partial.passJson).toMatchObject({ backgroundColor: 'rgb(238, 238, 238)', foregroundColor: 'rgb(255, 255, 255)' });
  });

  it('reserves the message back field, then the design’s back fields, then links as HTML anchors with UTM tags', () => {
    const d = design('loyalty', (x) => x.links.push({ label: { fr: 'Avis « clients » & co', en: 'Reviews' }, url: 'https://x.example/?a=1&b="2"' }));
    const { passJson, localizations } = toApplePassJson(d, input({ message: 'Double points ce week-end !', utmCampaign: 'Carte fidélité' }));
    const back = (passJson.storeCard as Fields).backFields!;
    expect(back.map((f) => f.key)).toEqual(['message', 'referral', 'terms', 'link_1', 'link_2']);
    expect(back[0]).toEqual({ key: 'message', label: 'message.label', value: 'Double points ce week-end !', changeMessage: '%@' });
    expect(back[1]!.value).toBe('https://fauvette.example/parrainage/CAMILLE42');
    const utm = 'utm_source=wallet&utm_medium=apple&utm_campaign=carte-fidelite';
    expect(back[3]).toEqual({ key: 'link_1', label: 'link_1.label', value: `https://fauvette.example/?${utm}`, attributedValue: 'link_1.html' });
    expect(localizations.fr['link_1.html']).toBe(`<a href="https://fauvette.example/?${utm.replaceAll('&', '&amp;')}">Notre site</a>`);
    expect(localizations.en['link_1.html']).toBe(`<a href="https://fauvette.example/?${utm.replaceAll('&', '&amp;')}">Our website</a>`);
    expect(localizations.fr['link_2.html']).toBe(`<a href="https://x.example/?a=1&amp;b=%222%22&amp;${utm.replaceAll('&', '&amp;')}">Avis « clients » &amp; co</a>`);
    // A link in a lock-screen message is tagged too; a campaign's own utm_campaign stays.
    const message = toApplePassJson(d, input({ message: 'Soldes : https://fauvette.example/soldes?utm_campaign=ete' }));
    expect((message.passJson.storeCard as Fields).backFields![0]!.value).toBe('Soldes : https://fauvette.example/soldes?utm_campaign=ete&utm_source=wallet&utm_medium=apple');
    expect((toApplePassJson(design(), input()).passJson.storeCard as Fields).backFields![0]).toMatchObject({ key: 'message', value: '' });
  });

  it('renders placeholders in every language, falling back to the default language for a missing translation', () => {
    const d = design('generic', (x) => {
      x.fields.primary[0]!.label = { fr: 'Bonjour {{firstName}}', en: '' };
      x.fields.secondary[0]!.value = { fr: '{{points}} pts chez {{brandName}}', en: '{{points}} pts at {{brandName}}' };
    });
    const { passJson, localizations } = toApplePassJson(d, input());
    expect(localizations.en['member.label']).toBe('Bonjour Camille');
    expect(localizations.fr['memberId.value']).toMatch(/^1\s620 pts chez Maison Fauvette$/u);
    expect(localizations.en['memberId.value']).toBe('1,620 pts at Maison Fauvette');
    expect(JSON.stringify(passJson)).not.toContain('{{');
  });

  it('maps barcodes with iso-8859-1, a QR fallback after Code 128, none for "none"', () => {
    expect(toApplePassJson(design(), input()).passJson.barcodes).toEqual([
      { format: 'PKBarcodeFormatQR', message: 'https://fauvette.example/parrainage/CAMILLE42', messageEncoding: 'iso-8859-1', altText: 'M-004217' },
    ]);
    expect(toApplePassJson(design('giftCard'), input()).passJson.barcodes).toEqual([
      { format: 'PKBarcodeFormatCode128', message: 'M-004217', messageEncoding: 'iso-8859-1', altText: 'M-004217' },
      { format: 'PKBarcodeFormatQR', message: 'M-004217', messageEncoding: 'iso-8859-1', altText: 'M-004217' },
    ]);
    const pdf = design('coupon', (x) => (x.barcode = { format: 'pdf417', message: 'C-{{referralCode}}' }));
    expect(toApplePassJson(pdf, input()).passJson.barcodes).toEqual([
      { format: 'PKBarcodeFormatPDF417', message: 'C-CAMILLE42', messageEncoding: 'iso-8859-1' },
    ]);
    const none = design('coupon', (x) => (x.barcode = { format: 'none', message: '' }));
    expect(toApplePassJson(none, input()).passJson).not.toHaveProperty('barcodes');
  });

  it('sets expirationDate from the expiry', () => {
    expect(toApplePassJson(design(), input()).passJson).not.toHaveProperty('expirationDate');
    expect(toApplePassJson(design('coupon'), input()).passJson.expirationDate).toBe('2026-02-09T09:30:00Z');
    const dated = design('eventTicket', (x) => (x.expiry = { kind: 'date', date: '2026-06-30' }));
    expect(toApplePassJson(dated, input()).passJson.expirationDate).toBe('2026-06-30T23:59:59Z');
  });

  it('maps alignment and leaves out empty zones and labels', () => {
    const d = design('giftCard', (x) => {
      x.fields.primary[0]!.align = 'center';
      x.fields.secondary[0]!.label = { fr: '', en: '' };
    });
    const card = toApplePassJson(d, input()).passJson.storeCard as Fields;
    expect(Object.keys(card).sort()).toEqual(['backFields', 'primaryFields', 'secondaryFields']);
    expect(card.primaryFields![0]).toMatchObject({ textAlignment: 'PKTextAlignmentCenter' });
    expect(card.secondaryFields![0]).toEqual({ key: 'cardNumber', value: 'M-004217' });
  });

  it('is pure: the same input gives the same output, and the design is not modified', () => {
    const d = design();
    const before = JSON.stringify(d);
    expect(toApplePassJson(d, input())).toEqual(toApplePassJson(d, input()));
    expect(JSON.stringify(d)).toBe(before);
  });
});
