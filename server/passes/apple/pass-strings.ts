/**
 * `<lang>.lproj/pass.strings`: Apple's old-style strings table, `"key" = "value";` per line, C-style escapes.
 * Apple asks for UTF-16 when text is not ASCII, which for a French shop is nearly always; UTF-16LE with a byte
 * order mark is what Xcode writes and what every Apple parser reads. (passkit-generator writes UTF-8 without
 * escaping, which breaks on a quote or a newline in a translation.)
 */
import { AppError } from '../../errors.js';

const LANGUAGE = /^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$/;

export function assertLanguage(lang: string): void {
  if (!LANGUAGE.test(lang)) {
    throw new AppError('PASS_LANGUAGE_INVALID', `"${lang}" is not a language code for an .lproj folder`, 400);
  }
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// Other C0 controls have no short escape; \Uxxxx is the strings-file form of a UTF-16 code unit.
const escape = (s: string): string =>
  s.replace(/["\\\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? `\\U${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function encodePassStrings(strings: Readonly<Record<string, string>>): Buffer {
  let text = '\ufeff';
  for (const key of Object.keys(strings)) {
    const value = strings[key];
    if (typeof value !== 'string') {
      throw new AppError('PASS_STRINGS_INVALID', `The translation of "${key}" is not a string`, 400);
    }
    text += `"${escape(key)}" = "${escape(value)}";\n`;
  }
  return Buffer.from(text, 'utf16le');
}

function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  const text = bytes.toString('utf8');
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

const UNESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Reads a strings table (for imports and for tests): comments skipped, escapes undone. */
export function parsePassStrings(bytes: Buffer): Record<string, string> {
  const text = decodeText(bytes);
  const out: Record<string, string> = {};
  let i = 0;
  const fail = (what: string): never => {
    throw new AppError('PASS_STRINGS_INVALID', `pass.strings: ${what} at character ${i}`, 400);
  };
  const skipSpaceAndComments = (): void => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail('unterminated comment');
        i = end + 2;
      } else if (text.startsWith('//', i)) {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end + 1;
      } else return;
    }
  };
  const quoted = (): string => {
    if (text[i] !== '"') fail('expected "');
    let s = '';
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] !== '\\') {
        s += text[i];
        continue;
      }
      const c = text[++i];
      if (c === 'U' || c === 'u') {
        const hex = text.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\U escape');
        s += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else if (c !== undefined && c in UNESCAPES) {
        s += UNESCAPES[c];
      } else fail('bad escape');
    }
    if (text[i] !== '"') fail('unterminated string');
    i++;
    return s;
  };
  for (skipSpaceAndComments(); i < text.length; skipSpaceAndComments()) {
    const key = quoted();
    skipSpaceAndComments();
    if (text[i++] !== '=') fail('expected =');
    skipSpaceAndComments();
    out[key] = quoted();
    skipSpaceAndComments();
    if (text[i++] !== ';') fail('expected ;');
  }
  return out;
}
