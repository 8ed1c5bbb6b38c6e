/** The design API's payloads (routes, and the renderer with `import type`); the design itself is schema.ts. */
import { Type, type Static } from 'typebox';
import { Design, DesignContent, DesignIssue, DesignKind, Text } from './schema.js';

export const DesignIssues = Type.Array(DesignIssue);
export type DesignIssues = Static<typeof DesignIssues>;

export const DesignSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: DesignKind,
  version: Type.Integer(),
  isDefault: Type.Boolean(),
  updatedAt: Type.Integer(),
});
export type DesignSummary = Static<typeof DesignSummary>;

export const DesignName = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
export type DesignName = Static<typeof DesignName>;

export const DesignWithIssues = Type.Object({ design: Design, issues: DesignIssues });
export type DesignWithIssues = Static<typeof DesignWithIssues>;

export const InvalidDesign = Type.Object(
  { code: Type.String(), message: Type.String(), issues: DesignIssues },
  { description: 'DESIGN_INVALID: the design has error-severity issues; nothing was saved.' },
);
export type InvalidDesign = Static<typeof InvalidDesign>;

export const NewDesign = Type.Object({ name: DesignName, kind: DesignKind }, { additionalProperties: false });
export type NewDesign = Static<typeof NewDesign>;

/** A design edit; `version` is the one the edit started from (409 VERSION_CONFLICT if it moved on). */
export const DesignUpdate = Type.Object(
  { name: DesignName, content: DesignContent, version: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);
export type DesignUpdate = Static<typeof DesignUpdate>;

export const PlaceholderInfo = Type.Object({ name: Type.String(), description: Text, example: Type.String() });
export type PlaceholderInfo = Static<typeof PlaceholderInfo>;
