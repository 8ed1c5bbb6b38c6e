import { Type, type Static } from 'typebox';

export const PointsResult = Type.Object({
  balance: Type.Integer(),
  tier: Type.String(),
  previousTier: Type.String(),
  passes: Type.Integer({ description: 'Cards marked changed.' }),
  pushes: Type.Integer({ description: 'Pushes queued for the devices holding them.' }),
});
export type PointsResult = Static<typeof PointsResult>;
