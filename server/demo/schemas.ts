/** The demo brand's API contract. Imports only typebox. */
import { Type, type Static } from 'typebox';

export const DemoResult = Type.Object({
  stores: Type.Integer(),
  customers: Type.Integer(),
  purchases: Type.Integer(),
  designs: Type.Integer(),
});
export type DemoResult = Static<typeof DemoResult>;
