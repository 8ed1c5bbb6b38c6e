import type { ApnsView } from './contract';
import type { MessageKey } from './i18n/fr';

/** What the push notifications panel in Settings says, most pressing first. */
export type ApnsPanel =
  | { kind: 'waiting' }
  | { kind: 'restart' }
  | { kind: 'problem'; reason: MessageKey | null; message: string; code: string; since: number; fix: 'certificate' | 'apnsSettings' }
  | { kind: 'working'; since: number }
  | { kind: 'ready' };

/** APNs' reasons (and the server's own) that the panel explains in the user's language. */
const REASONS: Record<string, MessageKey> = {
  BadCertificate: 'settings.apns.reason.badCertificate',
  BadCertificateEnvironment: 'settings.apns.reason.environment',
  ExpiredProviderToken: 'settings.apns.reason.expired',
  InvalidProviderToken: 'settings.apns.reason.refused',
  Forbidden: 'settings.apns.reason.refused',
  InvalidIdentity: 'settings.apns.reason.invalidIdentity',
  UntrustedServer: 'settings.apns.reason.untrustedServer',
  BadEndpoint: 'settings.apns.reason.badEndpoint',
};

/** Problems with where pushes go (a stand-in APNs set from the command line), not with the certificate. */
const SETTINGS_PROBLEMS = new Set(['UntrustedServer', 'BadEndpoint', 'Unreachable']);

export function apnsPanel(view: ApnsView): ApnsPanel {
  // Pushes switching to a newly imported certificate (the likely fix of an older problem): that comes first.
  if (view.pushes === 'waiting-certificate') return { kind: 'waiting' };
  if (view.pushes === 'restart-needed') return { kind: 'restart' };
  const status = view.status;
  if (status === null) return { kind: 'ready' };
  if (status.ok) return { kind: 'working', since: status.at };
  const code = status.code ?? '';
  return {
    kind: 'problem',
    reason: REASONS[code] ?? null,
    message: status.message || code,
    code,
    since: status.at,
    fix: SETTINGS_PROBLEMS.has(code) ? 'apnsSettings' : 'certificate',
  };
}
