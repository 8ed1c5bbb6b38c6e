import { describe, expect, it } from 'vitest';
import type { DesignContent, DesignKind, Field } from './schema.js';
import { defaultDesign } from './templates.js';
import { hasErrors, validateDesign, type ValidationContext } from './validate.js';

const id = (c: string) => c.repeat(64);
const ICON = id('1');
const SIZES: Record<string, { width: number; height: number }> = {
  [ICON]: { width: 87, height: 87 },
  [id('2')]: { width: 1125, height: 432 }, // strip, big enough for every style at @3x
  [id('3')]: { width: 400, height: 150 }, // strip: enough at @1x, not at @3x
  [id('4')]: { width: 300, height: 100 }, // strip: too small even at @1x
  [id('5')]: { width: 480, height: 150 }, // logo @3x
  [id('6')]: { width: 540, height: 660 }, // background @3x
  [id('7')]: { width: 270, height: 270 }, // thumbnail @3x
};
const ctx: ValidationContext = { imageSize: (i) => SIZES[i] };
const brand = { name: 'Maison Fauvette', primaryColor: '#1f4e79', website: 'https://fauvette.example' };

const design = (kind: DesignKind = 'loyalty', patch: (d: DesignContent) => void = () => {}): DesignContent => {
  const d = defaultDesign(kind, brand, { icon: ICON });
  patch(d);
  return d;
};
const field = (key: string, value = 'x'): Field => ({ key, label: { fr: 'L', en: 'L' }, value: { fr: value, en: value } });
const codes = (d: unknown) => validateDesign(d, ctx).map((i) => `${i.severity}:${i.code}@${i.path}`);

describe('validateDesign', () => {
  it.each(['loyalty', 'coupon', 'eventTicket', 'giftCard', 'generic'] as const)('accepts the %s template as it is', (kind) => {
    expect(validateDesign(design(kind), ctx)).toEqual([]);
  });

  it('maps schema errors to paths, explained in both languages, and stops there', () => {
    const issues = validateDesign({ ...design(), colours: { background: 'red', foreground: '#ffffff' }, extra: 1 }, ctx);
    expect(issues.map((i) => i.path).sort()).toEqual(['/colours/background', '/colours/label', '/extra']);
    for (const i of issues) {
      expect(i).toMatchObject({ code: 'SCHEMA', severity: 'error' });
      expect(i.message.fr).not.toBe(i.message.en);
    }
    expect(issues.find((i) => i.path === '/colours/background')?.message.fr).toMatch(/#rrggbb/);
    expect(codes(null)).toEqual(['error:SCHEMA@']);
    // The expiry is a union: only the branch its `kind` names is reported.
    expect(codes({ ...design(), expiry: { kind: 'date', date: 'demain' } })).toEqual(['error:SCHEMA@/expiry/date']);
    expect(codes({ ...design(), expiry: { kind: 'afterIssue', days: 0 } })).toEqual(['error:SCHEMA@/expiry/days']);
    expect(codes({ ...design(), expiry: { kind: 'someday' } })).toEqual(['error:SCHEMA@/expiry']);
    expect(codes({ ...design(), expiry: 5 })).toEqual(['error:SCHEMA@/expiry']);
  });

  it('limits fields per zone to what Apple shows', () => {
    expect(codes(design('loyalty', (d) => d.fields.header.push(field('a'), field('b'))))).toEqual([]);
    expect(codes(design('loyalty', (d) => d.fields.header.push(field('a'), field('b'), field('c'))))).toEqual([
      'error:TOO_MANY_FIELDS@/fields/header',
    ]);
    expect(codes(design('loyalty', (d) => d.fields.primary.push(field('p2'))))).toEqual(['error:TOO_MANY_FIELDS@/fields/primary']);
    const five = [1, 2, 3, 4, 5].map((n) => field(`s${n}`));
    expect(codes(design('eventTicket', (d) => (d.fields.secondary = five)))).toEqual(['error:TOO_MANY_FIELDS@/fields/secondary']);
    expect(codes(design('eventTicket', (d) => (d.fields.auxiliary = five)))).toEqual(['error:TOO_MANY_FIELDS@/fields/auxiliary']);
    expect(codes(design('eventTicket', (d) => (d.fields.auxiliary = five.slice(0, 4))))).toEqual([]);
  });

  it('shares four secondary+auxiliary slots on store cards, coupons and generic passes with a square barcode', () => {
    const crowded = (kind: DesignKind, format: DesignContent['barcode']['format']) =>
      codes(
        design(kind, (d) => {
          d.barcode.format = format;
          d.fields.secondary = [field('s1'), field('s2'), field('s3')];
          d.fields.auxiliary = [field('a1'), field('a2')];
        }),
      );
    expect(crowded('loyalty', 'qr')).toEqual(['error:TOO_MANY_FIELDS_WITH_SQUARE_BARCODE@/fields/auxiliary']);
    expect(crowded('coupon', 'aztec')).toEqual(['error:TOO_MANY_FIELDS_WITH_SQUARE_BARCODE@/fields/auxiliary']);
    expect(crowded('generic', 'qr')).toEqual(['error:TOO_MANY_FIELDS_WITH_SQUARE_BARCODE@/fields/auxiliary']);
    expect(crowded('loyalty', 'pdf417')).toEqual([]);
    expect(crowded('eventTicket', 'qr')).toEqual([]);
  });

  it('refuses duplicate and reserved field keys, across zones', () => {
    expect(codes(design('loyalty', (d) => d.fields.back.push(field('points'))))).toEqual(['error:DUPLICATE_FIELD_KEY@/fields/back/2/key']);
    expect(codes(design('loyalty', (d) => d.fields.back.push(field('message'))))).toEqual(['error:FIELD_KEY_RESERVED@/fields/back/2/key']);
    expect(codes(design('loyalty', (d) => d.fields.back.push(field('link_1'))))).toEqual(['error:FIELD_KEY_RESERVED@/fields/back/2/key']);
    expect(codes(design('loyalty', (d) => d.fields.back.push(field('link'))))).toEqual([]);
  });

  it('names unknown and unclosed placeholders wherever text goes', () => {
    expect(codes(design('loyalty', (d) => (d.fields.primary[0]!.value.en = 'Hi {{firstname}}')))).toEqual([
      'error:UNKNOWN_PLACEHOLDER@/fields/primary/0/value/en',
    ]);
    expect(codes(design('loyalty', (d) => (d.barcode.message = '{{customerId}}')))).toEqual(['error:UNKNOWN_PLACEHOLDER@/barcode/message']);
    expect(codes(design('loyalty', (d) => (d.description.fr = 'Carte de {{firstName}')))).toEqual([
      'error:PLACEHOLDER_UNCLOSED@/description/fr',
    ]);
    const issue = validateDesign(design('loyalty', (d) => (d.fields.primary[0]!.value.fr = '{{prenom}}')), ctx)[0]!;
    expect(issue.message.fr).toContain('{{prenom}}');
    expect(codes(design('loyalty', (d) => (d.fields.primary[0]!.value.fr = '{{ firstName }} {{lastName}}')))).toEqual([]);
  });

  it('requires an icon', () => {
    expect(codes(design('loyalty', (d) => delete d.images.icon))).toEqual(['error:ICON_MISSING@/images/icon']);
  });

  it('checks image sizes for the role and kind: error below @1x, warning below @3x', () => {
    const strip = (kind: DesignKind, image: string) => codes(design(kind, (d) => (d.images.strip = image)));
    expect(strip('loyalty', id('2'))).toEqual([]);
    expect(strip('coupon', id('2'))).toEqual([]);
    expect(strip('loyalty', id('3'))).toEqual(['warning:IMAGE_LOW_RESOLUTION@/images/strip']);
    expect(strip('loyalty', id('4'))).toEqual(['error:IMAGE_TOO_SMALL@/images/strip']);
    // 150 px high is enough for a 123 pt strip at @1x, but a coupon's strip is 144 pt: 400×150 still covers it.
    expect(strip('coupon', id('3'))).toEqual(['warning:IMAGE_LOW_RESOLUTION@/images/strip']);
    expect(strip('loyalty', id('9'))).toEqual(['error:IMAGE_NOT_FOUND@/images/strip']);
    expect(codes(design('loyalty', (d) => (d.images.logo = id('5'))))).toEqual([]);
    const small = validateDesign(design('loyalty', (d) => (d.images.strip = id('4'))), ctx)[0]!;
    expect(small.message.en).toContain('300×100 px');
    expect(small.message.en).toContain('1125×369 px');
    expect(codes(design('loyalty', (d) => (d.tiers[1]!.strip = id('4'))))).toEqual(['error:IMAGE_TOO_SMALL@/tiers/1/strip']);
  });

  it('refuses images the style does not show', () => {
    expect(codes(design('loyalty', (d) => (d.images.background = id('6'))))).toEqual(['error:IMAGE_ROLE_UNSUPPORTED@/images/background']);
    expect(codes(design('loyalty', (d) => (d.images.thumbnail = id('7'))))).toEqual(['error:IMAGE_ROLE_UNSUPPORTED@/images/thumbnail']);
    expect(codes(design('generic', (d) => (d.images.strip = id('2'))))).toEqual(['error:IMAGE_ROLE_UNSUPPORTED@/images/strip']);
    expect(codes(design('generic', (d) => (d.images.thumbnail = id('7'))))).toEqual([]);
    expect(codes(design('eventTicket', (d) => Object.assign(d.images, { background: id('6'), thumbnail: id('7') })))).toEqual([]);
    expect(codes(design('eventTicket', (d) => Object.assign(d.images, { background: id('6'), strip: id('2') })))).toEqual([
      'error:IMAGE_ROLES_CONFLICT@/images/strip',
    ]);
  });

  it('checks colour contrast, for the design and for each tier', () => {
    expect(codes(design('loyalty', (d) => (d.colours = { background: '#777777', foreground: '#888888', label: '#ffffff' })))).toEqual([
      'error:CONTRAST_TOO_LOW@/colours/foreground',
    ]);
    expect(codes(design('loyalty', (d) => (d.colours.label = '#3a5f86')))).toEqual(['warning:LABEL_CONTRAST_LOW@/colours/label']);
    expect(codes(design('loyalty', (d) => (d.tiers[2]!.colours = { background: '#ffffff', foreground: '#eeeeee', label: '#000000' })))).toEqual([
      'error:CONTRAST_TOO_LOW@/tiers/2/colours/foreground',
    ]);
    // A tier that only changes its background is judged with the design's text colours.
    expect(codes(design('loyalty', (d) => (d.tiers[1]!.colours = { background: '#ffffff' })))).toEqual([
      'error:CONTRAST_TOO_LOW@/tiers/1/colours/background',
      'warning:LABEL_CONTRAST_LOW@/tiers/1/colours/background',
    ]);
    const msg = validateDesign(design('loyalty', (d) => (d.colours.foreground = '#2a5a88')), ctx)[0]!.message;
    expect(msg.en).toMatch(/^Text hard to read: contrast 1\.\d:1/);
  });

  it('requires distinct tier looks (thresholds are the loyalty programme’s)', () => {
    expect(codes(design('loyalty', (d) => (d.tiers[2]!.id = 'silver')))).toEqual(['error:DUPLICATE_TIER_ID@/tiers/2/id']);
    expect(codes(design('coupon', (d) => (d.tiers = design().tiers)))).toEqual(['warning:TIERS_UNUSED@/tiers']);
  });

  it('warns about a missing translation, and requires texts that cannot be blank', () => {
    expect(codes(design('loyalty', (d) => (d.fields.back[1]!.label.en = '')))).toEqual(['warning:EMPTY_TRANSLATION@/fields/back/1/label/en']);
    expect(codes(design('loyalty', (d) => (d.description = { fr: '', en: ' ' })))).toEqual(['error:TEXT_EMPTY@/description/fr']);
    expect(codes(design('loyalty', (d) => (d.fields.back[1]!.label = { fr: '', en: '' })))).toEqual([]);
  });

  it('wants %@ in change messages and something in the barcode', () => {
    expect(codes(design('loyalty', (d) => (d.fields.header[0]!.changeMessage = { fr: 'Points mis à jour', en: 'You now have %@ points' })))).toEqual([
      'warning:CHANGE_MESSAGE_WITHOUT_VALUE@/fields/header/0/changeMessage/fr',
    ]);
    expect(codes(design('loyalty', (d) => (d.barcode.message = ' ')))).toEqual(['error:BARCODE_MESSAGE_EMPTY@/barcode/message']);
    expect(codes(design('loyalty', (d) => (d.barcode = { format: 'none', message: '' })))).toEqual([]);
  });

  it('tells errors from warnings', () => {
    expect(hasErrors(validateDesign(design('loyalty', (d) => (d.images.strip = id('3'))), ctx))).toBe(false);
    expect(hasErrors(validateDesign(design('loyalty', (d) => delete d.images.icon), ctx))).toBe(true);
  });
});
