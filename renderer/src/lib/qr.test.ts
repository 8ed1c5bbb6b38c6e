import { describe, expect, test } from 'vitest';
import { qrMatrix } from './qr';

describe('QR code for the preview', () => {
  test('draws a real QR symbol: version size and the three finder patterns', () => {
    const qr = qrMatrix('PASS-000123')!;
    expect(qr.size).toBe(21);
    // Each finder pattern's top edge is a run of 7 dark modules.
    expect(qr.path).toContain('M0 0h7v1h-7z');
    expect(qr.path).toContain(`M${qr.size - 7} 0h7v1h-7z`);
    expect(qr.path).toContain(`M0 ${qr.size - 7}h7v1h-7z`);
  });

  test('grows with the message and draws nothing for an empty one', () => {
    expect(qrMatrix('https://example.com/r/' + 'x'.repeat(120))!.size).toBeGreaterThan(21);
    expect(qrMatrix('')).toBeNull();
  });
});
