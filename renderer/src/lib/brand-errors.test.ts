import { describe, expect, test } from 'vitest';
import { brandFieldOf } from './brand-errors';

describe('which brand field a validation error is about', () => {
  test('schema errors name the property', () => {
    expect(brandFieldOf('body/primaryColor must match pattern "^#[0-9a-fA-F]{6}$"')).toBe('primaryColor');
    expect(brandFieldOf('body/name must NOT have fewer than 1 characters')).toBe('name');
    expect(brandFieldOf("body must have required property 'website'")).toBe('website');
    expect(brandFieldOf('body/defaultLocale must be equal to constant')).toBe('defaultLocale');
  });

  test('a message about something else maps to no field', () => {
    expect(brandFieldOf('The request body is not valid JSON.')).toBeNull();
    expect(brandFieldOf('username is wrong')).toBeNull();
  });
});
