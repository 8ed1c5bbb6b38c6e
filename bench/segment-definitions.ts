/** Twenty segments a shop builds in practice (the playbook's moments: activation, VIP, reactivation, retail, highlights). */
import type { SegmentDefinition } from '../server/segments/schemas.js';

export const TYPICAL_SEGMENTS: Array<{ name: string; definition: SegmentDefinition }> = [
  { name: 'everyone', definition: { match: 'all', conditions: [] } },
  { name: 'card in a wallet', definition: { match: 'all', conditions: [{ field: 'wallet', value: 'installed' }] } },
  { name: 'gold tier', definition: { match: 'all', conditions: [{ field: 'tier', values: ['gold'] }] } },
  {
    name: 'silver or gold, in a wallet',
    definition: { match: 'all', conditions: [{ field: 'tier', values: ['silver', 'gold'] }, { field: 'wallet', value: 'installed' }] },
  },
  {
    name: 'consent, bought in the last 30 days',
    definition: { match: 'all', conditions: [{ field: 'consent', value: true }, { field: 'lastPurchase', max: 30 }] },
  },
  {
    name: 'lapsing: last purchase 60-120 days ago, consent',
    definition: { match: 'all', conditions: [{ field: 'lastPurchase', min: 60, max: 120 }, { field: 'consent', value: true }] },
  },
  {
    name: 'new, never bought (enrolled < 30 days)',
    definition: { match: 'all', conditions: [{ field: 'memberDays', max: 30 }, { field: 'lastPurchase', never: true }] },
  },
  { name: 'spent ≥ 500 € in a year', definition: { match: 'all', conditions: [{ field: 'spend', period: '365d', min: 50_000 }] } },
  { name: '≥ 4 purchases in 90 days', definition: { match: 'all', conditions: [{ field: 'purchaseCount', period: '90d', min: 4 }] } },
  { name: 'average basket ≥ 60 €', definition: { match: 'all', conditions: [{ field: 'avgBasket', min: 6_000 }] } },
  { name: 'bought in store 1', definition: { match: 'all', conditions: [{ field: 'storesBoughtIn', storeIds: [1] }] } },
  {
    name: 'bought in store 2 or 3, and online',
    definition: { match: 'all', conditions: [{ field: 'storesBoughtIn', storeIds: [2, 3] }, { field: 'boughtOnline', value: true }] },
  },
  {
    name: 'women 25-45 in Paris',
    definition: {
      match: 'all',
      conditions: [{ field: 'city', values: ['Paris'] }, { field: 'gender', values: ['female'] }, { field: 'age', min: 25, max: 45 }],
    },
  },
  { name: 'postcode 69… or 75…', definition: { match: 'all', conditions: [{ field: 'postcode', prefixes: ['69', '75'] }] } },
  { name: 'aged 18-25', definition: { match: 'all', conditions: [{ field: 'age', min: 18, max: 25 }] } },
  {
    name: 'dormant points: ≥ 300 points, no purchase in 60 days',
    definition: { match: 'all', conditions: [{ field: 'points', min: 300 }, { field: 'lastPurchase', min: 60 }] },
  },
  {
    name: 'open to offers: consent, accepts commercial, not paused',
    definition: {
      match: 'all',
      conditions: [
        { field: 'consent', value: true },
        { field: 'accepts', category: 'commercial', value: true },
        { field: 'messagesPaused', value: false },
      ],
    },
  },
  {
    name: 'Apple Wallet, ≥ 2 purchases in a year',
    definition: { match: 'all', conditions: [{ field: 'wallet', value: 'apple' }, { field: 'purchaseCount', period: '365d', min: 2 }] },
  },
  { name: 'uninstalled in the last 30 days', definition: { match: 'all', conditions: [{ field: 'uninstalled', withinDays: 30 }] } },
  {
    name: 'VIP reactivation: (gold or ≥ 300 € a year), consent, in a wallet, bought within 90 days, not paused',
    definition: {
      match: 'all',
      conditions: [
        { match: 'any', conditions: [{ field: 'tier', values: ['gold'] }, { field: 'spend', period: '365d', min: 30_000 }] },
        { field: 'consent', value: true },
        { field: 'wallet', value: 'installed' },
        { field: 'lastPurchase', max: 90 },
        { field: 'messagesPaused', value: false },
      ],
    },
  },
];
