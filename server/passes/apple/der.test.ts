import { describe, expect, it } from 'vitest';
import {
  decodeObjectIdentifier,
  encodeLength,
  encodeTimeBody,
  objectIdentifier,
  readChildren,
  readTlv,
  sequence,
  setOf,
  smallInteger,
  TAG,
  tlv,
} from './der.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('DER encoder', () => {
  it('encodes short and long lengths', () => {
    expect(hex(encodeLength(0x7f))).toBe('7f');
    expect(hex(encodeLength(0x80))).toBe('8180');
    expect(hex(encodeLength(0x100))).toBe('820100');
    expect(hex(encodeLength(70_000))).toBe('83011170');
  });

  it('encodes object identifiers as X.690 does (known encodings)', () => {
    expect(hex(objectIdentifier('2.16.840.1.101.3.4.2.1'))).toBe('0609608648016503040201'); // sha256
    expect(hex(objectIdentifier('1.2.840.113549.1.7.2'))).toBe('06092a864886f70d010702'); // signedData
    expect(hex(objectIdentifier('0.9.2342.19200300.100.1.1'))).toBe('060a0992268993f22c640101'); // UID
  });

  it('decodes what it encodes', () => {
    for (const oid of ['1.3.14.3.2.26', '2.5.4.11', '0.9.2342.19200300.100.1.1', '2.999.1']) {
      const der = objectIdentifier(oid);
      expect(decodeObjectIdentifier(der.subarray(2))).toBe(oid);
    }
  });

  it('sorts SET OF members by encoding', () => {
    const long = sequence(Buffer.alloc(40));
    const short = sequence(Buffer.alloc(3));
    expect(setOf([long, short]).equals(tlv(TAG.SET, short, long))).toBe(true);
  });

  it('uses UTCTime until 2049 and GeneralizedTime after (RFC 5652 §11.3)', () => {
    expect(encodeTimeBody(new Date('2026-03-04T05:06:07Z'))).toEqual({ tag: TAG.UTC_TIME, body: '260304050607Z' });
    expect(encodeTimeBody(new Date('2050-01-01T00:00:00Z'))).toEqual({ tag: TAG.GENERALIZED_TIME, body: '20500101000000Z' });
  });

  it('reads nested TLVs back', () => {
    const der = sequence(smallInteger(1), tlv(TAG.OCTET_STRING, Buffer.alloc(300, 7)));
    const outer = readTlv(der, 0);
    const [int, octets] = readChildren(der, outer);
    expect(outer.end).toBe(der.length);
    expect(int!.tag).toBe(TAG.INTEGER);
    expect(octets!.end - octets!.contentStart).toBe(300);
  });

  it('refuses truncated input', () => {
    const der = sequence(Buffer.alloc(10));
    expect(() => readTlv(der.subarray(0, 5), 0)).toThrow(/truncated/);
  });
});
