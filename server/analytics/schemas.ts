import { Type, type Static } from 'typebox';

export const WalletFigures = Type.Object({ installed: Type.Integer(), installs30d: Type.Integer(), uninstalls30d: Type.Integer() });
export type WalletFigures = Static<typeof WalletFigures>;

export const Overview = Type.Object({
  customers: Type.Integer(),
  stores: Type.Integer(),
  designs: Type.Integer(),
  passes: Type.Integer(),
  purchases: Type.Integer(),
  installedPasses: Type.Integer({ description: 'Cards in a wallet now, Apple and Google together.' }),
  wallets: Type.Object(
    { apple: WalletFigures, google: WalletFigures },
    { description: 'Per wallet (by phone OS): cards in it now, and installs and uninstalls over the last 30 days.' },
  ),
  empty: Type.Boolean(),
});
export type Overview = Static<typeof Overview>;
