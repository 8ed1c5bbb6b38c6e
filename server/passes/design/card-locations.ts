/**
 * Places where a card is relevant (the stores nearest to its holder), platform-neutral: Apple's mapping writes them as
 * pass.json `locations` (10 at most) with `maxDistance`; a Google mapping may write merchant locations from them.
 */
import type { Text } from './schema.js';

export const MAX_CARD_LOCATIONS = 10;

export interface CardLocation {
  latitude: number;
  longitude: number;
  /** The store's trigger radius in metres. */
  radiusM: number;
  /** What the lock screen says near it; null while the store is closed (the location stays, silent). */
  text: Text | null;
}
