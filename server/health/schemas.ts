/** Settings → Health: the API's contract. */
import { Type, type Static } from 'typebox';

export const CheckLineView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('warn'), Type.Literal('fail'), Type.Literal('skip')]),
  code: Type.String(),
  message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type CheckLineView = Static<typeof CheckLineView>;

export const HealthReport = Type.Object({
  ok: Type.Boolean({ description: 'no check failed (warnings allowed)' }),
  checks: Type.Array(CheckLineView),
  at: Type.Integer({ description: 'epoch ms' }),
});
export type HealthReport = Static<typeof HealthReport>;
