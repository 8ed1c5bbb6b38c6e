import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { thrownCode } from '../../testing/thrown.js';
import { assertLanguage, encodePassStrings, parsePassStrings } from './pass-strings.js';

const tricky = {
  plain: 'Points',
  accents: 'Fidélité « or » — 5 €',
  quote: 'Say "hello"',
  backslash: 'C:\\cards\\new',
  newline: 'line one\nline two\r\nline three',
  tab: 'a\tb',
  control: 'bell\u0007',
  emoji: 'café ☕ 🥐',
  'key with "quotes" and = signs;': 'value; with = too',
};

describe('pass.strings', () => {
  it('is UTF-16LE with a byte order mark', () => {
    const bytes = encodePassStrings({ k: 'é' });
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe('"k" = "é";\n');
  });

  it('escapes quotes, backslashes and newlines C-style', () => {
    const text = encodePassStrings({ q: 'a"b\\c\nd' }).subarray(2).toString('utf16le');
    expect(text).toBe('"q" = "a\\"b\\\\c\\nd";\n');
  });

  it('round-trips every kind of value', () => {
    expect(parsePassStrings(encodePassStrings(tricky))).toEqual(tricky);
  });

  it('parses comments, UTF-8 files and \\U escapes', () => {
    const file = Buffer.from('/* header */\n"a" = "b";\n// note\n"c"="\\U00e9";', 'utf8');
    expect(parsePassStrings(file)).toEqual({ a: 'b', c: 'é' });
  });

  it('rejects a non-string translation and a malformed file', () => {
    expect(thrownCode(() => encodePassStrings({ n: 3 as unknown as string }))).toBe('PASS_STRINGS_INVALID');
    expect(() => parsePassStrings(Buffer.from('"a" = "b"'))).toThrow(AppError);
  });

  it('accepts language folders like fr, en-GB, zh-Hans and refuses paths', () => {
    for (const lang of ['fr', 'en-GB', 'zh-Hans', 'pt_BR']) expect(() => assertLanguage(lang)).not.toThrow();
    for (const lang of ['', '../x', 'fr/..', 'f', 'fr.lproj']) {
      expect(thrownCode(() => assertLanguage(lang))).toBe('PASS_LANGUAGE_INVALID');
    }
  });
});
