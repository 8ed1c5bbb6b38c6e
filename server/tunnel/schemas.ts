/** The public address: the API's contract (routes, and the renderer with `import type`). */
import { Type, type Static } from 'typebox';

const StepStatus = Type.Union([Type.Literal('ok'), Type.Literal('warn'), Type.Literal('fail'), Type.Literal('skip')]);
const Params = Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])));

export const TunnelStateView = Type.Object({
  provider: Type.Union([Type.Literal('none'), Type.Literal('ngrok')]),
  status: Type.Union([Type.Literal('off'), Type.Literal('starting'), Type.Literal('online'), Type.Literal('reconnecting'), Type.Literal('error')]),
  url: Type.Optional(Type.String()),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  since: Type.Integer({ description: 'epoch ms' }),
});
export type TunnelStateView = Static<typeof TunnelStateView>;

export const PublicAddressView = Type.Object({
  url: Type.String(),
  source: Type.Union([Type.Literal('environment'), Type.Literal('setting'), Type.Literal('listener')]),
  issue: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('local')])),
  provider: Type.Union([Type.Literal('none'), Type.Literal('ngrok')]),
  ngrok: Type.Object({ domain: Type.String(), authtokenSet: Type.Boolean() }),
  tunnel: TunnelStateView,
  /** The public listener's own address, where a reverse proxy or a Cloudflare tunnel must point. */
  listenerUrl: Type.String(),
});
export type PublicAddressView = Static<typeof PublicAddressView>;

export const OwnAddressUpdate = Type.Object(
  { provider: Type.Literal('none'), url: Type.String({ maxLength: 2000 }) },
  { additionalProperties: false },
);
export const NgrokUpdate = Type.Object(
  {
    provider: Type.Literal('ngrok'),
    domain: Type.String({ minLength: 1, maxLength: 253 }),
    /** Absent: keep the one stored. */
    authtoken: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
export const PublicAddressUpdate = Type.Union([OwnAddressUpdate, NgrokUpdate]);
export type PublicAddressUpdate = Static<typeof PublicAddressUpdate>;

export const SelfTestStep = Type.Object({
  id: Type.Union([Type.Literal('address'), Type.Literal('dns'), Type.Literal('https'), Type.Literal('passerelle')]),
  status: StepStatus,
  code: Type.String(),
  message: Type.String(),
  params: Params,
});
export type SelfTestStep = Static<typeof SelfTestStep>;

export const SelfTestReport = Type.Object({
  url: Type.String(),
  ok: Type.Boolean(),
  steps: Type.Array(SelfTestStep),
  at: Type.Integer({ description: 'epoch ms' }),
});
export type SelfTestReport = Static<typeof SelfTestReport>;
