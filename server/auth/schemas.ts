import { Type, type Static } from 'typebox';

export const SessionState = Type.Object({
  authenticated: Type.Boolean(),
  passwordLogin: Type.Boolean(),
  mode: Type.Union([Type.Literal('headless'), Type.Literal('desktop')]),
  version: Type.String(),
});
export type SessionState = Static<typeof SessionState>;
