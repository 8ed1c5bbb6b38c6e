import { Type, type Static } from 'typebox';

export const Overview = Type.Object({
  customers: Type.Integer(),
  stores: Type.Integer(),
  designs: Type.Integer(),
  passes: Type.Integer(),
  purchases: Type.Integer(),
  installedPasses: Type.Integer(),
  empty: Type.Boolean(),
});
export type Overview = Static<typeof Overview>;
