import { Type, type Static } from 'typebox';

export const SessionState = Type.Object({
  authenticated: Type.Boolean(),
  passwordLogin: Type.Boolean(),
  mode: Type.Union([Type.Literal('headless'), Type.Literal('desktop')]),
  version: Type.String(),
});
export type SessionState = Static<typeof SessionState>;

export const PasswordChange = Type.Object(
  {
    password: Type.String({ minLength: 1, maxLength: 1000 }),
    /** Required when a password is already set. */
    currentPassword: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChange>;
