import { describe, expect, it } from 'vitest';
import { DESIGN_KIND_VALUES, LOCALES } from './schema.js';
import { defaultDesign } from './templates.js';
import { validateDesign } from './validate.js';

const ICON = 'a'.repeat(64);
const ctx = { imageSize: (id: string) => (id === ICON ? { width: 87, height: 87 } : undefined) };
const brand = { name: 'Maison Fauvette', primaryColor: '#1F4E79', website: 'https://fauvette.example' };

describe('defaultDesign', () => {
  it.each(DESIGN_KIND_VALUES)('%s: valid, in the brand’s colour, with every text in French and English', (kind) => {
    const d = defaultDesign(kind, brand, { icon: ICON });
    expect(validateDesign(d, ctx)).toEqual([]);
    expect(d).toMatchObject({ kind, brandName: 'Maison Fauvette', colours: { background: '#1f4e79' }, images: { icon: ICON } });
    expect(d.links).toEqual([{ label: { fr: 'Notre site', en: 'Our website' }, url: 'https://fauvette.example' }]);
    expect(d.message.label).toEqual({ fr: 'Message', en: 'Message' });
    for (const locale of LOCALES) {
      expect(d.description[locale]).toContain('Maison Fauvette');
      for (const f of Object.values(d.fields).flat()) expect(f.value[locale], f.key).not.toBe('');
    }
  });

  it('loyalty: points with a change message, tier, referral and terms on the back, three tiers', () => {
    const d = defaultDesign('loyalty', brand);
    expect(d.fields.header[0]).toMatchObject({
      key: 'points',
      value: { fr: '{{points}}', en: '{{points}}' },
      changeMessage: { fr: 'Vous avez maintenant %@ points', en: 'You now have %@ points' },
    });
    expect(d.fields.secondary[0]).toMatchObject({ key: 'tier', value: { fr: '{{tier}}' }, changeMessage: { fr: expect.stringContaining('%@') } });
    expect(d.fields.back.map((f) => f.key)).toEqual(['referral', 'terms']);
    expect(d.tiers.map((t) => t.id)).toEqual(['member', 'silver', 'gold']);
    expect(d.barcode).toEqual({ format: 'qr', message: '{{referralUrl}}', altText: '{{memberId}}' });
  });

  it('needs only an icon to be valid; never shares its objects between calls', () => {
    const d = defaultDesign('loyalty', { ...brand, website: '' });
    expect(validateDesign(d, ctx).map((i) => i.code)).toEqual(['ICON_MISSING']);
    expect(d.links).toEqual([]);
    d.tiers[1]!.colours = { background: '#000000' };
    expect(defaultDesign('loyalty', brand).tiers[1]!.colours?.background).toBe('#c8cdd2');
  });

  it('stays readable whatever the brand colour', () => {
    for (const primaryColor of ['#ffffff', '#000000', '#777777', '#ffff00', '#e30613']) {
      const issues = validateDesign(defaultDesign('coupon', { ...brand, primaryColor }, { icon: ICON }), ctx);
      expect(issues, primaryColor).toEqual([]);
    }
  });
});
