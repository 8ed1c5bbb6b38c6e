import { describe, expect, test } from 'vitest';
import { accentPalette, contrast, parseHex } from './color';

const WHITE = { r: 255, g: 255, b: 255 };

describe('accent palette from the brand colour', () => {
  test('text on the accent and accent text on white both stay readable (WCAG AA)', () => {
    for (const brand of ['#23453a', '#ffd400', '#ffffff', '#000000', '#e30613', '#7fd1ae', '#808080', '#3b82f6']) {
      const p = accentPalette(brand);
      expect(contrast(parseHex(p.onAccent)!, parseHex(p.accent)!), brand).toBeGreaterThanOrEqual(4.5);
      expect(contrast(parseHex(p.accentInk)!, WHITE), brand).toBeGreaterThanOrEqual(4.5);
    }
  });

  test('a colour that is readable as it is stays exactly the brand colour', () => {
    expect(accentPalette('#23453A').accent).toBe('#23453a');
    expect(accentPalette('#ffd400').accent).toBe('#ffd400');
  });

  test('a colour that is not #rrggbb falls back to the default accent', () => {
    expect(accentPalette('red').accent).toBe(accentPalette('#1f5f57').accent);
    expect(parseHex('#12zz')).toBeNull();
  });
});
