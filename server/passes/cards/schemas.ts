/** The platform-neutral card's contract: wallet events (lock-screen messages: messaging/schemas.ts). */
import { Type, type Static } from 'typebox';

export const WalletEvent = Type.Object({
  id: Type.Integer(),
  passId: Type.Union([Type.Integer(), Type.Null()]),
  platform: Type.Union([Type.Literal('apple'), Type.Literal('google')]),
  kind: Type.Union([Type.Literal('installed'), Type.Literal('uninstalled'), Type.Literal('updated'), Type.Literal('message')]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: Type.Integer(),
});
export type WalletEvent = Static<typeof WalletEvent>;
