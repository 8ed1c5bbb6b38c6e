/**
 * The little DER we need for PKCS#7 and for reading a few certificate fields. Encoding runs once per identity (the
 * signature is a template filled per pass), so clarity beats speed here. Only low tag numbers and definite lengths:
 * that is all DER allows for the structures we touch.
 */

export const TAG = {
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const sequence = (...parts: Buffer[]): Buffer => tlv(TAG.SEQUENCE, ...parts);

/** DER orders the members of a SET OF by their encodings (X.690 §11.6); verifiers re-encode signed attributes. */
export function setOf(parts: readonly Buffer[], tag: number = TAG.SET): Buffer {
  return tlv(tag, ...[...parts].sort(compareDer));
}

/** X.690 §11.6: compare as octet strings, the shorter one padded with trailing zeros. */
export function compareDer(a: Buffer, b: Buffer): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Context-specific constructed tag `[n]`, e.g. the EXPLICIT [0] around SignedData. */
export const contextTag = (n: number): number => 0xa0 | n;

export const NULL = Buffer.from([TAG.NULL, 0x00]);

export function smallInteger(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 127) throw new RangeError(`smallInteger: ${n}`);
  return Buffer.from([TAG.INTEGER, 0x01, n]);
}

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map((s) => {
    const n = Number(s);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(n)) throw new RangeError(`bad OID ${dotted}`);
    return n;
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined) throw new RangeError(`bad OID ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(bytes));
}

export function decodeObjectIdentifier(content: Buffer): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        arcs.push(first, value - first * 40);
      } else {
        arcs.push(value);
      }
      value = 0;
    }
  }
  return arcs.join('.');
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * RFC 5652 §11.3: signingTime is UTCTime for 1950–2049 and GeneralizedTime otherwise. Returns the tag and the
 * ASCII body so a template can reserve the exact number of bytes.
 */
export function encodeTimeBody(date: Date): { tag: number; body: string } {
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return { tag: TAG.UTC_TIME, body: pad(y % 100) + rest };
  return { tag: TAG.GENERALIZED_TIME, body: pad(y, 4) + rest };
}

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export function readTlv(buf: Buffer, offset: number): Tlv {
  const tag = buf[offset];
  let lengthByte = buf[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new Error('DER: truncated');
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers are not supported');
  let contentStart = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: unsupported length');
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = buf[contentStart + i];
      if (lengthByte === undefined) throw new Error('DER: truncated');
      length = length * 256 + lengthByte;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > buf.length) throw new Error('DER: truncated');
  return { tag, start: offset, contentStart, end };
}

export function readChildren(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readTlv(buf, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

export function decodeDirectoryString(buf: Buffer, t: Tlv): string {
  const content = buf.subarray(t.contentStart, t.end);
  if (t.tag === TAG.UTF8_STRING) return content.toString('utf8');
  if (t.tag === TAG.BMP_STRING) return Buffer.from(content).swap16().toString('utf16le');
  return content.toString('latin1');
}
