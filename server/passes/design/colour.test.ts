import { describe, expect, it } from 'vitest';
import { contrastRatio, labelTone, mix, readableOn, toAppleRgb } from './colour.js';

describe('colour', () => {
  it('writes Apple’s rgb() form', () => {
    expect(toAppleRgb('#1F4e79')).toBe('rgb(31, 78, 121)');
    expect(() => toAppleRgb('red')).toThrow();
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#777777')).toBe(contrastRatio('#777777', '#ffffff'));
  });

  it('always finds readable text and a legible label tone', () => {
    for (const bg of ['#000000', '#ffffff', '#777777', '#1f4e79', '#ffff00', '#ff0000', '#00aa55', '#d9b45a', '#7a7a7a']) {
      const fg = readableOn(bg);
      expect(contrastRatio(fg, bg), bg).toBeGreaterThanOrEqual(4.5);
      const label = labelTone(bg, fg);
      expect(contrastRatio(label, bg), bg).toBeGreaterThanOrEqual(3.5);
    }
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
  });
});
