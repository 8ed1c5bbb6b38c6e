import { describe, expect, test } from 'vitest';
import { stableJson } from './stable-json';

describe('stable JSON', () => {
  test('ignores key order and undefined properties, keeps array order', () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe(stableJson({ a: { d: [2, 1] }, b: 1 }));
    expect(stableJson({ a: [1, 2] })).not.toBe(stableJson({ a: [2, 1] }));
  });
});
