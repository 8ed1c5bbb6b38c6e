/** Throwaway Google service-account keys for tests, shaped like the JSON file Google Cloud's console downloads. */
import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';

export interface TestServiceAccount {
  json: string;
  clientEmail: string;
  privateKeyPem: string;
  publicKey: KeyObject;
}

export function testServiceAccount(name = 'passerelle-test'): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const clientEmail = `${name}@passerelle-tests.iam.gserviceaccount.com`;
  const json = JSON.stringify(
    {
      type: 'service_account',
      project_id: 'passerelle-tests',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKeyPem,
      client_email: clientEmail,
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    null,
    2,
  );
  return { json, clientEmail, privateKeyPem, publicKey };
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The RS256 signature checked with `publicKey`. */
  signatureValid: boolean;
}

/** Decodes a compact JWT and checks its RS256 signature, as Google does with the service account's public key. */
export function decodeRs256(jwt: string, publicKey: KeyObject): DecodedJwt {
  const [h, c, s] = jwt.split('.');
  if (h === undefined || c === undefined || s === undefined) throw new Error('not a compact JWT');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
  const signatureValid = header.alg === 'RS256' && verify('sha256', Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s, 'base64url'));
  return { header, claims, signatureValid };
}
