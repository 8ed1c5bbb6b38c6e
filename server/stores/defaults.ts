import type { StoreInput } from './schemas.js';

/** The seeds' drive-to-store line ("Vous êtes tout près ! …"), with the store's street. */
export function defaultRelevantText(address: string): StoreInput['relevantText'] {
  const street = address.trim();
  return street
    ? { fr: `Vous êtes tout près ! Passez nous voir au ${street}.`.slice(0, 120), en: `You are close by! Drop in at ${street}.`.slice(0, 120) }
    : { fr: 'Vous êtes tout près ! Passez nous voir en boutique.', en: 'You are close by! Drop in and see us.' };
}

export const DEFAULT_RADIUS_M = 200;
