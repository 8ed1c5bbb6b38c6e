/** The segment schema's value lists the builder offers, each checked against the server's type at compile time. */
import type { Condition } from './campaigns-api';

type Of<F extends Condition['field'], K extends string> = Extract<Condition, { field: F }> extends infer C ? (K extends keyof C ? NonNullable<C[K]> : never) : never;

export const PERIODS = ['30d', '90d', '365d', 'all'] as const satisfies ReadonlyArray<Of<'spend', 'period'>>;
export const GENDER_VALUES = ['female', 'male', 'other', 'unknown'] as const satisfies ReadonlyArray<Of<'gender', 'values'>[number]>;
export const WALLET_STATES = ['installed', 'not_installed', 'apple', 'google'] as const satisfies ReadonlyArray<Of<'wallet', 'value'>>;
export const CATEGORY_VALUES = ['relational', 'inspiration', 'commercial'] as const satisfies ReadonlyArray<Of<'accepts', 'category'>>;
