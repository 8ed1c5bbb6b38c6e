import { describe, expect, it } from 'vitest';
import {
  PLACEHOLDER_DESCRIPTIONS,
  PLACEHOLDER_NAMES,
  parseTemplate,
  placeholderValues,
  renderText,
  sampleCustomer,
} from './placeholders.js';

describe('placeholders', () => {
  it('has a description in both languages for every name of the catalogue', () => {
    expect(PLACEHOLDER_NAMES).toEqual(
      expect.arrayContaining(['firstName', 'lastName', 'fullName', 'points', 'tier', 'memberId', 'referralUrl', 'referralCode', 'memberSince', 'email', 'brandName', 'storeName']),
    );
    for (const name of PLACEHOLDER_NAMES) {
      expect(PLACEHOLDER_DESCRIPTIONS[name].fr).not.toBe('');
      expect(PLACEHOLDER_DESCRIPTIONS[name].en).not.toBe('');
    }
  });

  it('finds the names used, the unknown ones and unbalanced braces', () => {
    expect(parseTemplate('Bonjour {{firstName}}, {{ points }} pts {{firstName}}')).toEqual({
      names: ['firstName', 'points'],
      unknown: [],
      unclosed: false,
    });
    expect(parseTemplate('{{prenom}} {{}} {{first name}}')).toEqual({
      names: ['prenom', '', 'first name'],
      unknown: ['prenom', '', 'first name'],
      unclosed: false,
    });
    expect(parseTemplate('{{firstName}').unclosed).toBe(true);
    expect(parseTemplate('a }} b').unclosed).toBe(true);
    expect(parseTemplate('no placeholders')).toEqual({ names: [], unknown: [], unclosed: false });
  });

  it('renders known placeholders and drops unknown ones rather than showing braces', () => {
    expect(renderText('{{firstName}} a {{points}} points', { firstName: 'Léa', points: '1 250' })).toBe('Léa a 1 250 points');
    expect(renderText('x{{nope}}y', { firstName: 'A' })).toBe('xy');
    expect(renderText('plain', {})).toBe('plain');
    // Replacement text is not re-read as a pattern.
    expect(renderText('{{firstName}}', { firstName: '$& {{lastName}}' })).toBe('$& {{lastName}}');
  });

  it('formats values per language and shows the tier through its name', () => {
    const { tierLabel: _, ...customer } = sampleCustomer({ name: 'Maison Fauvette', website: 'https://fauvette.example/' });
    const fr = placeholderValues(customer, { brandName: 'Maison Fauvette', locale: 'fr', tierLabel: { fr: 'Argent', en: 'Silver' } });
    const en = placeholderValues(customer, { brandName: 'Maison Fauvette', locale: 'en', tierLabel: { fr: 'Argent', en: 'Silver' } });
    expect(fr).toMatchObject({ fullName: 'Camille Martin', tier: 'Argent', memberSince: 'mars 2024', brandName: 'Maison Fauvette' });
    expect(fr.points).toMatch(/^1\s250$/u);
    expect(en).toMatchObject({ tier: 'Silver', memberSince: 'March 2024', points: '1,250' });
    expect(customer.referralUrl).toBe('https://fauvette.example/parrainage/CAMILLE42');
    const bare = placeholderValues({ ...customer, storeName: null, email: null }, { brandName: 'B', locale: 'fr' });
    expect(bare).toMatchObject({ tier: 'silver', storeName: 'B', email: '' });
  });
});
