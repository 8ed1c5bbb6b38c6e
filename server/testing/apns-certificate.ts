/**
 * A Pass Type ID certificate that also carries Apple's APNs environment extensions (development and production), as
 * Apple's push-capable certificates do. `@parse/node-apn` refuses a client certificate without them, so the
 * benchmark gives both senders this one.
 */
import forge from 'node-forge';
import type { DevIdentity } from '../passes/apple/dev-identity.js';

const APNS_DEVELOPMENT = '1.2.840.113635.100.6.3.1';
const APNS_PRODUCTION = '1.2.840.113635.100.6.3.2';

export function withApnsEnvironments(identity: DevIdentity): DevIdentity {
  const cert = forge.pki.certificateFromPem(identity.certificatePem);
  const asn1Null = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, '')).getBytes();
  cert.setExtensions([
    ...(cert.extensions as object[]),
    { id: APNS_DEVELOPMENT, critical: false, value: asn1Null },
    { id: APNS_PRODUCTION, critical: false, value: asn1Null },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(identity.wwdrKeyPem), forge.md.sha256.create());
  return { ...identity, certificatePem: forge.pki.certificateToPem(cert) };
}
