/** What `passerelle doctor` and Settings → Health check on the Apple side: certificate, WWDR, APNs. */
import { X509Certificate } from 'node:crypto';
import { fail, ok, warn, type HealthCheck } from '../../health/types.js';
import type { Services } from '../../services.js';
import { readApnsEndpoint } from './apns/apns-endpoint.js';
import { probeApns } from './apns/apns-probe.js';
import { EXPIRY_WARNING_MS, type IdentityStore } from './identity/identity-store.js';
import { wwdrGeneration, type WwdrBundle } from './identity/wwdr-bundle.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const APPLE_HOST = 'api.push.apple.com';

export interface AppleCheckDeps {
  services: Services;
  identity: IdentityStore;
  wwdrBundle: () => WwdrBundle;
}

export function appleChecks({ services, identity, wwdrBundle }: AppleCheckDeps): HealthCheck[] {
  const certificate: HealthCheck = {
    id: 'apple-certificate',
    title: 'Apple certificate',
    run(context) {
      const view = identity.view();
      if (view.source === 'development') {
        return fail(
          'APPLE_DEVELOPMENT_IDENTITY',
          'No Pass Type ID certificate: cards are signed with the development identity, which iPhones refuse. Get one in the setup wizard (Passerelle makes the request for Apple) or Settings → Apple Wallet.',
        );
      }
      if (view.expired) return fail('APPLE_CERT_EXPIRED', `The Pass Type ID certificate expired on ${day(view.expiresAt)}: renew it in your Apple developer account.`, { date: day(view.expiresAt) });
      try {
        identity.current();
      } catch (err) {
        return fail('APPLE_CERT_UNUSABLE', `The stored certificate cannot sign: ${(err as Error).message}`);
      }
      const subject = new X509Certificate(identity.current().pems.certificatePem).subject;
      if (!view.passTypeIdentifier.startsWith('pass.') || !subject.includes(view.passTypeIdentifier)) {
        return fail('APPLE_NOT_PASS_TYPE', `The certificate is not a Pass Type ID certificate (${view.passTypeIdentifier}).`);
      }
      const params = { passTypeIdentifier: view.passTypeIdentifier, teamIdentifier: view.teamIdentifier, date: day(view.expiresAt) };
      if (view.expiresAt - context.now < EXPIRY_WARNING_MS) {
        return warn('APPLE_CERT_EXPIRES_SOON', `${view.passTypeIdentifier} expires on ${day(view.expiresAt)}: renew it now in your Apple developer account, then import it.`, params);
      }
      return ok('APPLE_CERT_OK', `${view.passTypeIdentifier} (team ${view.teamIdentifier}), valid until ${day(view.expiresAt)}; the key matches it.`, params);
    },
  };

  const wwdr: HealthCheck = {
    id: 'apple-wwdr',
    title: 'Apple WWDR',
    run(context) {
      const bundle = wwdrBundle();
      const current = identity.current();
      if (current.source === 'development') {
        if (!bundle.ok) return fail('WWDR_BUNDLE_BROKEN', bundle.problem);
        const g4 = bundle.certificates[0]!;
        return ok('WWDR_SHIPPED', `Apple’s WWDR ${g4.generation} ships with Passerelle (valid until ${day(g4.expiresAt)}); it goes with your certificate once imported.`, { generation: g4.generation, date: day(g4.expiresAt) });
      }
      const cert = new X509Certificate(current.pems.wwdrPem);
      const generation = wwdrGeneration(cert);
      const expiresAt = new Date(cert.validTo).getTime();
      if (!generation) return fail('WWDR_NOT_APPLE', `The WWDR stored with the certificate is not Apple’s (${cert.subject.replace(/\n/g, ', ')}): iPhones will refuse the cards.`);
      if (generation === 'G1') return fail('WWDR_G1', 'The WWDR stored is Apple’s old G1, expired in 2023: import the certificate again, leaving the WWDR empty.');
      if (expiresAt - context.now < EXPIRY_WARNING_MS) return warn('WWDR_EXPIRES_SOON', `Apple’s WWDR ${generation} expires on ${day(expiresAt)}.`, { generation, date: day(expiresAt) });
      return ok('WWDR_OK', `Apple’s WWDR ${generation}, which issued the certificate, valid until ${day(expiresAt)}.`, { generation, date: day(expiresAt) });
    },
  };

  const apns: HealthCheck = {
    id: 'apns',
    title: 'Apple push (APNs)',
    async run() {
      const current = identity.current();
      const endpoint = readApnsEndpoint(services.settings);
      if (current.source === 'development' && endpoint.host === APPLE_HOST) {
        return fail('APNS_NEEDS_CERTIFICATE', 'Card updates cannot reach iPhones until a Pass Type ID certificate is imported: APNs accepts only that.');
      }
      const outcome = await probeApns(endpoint, {
        certPem: current.pems.certificatePem,
        keyPem: current.pems.privateKeyPem,
        passTypeIdentifier: current.identity.passTypeIdentifier,
      });
      const where = `${endpoint.host}:${endpoint.port}`;
      if (outcome.ok) return ok('APNS_OK', `${where} accepts the certificate for ${current.identity.passTypeIdentifier}.`, { host: where });
      return fail(outcome.code, `${where}: ${outcome.message}`, { host: where });
    },
  };

  return [certificate, wwdr, apns];
}
