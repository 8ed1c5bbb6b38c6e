import { TAG, contextTag, decodeDirectoryString, decodeObjectIdentifier, readChildren, readTlv } from './der.js';

export const OID_USER_ID = '0.9.2342.19200300.100.1.1';
export const OID_ORGANIZATIONAL_UNIT = '2.5.4.11';

export interface CertificateFields {
  /** The issuer Name exactly as encoded in the certificate: the SignerInfo must repeat these bytes. */
  issuerDer: Buffer;
  /** The whole serialNumber INTEGER (tag, length, content). */
  serialNumberDer: Buffer;
  /** Subject attributes by OID, in certificate order. */
  subject: ReadonlyMap<string, readonly string[]>;
}

/**
 * node:crypto's X509Certificate gives the issuer and subject only as display strings; the SignerInfo needs the
 * issuer's DER bytes, and the subject string's escaping is not worth parsing, so read the few fields from the DER.
 */
export function readCertificateFields(der: Buffer): CertificateFields {
  const certificate = readTlv(der, 0);
  const tbs = readChildren(der, certificate)[0];
  if (!tbs || tbs.tag !== TAG.SEQUENCE) throw new Error('not an X.509 certificate');
  const fields = readChildren(der, tbs);
  const firstIsVersion = fields[0]?.tag === contextTag(0);
  const [serial, , issuer, , subject] = firstIsVersion ? fields.slice(1) : fields;
  if (serial?.tag !== TAG.INTEGER || issuer?.tag !== TAG.SEQUENCE || subject?.tag !== TAG.SEQUENCE) {
    throw new Error('not an X.509 certificate');
  }
  const attributes = new Map<string, string[]>();
  for (const rdn of readChildren(der, subject)) {
    for (const pair of readChildren(der, rdn)) {
      const [type, value] = readChildren(der, pair);
      if (type?.tag !== TAG.OID || !value) continue;
      const oid = decodeObjectIdentifier(der.subarray(type.contentStart, type.end));
      const list = attributes.get(oid) ?? [];
      list.push(decodeDirectoryString(der, value));
      attributes.set(oid, list);
    }
  }
  return {
    issuerDer: Buffer.from(der.subarray(issuer.start, issuer.end)),
    serialNumberDer: Buffer.from(der.subarray(serial.start, serial.end)),
    subject: attributes,
  };
}
