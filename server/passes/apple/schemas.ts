/** Apple Wallet's admin views: a customer's cards in wallets, what phones logged, install counts. */
import { Type, type Static } from 'typebox';
import { WalletEvent } from '../cards/schemas.js';

export const DeviceLog = Type.Object({
  id: Type.Integer(),
  message: Type.String(),
  receivedAt: Type.Integer(),
  customerId: Type.Union([Type.Integer(), Type.Null()]),
  customerName: Type.Union([Type.String(), Type.Null()]),
});
export type DeviceLog = Static<typeof DeviceLog>;

export const CustomerWallet = Type.Object({
  customerId: Type.Integer(),
  points: Type.Integer({ description: 'The current balance, as the card shows it.' }),
  tier: Type.String(),
  installed: Type.Boolean(),
  devices: Type.Integer(),
  wallets: Type.Object(
    { apple: Type.Boolean(), google: Type.Boolean() },
    { description: 'In Apple Wallet (a device registered the card) / in Google Wallet (its latest save/delete callback was a save).' },
  ),
  passes: Type.Array(Type.Object({ serial: Type.String(), platform: Type.String(), version: Type.Integer(), devices: Type.Integer(), updatedAt: Type.Integer() })),
  message: Type.String({ description: 'The latest lock-screen message on the customer’s Apple cards.' }),
  events: Type.Array(WalletEvent),
  logs: Type.Array(DeviceLog),
});
export type CustomerWallet = Static<typeof CustomerWallet>;

export const InstallCounts = Type.Object({ installs: Type.Integer(), uninstalls: Type.Integer() });
export type InstallCounts = Static<typeof InstallCounts>;
