import { Type, type Static } from 'typebox';

export const CustomerListItem = Type.Object({
  id: Type.Integer(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  city: Type.String(),
  tier: Type.String(),
  pointsBalance: Type.Integer(),
  createdAt: Type.Integer(),
  purchaseCount: Type.Integer(),
  totalSpentCents: Type.Integer(),
  lastPurchaseAt: Type.Union([Type.Integer(), Type.Null()]),
});
export type CustomerListItem = Static<typeof CustomerListItem>;
