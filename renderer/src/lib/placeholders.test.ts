import { describe, expect, test } from 'vitest';
import { insertAt, placeholdersIn, renderPlaceholders, sampleCustomer } from './placeholders';

const sample = { firstName: 'Camille', points: '1 240', tier: 'Or' };

describe('placeholders', () => {
  test('fills the known placeholders and leaves the others as typed', () => {
    expect(renderPlaceholders('Bonjour {{firstName}} !', sample)).toBe('Bonjour Camille !');
    expect(renderPlaceholders('{{ points }} pts · {{tier}}', sample)).toBe('1 240 pts · Or');
    expect(renderPlaceholders('{{nope}} and {{firstName}}', sample)).toBe('{{nope}} and Camille');
    expect(renderPlaceholders('{{constructor}} {{toString}}', sample)).toBe('{{constructor}} {{toString}}');
    expect(renderPlaceholders('no braces {firstName} {{ }}', sample)).toBe('no braces {firstName} {{ }}');
  });

  test('lists the names a text uses, once each', () => {
    expect(placeholdersIn('{{a}} {{b}} {{a}}')).toEqual(['a', 'b']);
    expect(placeholdersIn('plain')).toEqual([]);
  });

  test('inserts a token at the caret or over the selection', () => {
    expect(insertAt('Hello !', '{{firstName}}', 6)).toEqual({ text: 'Hello {{firstName}}!', caret: 19 });
    expect(insertAt('Hello you', '{{firstName}}', 6, 9)).toEqual({ text: 'Hello {{firstName}}', caret: 19 });
    expect(insertAt('', 'x', 99)).toEqual({ text: 'x', caret: 1 });
  });

  test('the sample customer follows the tier and the language', () => {
    const placeholders = [
      { name: 'firstName', description: { fr: 'Prénom', en: 'First name' }, example: 'Camille' },
      { name: 'points', description: { fr: 'Points', en: 'Points' }, example: '120' },
    ];
    const gold = { id: 'gold', name: { fr: 'Or', en: 'Gold' }, threshold: 1500 };
    const fr = sampleCustomer({ placeholders, locale: 'fr', tier: gold, tag: 'fr-FR' });
    expect(fr['firstName']).toBe('Camille');
    expect(fr['tier']).toBe('Or');
    expect(fr['points']?.replace(/\s/g, ' ')).toBe('1 740');
    const en = sampleCustomer({ placeholders, locale: 'en', tier: gold, tag: 'en-GB' });
    expect(en['tier']).toBe('Gold');
    expect(en['points']).toBe('1,740');
    expect(en['memberSince']).toBe('March 2024');
    expect(fr['memberSince']).toBe('mars 2024');
  });
});
