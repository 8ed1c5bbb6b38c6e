import type { ProgrammeTier } from '../contract';
import { api } from '../api';
import { Resource } from './resource.svelte';

/** The loyalty programme's tiers, for the design editor (each tier's look) and the customers' pages (their names). */
export const programmeTiers = new Resource<ProgrammeTier[]>(async (signal) => (await api.getProgramme(signal)).tiers);

/** The tier's name in the UI's language; the id only while the programme is not loaded. */
export function tierName(tiers: readonly ProgrammeTier[] | undefined, id: string, locale: 'fr' | 'en'): string {
  const tier = tiers?.find((t) => t.id === id);
  return tier ? tier.name[locale] || tier.name.fr : id;
}
