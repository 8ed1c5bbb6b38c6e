import { Type, type Static } from 'typebox';

export const Brand = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    primaryColor: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    defaultLocale: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
    website: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type Brand = Static<typeof Brand>;

export const SettingsView = Type.Object({
  brand: Brand,
  server: Type.Object({
    adminUrl: Type.String(),
    publicUrl: Type.String(),
    publicUrlSource: Type.Union([Type.Literal('environment'), Type.Literal('setting'), Type.Literal('listener')]),
    /** Why phones could not use the public URL (http://, or an address of this computer or network); absent if fine. */
    publicUrlIssue: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('local')])),
    adminPort: Type.Integer(),
    publicPort: Type.Integer(),
  }),
});
export type SettingsView = Static<typeof SettingsView>;
