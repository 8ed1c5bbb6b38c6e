import { describe, expect, it } from 'vitest';
import { openssl, withFiles } from '../../testing/openssl.js';
import { DEV_PASS_TYPE_IDENTIFIER, DEV_TEAM_IDENTIFIER, DEV_WWDR_COMMON_NAME, createDevIdentity } from './dev-identity.js';

describe('createDevIdentity', () => {
  it('issues a Pass Type ID certificate shaped like Apple’s, chained to the WWDR stand-in (checked by openssl)', () => {
    const dev = createDevIdentity();
    withFiles({ 'cert.pem': dev.certificatePem, 'wwdr.pem': dev.wwdrPem, 'key.pem': dev.privateKeyPem }, (dir) => {
      const verify = openssl(['verify', '-CAfile', `${dir}/wwdr.pem`, `${dir}/cert.pem`]);
      expect(verify.ok, verify.stderr).toBe(true);

      const subject = openssl(['x509', '-in', `${dir}/cert.pem`, '-noout', '-subject', '-nameopt', 'RFC2253']).stdout;
      expect(subject).toContain(`UID=${DEV_PASS_TYPE_IDENTIFIER}`);
      expect(subject).toContain(`CN=Pass Type ID: ${DEV_PASS_TYPE_IDENTIFIER}`);
      expect(subject).toContain(`OU=${DEV_TEAM_IDENTIFIER}`);
      const issuer = openssl(['x509', '-in', `${dir}/cert.pem`, '-noout', '-issuer', '-nameopt', 'RFC2253']).stdout;
      expect(issuer).toContain(`CN=${DEV_WWDR_COMMON_NAME}`);

      const text = openssl(['x509', '-in', `${dir}/cert.pem`, '-noout', '-text']).stdout;
      expect(text).toContain('Public-Key: (2048 bit)');
      const ca = openssl(['x509', '-in', `${dir}/wwdr.pem`, '-noout', '-text']).stdout;
      expect(ca).toContain('CA:TRUE');

      const keyCheck = openssl(['pkey', '-in', `${dir}/key.pem`, '-noout', '-check']);
      expect(keyCheck.ok, keyCheck.stderr).toBe(true);
    });
  });
});
