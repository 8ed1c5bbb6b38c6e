import { describe, expect, test } from 'vitest';
import type { DesignContent } from './contract';
import { passView } from './pass-preview';

const t = (fr: string, en: string) => ({ fr, en });

function content(): DesignContent {
  return {
    kind: 'loyalty',
    brandName: 'Maison Fauvette',
    description: t('Carte de fidélité', 'Loyalty card'),
    colours: { background: '#23453A', foreground: '#FFFFFF', label: '#CFE3D8' },
    images: { logo: 'a'.repeat(64), strip: 'b'.repeat(64), thumbnail: 'c'.repeat(64) },
    fields: {
      header: [{ key: 'points', label: t('Points', 'Points'), value: t('{{points}}', '{{points}}') }],
      primary: [{ key: 'name', label: t('Membre', 'Member'), value: t('{{firstName}}', '{{firstName}}') }],
      secondary: [],
      auxiliary: [],
      back: [{ key: 'terms', label: t('Conditions', 'Terms'), value: t('Texte', 'Text') }],
    },
    barcode: { format: 'qr', message: '{{memberId}}', altText: 'N° {{memberId}}' },
    links: [{ label: t('Site', 'Website'), url: 'https://example.com' }],
    tiers: [
      { id: 'member' },
      { id: 'gold', colours: { background: '#D9B45A' }, strip: 'd'.repeat(64) },
    ],
    expiry: { kind: 'none' },
    message: { label: t('Actualités', 'News') },
  };
}

const sample = { points: '240', firstName: 'Camille', memberId: 'M-1' };

describe('the preview of a design', () => {
  test('texts in the chosen language with the sample customer', () => {
    const fr = passView(content(), { locale: 'fr', tier: undefined, sample });
    expect(fr.primary[0]).toMatchObject({ label: 'Membre', value: 'Camille' });
    expect(fr.header[0]?.value).toBe('240');
    expect(fr.barcode).toEqual({ format: 'qr', message: 'M-1', altText: 'N° M-1' });
    const en = passView(content(), { locale: 'en', tier: undefined, sample });
    expect(en.primary[0]?.label).toBe('Member');
    expect(en.links[0]?.label).toBe('Website');
    expect(en.messageLabel).toBe('News');
  });

  test('a tier replaces the colours and strip it sets, and keeps the others', () => {
    const c = content();
    const gold = passView(c, { locale: 'fr', tier: c.tiers[1], sample });
    expect(gold.colours).toEqual({ background: '#D9B45A', foreground: '#FFFFFF', label: '#CFE3D8' });
    expect(gold.images.strip).toBe('d'.repeat(64));
    expect(passView(c, { locale: 'fr', tier: c.tiers[0], sample }).images.strip).toBe('b'.repeat(64));
  });

  test('only the images the kind of card shows; a colour being typed keeps the last sound one', () => {
    const c = content();
    c.colours.background = '#12';
    const view = passView(c, { locale: 'fr', tier: undefined, sample });
    expect(view.images.thumbnail).toBeUndefined();
    expect(view.colours.background).toBe('#ffffff');
    c.barcode.format = 'none';
    expect(passView(c, { locale: 'fr', tier: undefined, sample }).barcode).toBeNull();
  });
});
