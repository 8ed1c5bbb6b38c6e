/**
 * "Test the connection" in Settings: each step Google needs, in order, stopping at the first that fails with a
 * sentence saying what to do about it.
 */
import { WalletApiError } from './client/api-errors.js';
import { isConfigured } from './context.js';
import type { GoogleSync } from './sync.js';

export interface TestStep {
  step: 'issuerId' | 'serviceAccount' | 'token' | 'issuerAccess' | 'publicUrl';
  ok: boolean;
  /** Shown only when the step is not ok (or is a warning). */
  message: string;
}

export async function testConnection(sync: GoogleSync): Promise<{ ok: boolean; steps: TestStep[] }> {
  const steps: TestStep[] = [];
  const done = () => ({ ok: steps.every((s) => s.ok || s.step === 'publicUrl'), steps });
  const ctx = sync.context();
  if (!isConfigured(ctx)) {
    if (ctx.missing === 'issuerId') {
      steps.push({ step: 'issuerId', ok: false, message: 'Enter the issuer id: the number shown in the Google Pay & Wallet Console (pay.google.com/business/console).' });
      return done();
    }
    steps.push({ step: 'issuerId', ok: true, message: '' });
    steps.push({ step: 'serviceAccount', ok: false, message: 'Import the service-account key (JSON) made in Google Cloud for the Google Wallet API.' });
    return done();
  }
  steps.push({ step: 'issuerId', ok: true, message: '' }, { step: 'serviceAccount', ok: true, message: '' });
  try {
    await ctx.api.authenticate();
    steps.push({ step: 'token', ok: true, message: '' });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    steps.push({
      step: 'token',
      ok: false,
      message:
        err instanceof WalletApiError && err.kind === 'transient'
          ? `Google could not be reached (${why}). Check this computer's internet connection.`
          : `Google refused the service-account key (${why}). The key may have been deleted or disabled in Google Cloud: make a new JSON key and import it.`,
    });
    return done();
  }
  try {
    await ctx.api.list('loyaltyClass', { issuerId: ctx.issuerId, maxResults: '1' });
    steps.push({ step: 'issuerAccess', ok: true, message: '' });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const e = err instanceof WalletApiError ? err : undefined;
    steps.push({
      step: 'issuerAccess',
      ok: false,
      message:
        e?.kind === 'auth'
          ? `The service account ${ctx.key.clientEmail} may not act for issuer ${ctx.issuerId} (${why}). In the Google Pay & Wallet Console: Users → Invite a user → ${ctx.key.clientEmail}, access level Developer. Check too that the Google Wallet API is enabled in the key's Google Cloud project.`
          : e?.kind === 'not-found' || e?.kind === 'rejected'
            ? `Google does not know issuer ${ctx.issuerId} (${why}). Copy the issuer id again from the Google Pay & Wallet Console.`
            : `Google could not be reached (${why}). Try again in a moment.`,
    });
    return done();
  }
  steps.push(
    ctx.publicUrl.startsWith('https://')
      ? { step: 'publicUrl', ok: true, message: '' }
      : {
          step: 'publicUrl',
          ok: false,
          message: `Phones and Google reach Passerelle at ${ctx.publicUrl}, which is not https: Google cannot fetch the card images or send save notices. Set the public URL to your tunnel's https address.`,
        },
  );
  return done();
}
