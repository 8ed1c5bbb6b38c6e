import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { csvRow } from './csv.js';
import { asciiSlug, attachment, fileName } from './filenames.js';
import { POSTER_HEIGHT, POSTER_WIDTH, posterPng, posterSvg, xml } from './poster.js';
import { qrModulesPath, qrPng, qrSvg } from './qr.js';

describe('file names', () => {
  it('are plain ASCII, without path characters, never empty', () => {
    expect(fileName(['Maison Fauvette', 'Zoé', 'Lefèvre-Cœur'], 'pkpass')).toBe('Maison-Fauvette-Zoe-Lefevre-Coeur.pkpass');
    expect(fileName(['../../etc', 'pass"wd'], 'pkpass')).toBe('etc-pass-wd.pkpass');
    expect(fileName(['株式会社', ''], 'pkpass')).toBe('pass.pkpass');
    expect(asciiSlug('x'.repeat(100))).toHaveLength(40);
    expect(attachment('a b"c.pkpass')).toBe('attachment; filename="a_b_c.pkpass"');
  });
});

describe('links.csv rows', () => {
  it('quote what needs quoting and defuse spreadsheet formulas', () => {
    expect(csvRow([1, 'a@example.fr', 'Zoé Lefèvre', null])).toBe('1,a@example.fr,Zoé Lefèvre,\r\n');
    expect(csvRow(['Dupont, "Jo"', 'line\nbreak'])).toBe('"Dupont, ""Jo""","line\nbreak"\r\n');
    expect(csvRow(['=HYPERLINK("http://evil")', '+33 6', '-2', '@x'])).toBe(`"'=HYPERLINK(""http://evil"")",'+33 6,'-2,'@x\r\n`);
    expect(csvRow([-2])).toBe('-2\r\n');
  });
});

describe('QR codes', () => {
  it('come as a PNG image and an SVG document', async () => {
    const meta = await sharp(await qrPng('http://127.0.0.1:4381/p/abc')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 600, 600]);
    expect(await qrSvg('http://127.0.0.1:4381/p/abc')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const { size, path } = qrModulesPath('http://127.0.0.1:4381/join');
    expect(size).toBeGreaterThanOrEqual(21);
    expect(path).toMatch(/^M\d+ \d+h1v1h-1z/);
  });
});

describe('poster', () => {
  const input = { brandName: 'Thé & <Co> "Maison"', colour: '#23453a', locale: 'fr' as const, joinUrl: 'https://cartes.example.fr/join?a=1&b=2' };

  it('escapes every brand text, in content and attributes', () => {
    expect(xml(`<a href="x">&'\u0001</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    const svg = posterSvg(input);
    expect(svg).toContain('Thé &amp; &lt;Co&gt; &quot;Maison&quot;');
    expect(svg).not.toContain('<Co>');
    expect(svg).toContain('Votre carte de fidélité');
    expect(svg).toContain('cartes.example.fr/join?a=1&amp;b=2');
    expect(posterSvg({ ...input, locale: 'en' })).toContain('Your loyalty card');
  });

  it('renders to an A4 PNG at 150 dpi', async () => {
    const meta = await sharp(await posterPng(input)).metadata();
    expect([meta.format, meta.width, meta.height, meta.density]).toEqual(['png', POSTER_WIDTH, POSTER_HEIGHT, 150]);
  });
});
