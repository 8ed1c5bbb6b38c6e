import { describe, expect, test } from 'vitest';
import type { DesignIssue } from './contract';
import { countByTab, issuesAt, pointer, tabOf } from './design-issues';

const issue = (path: string, severity: 'error' | 'warning' = 'error'): DesignIssue => ({
  path,
  code: 'X',
  severity,
  message: { fr: 'x', en: 'x' },
});

describe('design issues placed by JSON pointer', () => {
  test('builds pointers and escapes ~ and /', () => {
    expect(pointer('fields', 'secondary', 0)).toBe('/fields/secondary/0');
    expect(pointer('a/b', 'c~d')).toBe('/a~1b/c~0d');
  });

  test('finds the issues of a control, or of a group of controls', () => {
    const issues = [issue('/fields/secondary'), issue('/fields/secondary/1/label'), issue('/fields/secondaryX')];
    expect(issuesAt(issues, '/fields/secondary')).toHaveLength(1);
    expect(issuesAt(issues, '/fields/secondary', true)).toHaveLength(2);
    expect(issuesAt(issues, '/fields/secondary/1', true)).toHaveLength(1);
  });

  test('counts them on the tab that shows them', () => {
    expect(tabOf('/fields/back/2/value')).toBe('back');
    expect(tabOf('/fields/header')).toBe('fields');
    expect(tabOf('/colours/foreground')).toBe('colours');
    expect(tabOf('/tiers/1/minPoints')).toBe('tiers');
    expect(tabOf('/brandName')).toBe('general');
    expect(tabOf('')).toBe('general');
    const counts = countByTab([issue('/colours/foreground'), issue('/colours/label', 'warning'), issue('/links/0/url')]);
    expect(counts.colours).toEqual({ errors: 1, warnings: 1 });
    expect(counts.back).toEqual({ errors: 1, warnings: 0 });
    expect(counts.general).toEqual({ errors: 0, warnings: 0 });
  });
});
