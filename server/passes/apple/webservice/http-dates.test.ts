import { describe, expect, it } from 'vitest';
import { httpDate, lastModified, notModifiedSince, parseIfModifiedSince } from './http-dates.js';

describe('Last-Modified and If-Modified-Since', () => {
  it('writes an IMF-fixdate in whole seconds', () => {
    expect(httpDate(784_111_777_999)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });

  it('reads the three HTTP-date forms and numeric epoch seconds (or milliseconds)', () => {
    for (const v of ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', '784111777', '784111777000']) {
      expect(parseIfModifiedSince(v), v).toBe(784_111_777);
    }
    expect(parseIfModifiedSince('0')).toBe(0);
    expect(parseIfModifiedSince('2147483647')).toBe(2_147_483_647);
  });

  it('ignores what it cannot read, as HTTP says', () => {
    for (const v of [undefined, '', 'yesterday', '2024-01-01', '-1', '1e9', 'x'.repeat(100), ['0', '1']]) expect(parseIfModifiedSince(v), String(v)).toBeUndefined();
  });

  it('is 304 only when the pass changed no later than the second the phone holds', () => {
    expect(notModifiedSince(784_111_777_999, 784_111_777)).toBe(true);
    expect(notModifiedSince(784_111_778_000, 784_111_777)).toBe(false);
    expect(notModifiedSince(784_111_777_000, undefined)).toBe(false);
  });

  it('never sends a Last-Modified later than the clock', () => {
    expect(lastModified(784_111_790_000, 784_111_777_999)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(lastModified(784_111_700_000, 784_111_777_999)).toBe(httpDate(784_111_700_000));
  });
});
