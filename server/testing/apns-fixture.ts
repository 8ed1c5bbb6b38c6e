/**
 * A dev Pass Type ID identity and a fake APNs that trusts it, for sender and outbox tests. Keys are made once per
 * test file (RSA generation is the slow part) and reused by every fake it starts.
 */
import { createDevIdentity, type DevIdentity } from '../passes/apple/dev-identity.js';
import type { ApnsEndpoint, ApnsIdentity } from '../passes/apple/apns/apns-sender.js';
import { startFakeApns, type FakeApns, type FakeApnsOptions } from './fake-apns.js';
import { createServerCertificate, type ServerCertificate } from './tls-server-certificate.js';

let shared: { dev: DevIdentity; server: ServerCertificate } | undefined;

export function sharedPki(): { dev: DevIdentity; server: ServerCertificate } {
  shared ??= { dev: createDevIdentity(), server: createServerCertificate() };
  return shared;
}

export function apnsIdentityOf(dev: DevIdentity): ApnsIdentity {
  return { certPem: dev.certificatePem, keyPem: dev.privateKeyPem, passTypeIdentifier: dev.passTypeIdentifier };
}

export interface ApnsFixture {
  dev: DevIdentity;
  identity: ApnsIdentity;
  fake: FakeApns;
  endpoint: ApnsEndpoint;
}

export async function startApnsFixture(options: Partial<FakeApnsOptions> = {}): Promise<ApnsFixture> {
  const { dev, server } = sharedPki();
  const fake = await startFakeApns({ clientCaPem: dev.wwdrPem, topic: dev.passTypeIdentifier, serverCertificate: server, ...options });
  return { dev, identity: apnsIdentityOf(dev), fake, endpoint: { host: fake.host, port: fake.port, caPem: fake.caPem } };
}

/** Polls `condition` until it holds; for facts that arrive on their own schedule (a PING), never for timing. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
