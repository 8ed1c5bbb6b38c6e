import { readFileSync } from 'node:fs';
import { AppError } from '../../../errors.js';
import type { SettingsRepository } from '../../../settings/settings-repository.js';
import type { ApnsEndpoint } from './apns-sender.js';

/**
 * Where APNs is, from the settings `apns.host`, `apns.port` and `apns.caFile`. Read at every connection, so the CA
 * file is read then too: a file replaced on disk is picked up, a file gone is reported as a problem.
 */
export function readApnsEndpoint(settings: Pick<SettingsRepository, 'get'>): ApnsEndpoint {
  const host = settings.get('apns.host') as string;
  const port = settings.get('apns.port') as number;
  const caFile = settings.get('apns.caFile') as string;
  if (caFile === '') return { host, port };
  try {
    return { host, port, caPem: readFileSync(caFile, 'utf8') };
  } catch (err) {
    throw new AppError('APNS_CA_UNREADABLE', `cannot read the APNs CA file ${caFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 500);
  }
}

