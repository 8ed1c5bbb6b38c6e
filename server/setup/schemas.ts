/** The first-run wizard: the API's contract (routes, and the renderer with `import type`). */
import { Type, type Static } from 'typebox';

export const SETUP_STEPS = ['brand', 'password', 'address', 'apple', 'google', 'card'] as const;
export const SetupStepId = Type.Enum(SETUP_STEPS);
export type SetupStepId = Static<typeof SetupStepId>;

export const SetupStepView = Type.Object({
  id: SetupStepId,
  /** What the owner did with the step: nothing yet, completed, or put off. */
  status: Type.Union([Type.Literal('todo'), Type.Literal('done'), Type.Literal('skipped')]),
  /** What holds now, whatever was clicked: a brand named, a password set, an https address, a certificate… */
  ready: Type.Boolean(),
});
export type SetupStepView = Static<typeof SetupStepView>;

export const TestCardView = Type.Object({
  customerId: Type.Integer(),
  /** What the QR code on screen opens: the public download link. */
  downloadUrl: Type.String(),
  /** Admin downloads of the same card and its QR code. */
  pkpassPath: Type.String(),
  qrPath: Type.String(),
});
export type TestCardView = Static<typeof TestCardView>;

export const SetupView = Type.Object({
  finished: Type.Boolean(),
  /** Nothing in the install yet (no card design, no customer). */
  fresh: Type.Boolean(),
  mode: Type.Union([Type.Literal('headless'), Type.Literal('desktop')]),
  steps: Type.Array(SetupStepView),
  brand: Type.Object({ name: Type.String(), primaryColor: Type.String(), logo: Type.Optional(Type.String()) }),
  passwordSet: Type.Boolean(),
  publicUrl: Type.String(),
  publicUrlIssue: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('local')])),
  appleSource: Type.Union([Type.Literal('development'), Type.Literal('imported')]),
  testCard: Type.Optional(TestCardView),
});
export type SetupView = Static<typeof SetupView>;

export const StepUpdate = Type.Object(
  { status: Type.Union([Type.Literal('todo'), Type.Literal('done'), Type.Literal('skipped')]) },
  { additionalProperties: false },
);

export const BrandStep = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    primaryColor: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    /** Image id from POST /api/images; null removes the logo; absent keeps it. */
    logo: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type BrandStep = Static<typeof BrandStep>;

export const TestCardRequest = Type.Object(
  {
    firstName: Type.String({ minLength: 1, maxLength: 80 }),
    lastName: Type.Optional(Type.String({ maxLength: 80 })),
    email: Type.Optional(Type.String({ maxLength: 200, pattern: '^(|[^\\s@]+@[^\\s@]+\\.[^\\s@]+)$' })),
  },
  { additionalProperties: false },
);
export type TestCardRequest = Static<typeof TestCardRequest>;
