import { describe, expect, test } from 'vitest';
import type { WalletEvent } from './contract';
import { describeEvent, eventTone } from './wallet-events';

const event = (kind: WalletEvent['kind'], detail: Record<string, unknown> = {}, platform: WalletEvent['platform'] = 'apple'): WalletEvent => ({
  id: 1,
  passId: 1,
  platform,
  kind,
  detail,
  occurredAt: 0,
});

describe('wallet timeline lines', () => {
  test('installs and uninstalls name the wallet, and say when Apple reported the device gone', () => {
    expect(describeEvent(event('installed', { devices: 1 }))).toEqual({ key: 'wallet.event.installed', params: { platform: 'Apple Wallet' } });
    expect(describeEvent(event('uninstalled', { reason: 'unregistered' }, 'google')).params).toEqual({ platform: 'Google Wallet' });
    expect(describeEvent(event('uninstalled', { reason: 'apns-410' })).key).toBe('wallet.event.uninstalledApns');
    expect(eventTone(event('installed'))).toBe('good');
    expect(eventTone(event('uninstalled'))).toBe('bad');
  });

  test('a Google message sent without a notification says so', () => {
    expect(describeEvent(event('message', { text: 'Soirée privée', messageType: 'TEXT', fallbackReason: 'quota' }, 'google'))).toEqual({
      key: 'wallet.event.messageQuiet',
      params: { text: 'Soirée privée', platform: 'Google Wallet' },
    });
    expect(describeEvent(event('message', { text: 'Bonjour' })).key).toBe('wallet.event.message');
  });

  test('updates say what changed, with signed points', () => {
    expect(describeEvent(event('updated', { reason: 'points', delta: 50, balance: 1250 }))).toEqual({
      key: 'wallet.event.points',
      params: { delta: '+50', balance: 1250 },
    });
    expect(describeEvent(event('updated', { reason: 'tier', delta: 600, tier: 'silver' })).params).toEqual({ tier: 'silver', delta: '+600' });
    expect(describeEvent(event('updated', { reason: 'points', delta: -20, balance: 5 })).params.delta).toBe('-20');
    expect(describeEvent(event('updated', { reason: 'design', designVersion: 4 }))).toEqual({ key: 'wallet.event.design', params: { version: 4 } });
    expect(describeEvent(event('message', { text: 'Soldes' })).params).toEqual({ text: 'Soldes' });
  });

  test('odd details fall back to a plain line', () => {
    expect(describeEvent(event('updated', { reason: 'points', delta: 'x' })).key).toBe('wallet.event.updated');
    expect(describeEvent(event('updated', {})).key).toBe('wallet.event.updated');
    expect(describeEvent(event('message', { text: 42 })).params).toEqual({ text: '' });
  });
});
