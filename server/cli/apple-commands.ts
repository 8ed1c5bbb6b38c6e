import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { ImportError } from '../passes/apple/identity/certificates.js';
import type { IdentityView } from '../passes/apple/identity/identity-store.js';
import { checkAppleImport, type AppleImport } from '../passes/apple/identity/import.js';
import { createKeyAndRequest } from '../passes/apple/identity/csr.js';
import { pairCertificate } from '../passes/apple/identity/pairing.js';
import { print, withDatabase, withParts } from './context.js';
import { readSecret } from './read-secret.js';

interface AppleOptions {
  p12?: string;
  password?: string;
  passwordStdin?: boolean;
  cert?: string;
  key?: string;
  keyPassphrase?: string;
  wwdr?: string;
  development?: boolean;
  request?: string;
  cer?: string;
  force?: boolean;
}

const FLAGS: Record<string, string> = { p12: '--p12', password: '--password', cert: '--cert', key: '--key', keyPassphrase: '--key-passphrase', wwdr: '--wwdr' };
const CER_FLAGS: Record<string, string> = { ...FLAGS, cert: '--cer' };
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(resolve(file));
  } catch {
    throw new AppError('FILE_UNREADABLE', `Cannot read the ${what} file ${resolve(file)}.`);
  }
}

export function describeIdentity(v: IdentityView, now = Date.now()): string[] {
  const days = Math.round((v.expiresAt - now) / 86_400_000);
  const lines = [
    v.source === 'development'
      ? 'Signing identity: development. Passes signed with it will not install on a real iPhone until you import a Pass Type ID certificate.'
      : 'Signing identity: imported Pass Type ID certificate.',
    `Pass type identifier: ${v.passTypeIdentifier}`,
    `Team identifier:      ${v.teamIdentifier}`,
    `Certificate:          ${v.subject}`,
    `Expires:              ${day(v.expiresAt)} (${v.expired ? 'EXPIRED' : `in ${days} days`})`,
    `WWDR:                 ${v.wwdrSubject}, expires ${day(v.wwdrExpiresAt)}`,
  ];
  if (v.source === 'imported' && v.expiresSoon && !v.expired) {
    lines.push('Warning: the certificate expires within 30 days. Renew it in your Apple developer account and import the new one.');
  }
  return lines;
}

/** `passerelle settings apple …`: show, import (.p12 or PEM pair, plus WWDR) or drop the Apple signing identity. */
export function registerAppleCommands(program: Command): void {
  const settings = program.commands.find((c) => c.name() === 'settings') ?? program.command('settings');
  settings
    .command('apple')
    .description(
      'Show the Apple signing identity, or get one: --request makes a certificate signing request for Apple’s portal and ' +
        '--cer imports the certificate Apple returns; or import --p12 + --password, or --cert + --key',
    )
    .option('--request <file>', 'write a certificate signing request (.certSigningRequest) to upload in Apple’s developer portal')
    .option('--cer <file>', 'the certificate (.cer) Apple returned for a request made with --request')
    .option('-f, --force', 'with --request: overwrite the file if it exists')
    .option('--p12 <file>', 'the .p12 exported from Keychain Access (legacy RC2 files included)')
    .option('--password <password>', 'password of the .p12 (or use --password-stdin)')
    .option('--password-stdin', 'read the .p12 password from standard input')
    .option('--cert <file>', 'the Pass Type ID certificate (PEM)')
    .option('--key <file>', 'its private key (PEM)')
    .option('--key-passphrase <passphrase>', 'passphrase of an encrypted private key')
    .option('--wwdr <file>', 'a WWDR certificate other than Apple’s G4, which Passerelle ships (DER or PEM)')
    .option('--development', 'forget the imported identity and sign with the development one again')
    .action((opts: AppleOptions) =>
      withParts(async ({ config, parts, services }) => {
        const { identity } = parts.apple;
        const bundle = parts.apple.wwdrBundle();
        if (opts.request) {
          const target = resolve(opts.request);
          if (existsSync(target) && !opts.force) throw new AppError('FILE_EXISTS', `${target} already exists; add --force to overwrite it.`);
          const commonName = services.settings.brand().name;
          const made = createKeyAndRequest({ commonName });
          parts.apple.pendingKeys.save({ ...made, commonName, createdAt: Date.now() });
          writeFileSync(target, made.csrPem);
          print(`Certificate signing request written to ${target}.`);
          print('In Apple’s developer portal (Certificates, Identifiers & Profiles): Identifiers → + → Pass Type IDs, create one');
          print('(e.g. pass.com.your-shop.loyalty); then select it → Create Certificate → upload this file → download pass.cer,');
          print(`and import it: passerelle settings apple --cer pass.cer   (data folder ${config.dataDir})`);
          return;
        }
        if (opts.cer) {
          try {
            const wwdr = opts.wwdr ? read(opts.wwdr, 'WWDR certificate') : undefined;
            const { checked, pending } = pairCertificate(read(opts.cer, 'certificate'), parts.apple.pendingKeys, { now: new Date(), bundle, wwdr });
            const view = identity.saveImported(checked);
            parts.apple.pendingKeys.remove(pending.id);
            print('Apple certificate paired with its request and imported.');
            describeIdentity(view).forEach((l) => print(l));
            print('A running Passerelle signs and pushes with it within 30 seconds; no restart needed.');
          } catch (err) {
            if (err instanceof ImportError) throw new AppError(err.code, `${CER_FLAGS[err.field] ?? err.field}: ${err.message} Nothing was changed.`);
            throw err;
          }
          return;
        }
        if (opts.development) {
          describeIdentity(identity.removeImported()).forEach((l) => print(l));
          return;
        }
        if (!opts.p12 && !opts.cert && !opts.key) {
          describeIdentity(identity.view()).forEach((l) => print(l));
          return;
        }
        if (opts.p12 && (opts.cert || opts.key)) throw new AppError('BAD_OPTIONS', 'Give either --p12 or --cert and --key, not both.');
        if (!opts.p12 && !(opts.cert && opts.key)) throw new AppError('BAD_OPTIONS', '--cert and --key go together.');
        const wwdr = opts.wwdr ? read(opts.wwdr, 'WWDR certificate') : undefined;
        let input: AppleImport;
        if (opts.p12) {
          const password = opts.passwordStdin ? await readSecret('Password of the .p12: ', true) : opts.password;
          if (password === undefined) throw new AppError('BAD_OPTIONS', 'Give the .p12 password with --password or --password-stdin.');
          input = { kind: 'p12', p12: read(opts.p12, '.p12'), password, wwdr };
        } else {
          const certPem = read(opts.cert!, 'certificate').toString('latin1');
          input = { kind: 'pem', certPem, keyPem: read(opts.key!, 'private key').toString('utf8'), keyPassphrase: opts.keyPassphrase, wwdr };
        }
        try {
          const view = identity.saveImported(checkAppleImport(input, new Date(), bundle));
          print('Apple signing identity imported.');
          describeIdentity(view).forEach((l) => print(l));
          print('A running Passerelle signs and pushes with it within 30 seconds; no restart needed.');
        } catch (err) {
          if (err instanceof ImportError) throw new AppError(err.code, `${FLAGS[err.field] ?? err.field}: ${err.message} Nothing was changed.`);
          throw err;
        }
      }),
    );
}
