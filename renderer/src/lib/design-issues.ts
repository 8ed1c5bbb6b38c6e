import type { DesignIssue } from './contract';

/**
 * Validation issues carry a JSON pointer (`/fields/secondary/0/label`) to what they concern; the editor shows each one
 * next to the control whose pointer matches, and counts them per tab.
 */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The issues about `path` itself, or (deep) about it and everything under it. */
export function issuesAt(issues: readonly DesignIssue[], path: string, deep = false): DesignIssue[] {
  return issues.filter((issue) => issue.path === path || (deep && issue.path.startsWith(`${path}/`)));
}

export const EDITOR_TABS = ['general', 'colours', 'images', 'fields', 'back', 'barcode', 'tiers', 'expiry'] as const;
export type EditorTab = (typeof EDITOR_TABS)[number];

const TAB_OF: [prefix: string, tab: EditorTab][] = [
  ['/fields/back', 'back'],
  ['/links', 'back'],
  ['/message', 'back'],
  ['/fields', 'fields'],
  ['/colours', 'colours'],
  ['/images', 'images'],
  ['/barcode', 'barcode'],
  ['/tiers', 'tiers'],
  ['/expiry', 'expiry'],
];

/** The tab that shows an issue; whatever no tab claims (the name, the kind, the whole design) is on General. */
export function tabOf(path: string): EditorTab {
  for (const [prefix, tab] of TAB_OF) if (path === prefix || path.startsWith(`${prefix}/`)) return tab;
  return 'general';
}

/** Pointers the General tab shows next to a control; other issues landing there are listed at its top. */
export const GENERAL_PATHS = ['/name', '/kind', '/brandName', '/description'];

export function countByTab(issues: readonly DesignIssue[]): Record<EditorTab, { errors: number; warnings: number }> {
  const counts = Object.fromEntries(EDITOR_TABS.map((tab) => [tab, { errors: 0, warnings: 0 }])) as Record<
    EditorTab,
    { errors: number; warnings: number }
  >;
  for (const issue of issues) counts[tabOf(issue.path)][issue.severity === 'error' ? 'errors' : 'warnings']++;
  return counts;
}
