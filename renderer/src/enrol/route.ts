/** What the enrolment bundle shows for the path it was served at. */
export type EnrolRoute = { page: 'join'; referralCode: string | null } | { page: 'preferences'; token: string };

export function enrolRoute(pathname: string): EnrolRoute {
  const prefs = /^\/preferences\/([0-9a-f]{48})\/?$/.exec(pathname);
  if (prefs) return { page: 'preferences', token: prefs[1]! };
  const referral = /^\/r\/([0-9A-Za-z]{4,16})\/?$/.exec(pathname);
  return { page: 'join', referralCode: referral ? referral[1]!.toUpperCase() : null };
}

/** The wallet buttons to show on this phone: its own wallet's first; all of them on a computer or an unknown phone. */
export function walletsFor<T extends { platform: 'apple' | 'google' }>(wallets: readonly T[], userAgent: string): T[] {
  const apple = /iPhone|iPad|iPod|Macintosh/.test(userAgent);
  const android = /Android/.test(userAgent);
  const mine = wallets.filter((w) => (apple && w.platform === 'apple') || (android && w.platform === 'google'));
  return mine.length > 0 ? mine : [...wallets];
}
