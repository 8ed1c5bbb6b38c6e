/**
 * The segment builder's catalogue: each condition field, the group it is listed under, and the condition a new row
 * of that field starts with (something sensible to count at once, which the person then adjusts).
 */
import type { Condition, ConditionField, SegmentOptions } from './campaigns-api';

export const FIELD_KINDS = ['demographic', 'behaviour', 'preferences', 'loyalty', 'wallet'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const FIELDS_BY_KIND: Record<FieldKind, readonly ConditionField[]> = {
  demographic: ['age', 'gender', 'city', 'postcode', 'memberDays'],
  behaviour: ['purchaseCount', 'spend', 'lastPurchase', 'avgBasket', 'storesBoughtIn', 'boughtOnline'],
  preferences: ['consent', 'accepts', 'messagesPaused', 'favouriteCategory', 'preferredStore'],
  loyalty: ['tier', 'points', 'lifetimePoints'],
  wallet: ['wallet', 'uninstalled'],
};

export function defaultCondition(field: ConditionField, options: SegmentOptions | undefined): Condition {
  const store = options?.stores[0]?.id ?? 1;
  switch (field) {
    case 'age':
      return { field, min: 18, max: 35 };
    case 'gender':
      return { field, values: ['female'] };
    case 'city':
      return { field, values: [options?.cities[0] ?? 'Paris'] };
    case 'postcode':
      return { field, prefixes: ['75'] };
    case 'memberDays':
      return { field, max: 30 };
    case 'purchaseCount':
      return { field, period: '90d', min: 2 };
    case 'spend':
      return { field, period: '365d', min: 10_000 };
    case 'lastPurchase':
      return { field, max: 30 };
    case 'avgBasket':
      return { field, min: 5_000 };
    case 'storesBoughtIn':
      return { field, storeIds: [store] };
    case 'boughtOnline':
      return { field, value: true };
    case 'consent':
      return { field, value: true };
    case 'accepts':
      return { field, category: 'commercial', value: true };
    case 'messagesPaused':
      return { field, value: false };
    case 'favouriteCategory':
      return { field, values: [options?.categories[0] ?? 'nouveautes'] };
    case 'preferredStore':
      return { field, storeIds: [store] };
    case 'tier':
      return { field, values: [options?.tiers.at(-1)?.id ?? 'member'] };
    case 'points':
      return { field, min: 100 };
    case 'lifetimePoints':
      return { field, min: 500 };
    case 'wallet':
      return { field, value: 'installed' };
    case 'uninstalled':
      return { field, withinDays: 30 };
  }
}

/** Comma-separated text as a list of distinct, trimmed, non-empty values. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(',').map((v) => v.trim()).filter(Boolean))];
}
