import { describe, expect, it } from 'vitest';
import { enrolRoute, walletsFor } from './route';

describe('enrolment page routes', () => {
  it('reads the referral code and the preferences token from the path', () => {
    expect(enrolRoute('/join')).toEqual({ page: 'join', referralCode: null });
    expect(enrolRoute('/r/ab23cd45')).toEqual({ page: 'join', referralCode: 'AB23CD45' });
    expect(enrolRoute(`/preferences/${'a1'.repeat(24)}`)).toEqual({ page: 'preferences', token: 'a1'.repeat(24) });
    expect(enrolRoute('/r/<script>')).toEqual({ page: 'join', referralCode: null });
  });

  it('shows the phone’s own wallet, and every wallet elsewhere', () => {
    const wallets = [{ platform: 'apple' as const }, { platform: 'google' as const }];
    expect(walletsFor(wallets, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)')).toEqual([{ platform: 'apple' }]);
    expect(walletsFor(wallets, 'Mozilla/5.0 (Linux; Android 14; Pixel 8)')).toEqual([{ platform: 'google' }]);
    expect(walletsFor([{ platform: 'apple' as const }], 'Mozilla/5.0 (Linux; Android 14)')).toEqual([{ platform: 'apple' }]);
    expect(walletsFor(wallets, 'Mozilla/5.0 (X11; Linux x86_64)')).toHaveLength(2);
  });
});
