import { describe, expect, it } from 'vitest';
import { tagCampaignLinks, tagLink, tagLinksInText, utmSlug } from './utm.js';

describe('UTM tags on wallet links', () => {
  const apple = { medium: 'apple' as const, campaign: 'Carte fidélité 2025' };
  it('adds source, medium and campaign to http(s) links, keeping what they have', () => {
    expect(tagLink('https://maison-lumiere.fr/soldes', apple)).toBe('https://maison-lumiere.fr/soldes?utm_source=wallet&utm_medium=apple&utm_campaign=carte-fidelite-2025');
    expect(tagLink('https://maison-lumiere.fr/p?id=3#top', { medium: 'google', campaign: 'Noël' })).toBe(
      'https://maison-lumiere.fr/p?id=3&utm_source=wallet&utm_medium=google&utm_campaign=noel#top',
    );
    expect(tagLink('https://x.fr/?utm_campaign=printemps', apple)).toBe('https://x.fr/?utm_campaign=printemps&utm_source=wallet&utm_medium=apple');
    expect(tagLink('https://x.fr/?utm_source=a&utm_medium=b&utm_campaign=c', apple)).toBe('https://x.fr/?utm_source=a&utm_medium=b&utm_campaign=c');
  });
  it('leaves mailto:, tel: and broken links alone', () => {
    expect(tagLink('mailto:contact@x.fr', apple)).toBe('mailto:contact@x.fr');
    expect(tagLink('tel:+33123456789', apple)).toBe('tel:+33123456789');
    expect(tagLink('https://', apple)).toBe('https://');
  });
  it('tags every URL in a message, not the punctuation after it', () => {
    expect(tagLinksInText('Soldes ! https://x.fr/soldes. Et https://x.fr/?a=1, à bientôt', { medium: 'apple', campaign: 'Soldes été' })).toBe(
      'Soldes ! https://x.fr/soldes?utm_source=wallet&utm_medium=apple&utm_campaign=soldes-ete. Et https://x.fr/?a=1&utm_source=wallet&utm_medium=apple&utm_campaign=soldes-ete, à bientôt',
    );
    expect(utmSlug('  ')).toBe('wallet');
  });
  it('a campaign names itself and its A/B variant on its links; the wallet then adds source and medium and keeps them', () => {
    const tagged = tagCampaignLinks('Vite : https://x.fr/soldes !', 'Soldes été', 'B');
    expect(tagged).toBe('Vite : https://x.fr/soldes?utm_campaign=soldes-ete&utm_content=b !');
    expect(tagLinksInText(tagged, { medium: 'google', campaign: 'message' })).toBe(
      'Vite : https://x.fr/soldes?utm_campaign=soldes-ete&utm_content=b&utm_source=wallet&utm_medium=google !',
    );
    expect(tagCampaignLinks('mailto:a@x.fr https://x.fr/?utm_campaign=mine', 'Soldes')).toBe('mailto:a@x.fr https://x.fr/?utm_campaign=mine');
  });
});
