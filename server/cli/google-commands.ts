import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { testConnection } from '../passes/google/connection-test.js';
import { parseServiceAccount, ServiceAccountError } from '../passes/google/service-account.js';
import { findCustomerId } from './cli-services.js';
import { print, withParts } from './context.js';

interface GoogleOptions {
  issuerId?: string;
  serviceAccount?: string;
  apiUrl?: string;
  tokenUrl?: string;
  keysUrl?: string;
  senderId?: string;
  merchantLocations?: string;
  removeKey?: boolean;
  test?: boolean;
}

/**
 * `passerelle settings google …` (issuer id, service-account key, stand-in URLs, and the connection test) and
 * `passerelle pass google-link --customer …` (the "Add to Google Wallet" URL of a customer's card).
 */
export function registerGoogleCommands(program: Command): void {
  const settings = program.commands.find((c) => c.name() === 'settings') ?? program.command('settings');
  settings
    .command('google')
    .description('Show Google Wallet settings, or set them: --issuer-id, --service-account key.json, stand-in URLs; --test checks them with Google')
    .option('--issuer-id <id>', 'the issuer id from the Google Pay & Wallet Console (digits; "" turns Google Wallet off)')
    .option('--service-account <file.json>', 'the service account’s JSON key (Google Cloud console → IAM → Service accounts → Keys)')
    .option('--remove-key', 'forget the service-account key')
    .option('--api-url <url>', 'Google Wallet API root (a stand-in for tests)')
    .option('--token-url <url>', 'OAuth token endpoint (a stand-in for tests)')
    .option('--keys-url <url>', 'where the callback signing keys are published (a stand-in for tests)')
    .option('--sender-id <id>', 'callback sender id (GooglePayPasses)')
    .option('--merchant-locations <on|off>', 'nearest stores on each card (Google must allowlist the issuer first)')
    .option('--test', 'check the settings with Google: token, access to the issuer, public URL')
    .action((opts: GoogleOptions) =>
      withParts(async ({ services, parts }) => {
        const { google } = parts;
        const values: Record<string, unknown> = {};
        if (opts.issuerId !== undefined) values['google.issuerId'] = opts.issuerId.trim();
        if (opts.apiUrl !== undefined) values['google.apiUrl'] = opts.apiUrl;
        if (opts.tokenUrl !== undefined) values['google.tokenUrl'] = opts.tokenUrl;
        if (opts.keysUrl !== undefined) values['google.keysUrl'] = opts.keysUrl;
        if (opts.senderId !== undefined) values['google.callbackSenderId'] = opts.senderId;
        if (opts.merchantLocations !== undefined) values['google.merchantLocations'] = services.settings.parseCliValue('google.merchantLocations', opts.merchantLocations);
        services.settings.setMany(values);
        if (opts.removeKey) google.sync.account.removeKey();
        if (opts.serviceAccount) {
          const path = resolve(opts.serviceAccount);
          let text: string;
          try {
            text = readFileSync(path, 'utf8');
          } catch {
            throw new AppError('FILE_UNREADABLE', `Cannot read the service-account file ${path}.`);
          }
          try {
            google.sync.account.saveKey(parseServiceAccount(text), services.now());
          } catch (err) {
            if (err instanceof ServiceAccountError) throw new AppError(err.code, `${path}: ${err.message}`);
            throw err;
          }
        }
        const s = google.settings();
        const key = google.sync.account.key();
        print(`Issuer id:          ${s.issuerId || '(none: Google Wallet is off)'}`);
        print(`Service account:    ${key ? `${key.clientEmail} (project ${key.projectId || '?'}, key ${key.privateKeyId.slice(0, 8) || '?'})` : '(none)'}`);
        print(`Merchant locations: ${s.merchantLocations ? 'on' : 'off'}`);
        print(`API:                ${s.apiUrl}`);
        print(`Token endpoint:     ${s.tokenUrl}`);
        print(`Callback keys:      ${s.keysUrl} (sender ${s.senderId})`);
        const status = google.sync.account.status();
        if (status.lastError) print(`Last error:         ${status.lastError}`);
        if (Object.keys(values).length > 0 || opts.serviceAccount || opts.removeKey) print('A running Passerelle uses these settings from its next Google call.');
        if (opts.test) {
          const result = await testConnection(google.sync);
          for (const step of result.steps) print(`${step.ok ? 'ok  ' : 'FAIL'} ${step.step}${step.message ? `: ${step.message}` : ''}`);
          if (!result.ok) throw new AppError('GOOGLE_TEST_FAILED', 'The Google Wallet connection test failed (see above).');
        }
      }),
    );

  const pass = program.commands.find((c) => c.name() === 'pass') ?? program.command('pass');
  pass
    .command('google-link')
    .description('Print the "Add to Google Wallet" URL of a customer’s card (its object is inserted at Google first)')
    .requiredOption('--customer <email|id>', 'the customer, by e-mail or id')
    .action((opts: { customer: string }) =>
      withParts(async ({ db, parts }) => {
        const link = await parts.google.links.forCustomer(findCustomerId(db, opts.customer));
        print(link.url);
      }),
    );
}
