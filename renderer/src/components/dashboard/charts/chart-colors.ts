/** The dashboard's colours: one per wallet, message type and category, readable on white and distinct in grey. */
export const COLORS = {
  apple: '#1f2933',
  google: '#1a73e8',
  welcome: '#0e9384',
  campaign: '#6941c6',
  automated: '#e8a33d',
  individual: '#98a2b3',
  relational: '#0e9384',
  inspiration: '#e8a33d',
  commercial: '#6941c6',
  target: '#cdd2cb',
  wallet: '#1f5f57',
  other: '#b7bfb9',
  rate: '#98a2b3',
  alarm: '#d92d20',
} as const;
