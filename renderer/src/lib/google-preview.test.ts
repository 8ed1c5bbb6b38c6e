import { describe, expect, it } from 'vitest';
import { googleCardView } from './google-preview';

const fr = (value: string, en: string) => ({ defaultValue: { language: 'fr', value }, translatedValues: [{ language: 'en', value: en }] });

describe('googleCardView', () => {
  const preview = {
    vertical: 'loyalty' as const,
    class: {
      issuerName: 'Maison Fauvette',
      programName: 'Carte de fidélité',
      localizedProgramName: fr('Carte de fidélité', 'Loyalty card'),
      hexBackgroundColor: '#1f4e79',
      programLogo: { sourceUri: { uri: '/api/google/images/a/google-logo.png' } },
      rewardsTier: 'Or',
      localizedRewardsTier: fr('Or', 'Gold'),
      rewardsTierLabel: 'Statut',
      localizedRewardsTierLabel: fr('Statut', 'Status'),
      textModulesData: [{ id: 'terms', header: 'Conditions', localizedHeader: fr('Conditions', 'Terms'), body: '1 point par euro', localizedBody: fr('1 point par euro', '1 point per euro') }],
    },
    object: { accountName: 'Camille Martin', loyaltyPoints: { label: 'Points', balance: { int: 1250 } }, barcode: { type: 'QR_CODE', value: 'M-004217' } },
  };

  it('reads Google’s fields in the chosen language, with a readable text colour', () => {
    const en = googleCardView(preview, 'en');
    expect(en).toMatchObject({ issuer: 'Maison Fauvette', title: 'Loyalty card', foreground: '#ffffff', logo: '/api/google/images/a/google-logo.png' });
    expect(en.rows).toEqual([
      { label: 'Points', value: '1250' },
      { label: 'Status', value: 'Gold' },
    ]);
    expect(en.details).toEqual([{ header: 'Terms', body: '1 point per euro' }]);
    expect(googleCardView(preview, 'fr').rows[1]).toEqual({ label: 'Statut', value: 'Or' });
    expect(googleCardView({ ...preview, class: { ...preview.class, hexBackgroundColor: '#f5f0e0' } }, 'fr').foreground).toBe('#1f1f1f');
  });
});
