/**
 * Types of the customers, loyalty, staff and mail APIs, taken from the server's schemas (the one contract) with
 * `import type`: nothing of the server runs in the renderer.
 */
import type { Static } from 'typebox';
import type { Customer as CustomerSchema, CustomerInput as CustomerInputSchema, CustomerUpdate as CustomerUpdateSchema, CustomerSort, Purchase as PurchaseSchema, PurchaseInput as PurchaseInputSchema, CategoryDefinition as CategorySchema } from '../../../server/customers/schemas';
import type { BonusEventInput as BonusInputSchema, Programme as ProgrammeSchema, RewardInput as RewardInputSchema, PointsResult as PointsResultSchema } from '../../../server/loyalty/schemas';
import type { ProgrammeView as ProgrammeViewSchema } from '../../../server/loyalty/programme-routes';
import type { CustomerLoyalty as CustomerLoyaltySchema, PurchaseOutcome as PurchaseOutcomeSchema } from '../../../server/loyalty/customer-routes';
import type { Timeline as TimelineSchema, TimelineItem as TimelineItemSchema } from '../../../server/loyalty/timeline';

export type Customer = Static<typeof CustomerSchema>;
export type CustomerInput = Static<typeof CustomerInputSchema>;
export type CustomerUpdate = Static<typeof CustomerUpdateSchema>;
export type { CustomerSort };
export type Purchase = Static<typeof PurchaseSchema>;
export type PurchaseInput = Static<typeof PurchaseInputSchema>;
export type PurchaseOutcome = Static<typeof PurchaseOutcomeSchema>;
export type CategoryDefinition = Static<typeof CategorySchema>;
export type Programme = Static<typeof ProgrammeSchema>;
export type ProgrammeView = Static<typeof ProgrammeViewSchema>;
export type BonusEventInput = Static<typeof BonusInputSchema>;
export type RewardInput = Static<typeof RewardInputSchema>;
export type CustomerLoyalty = Static<typeof CustomerLoyaltySchema>;
export type LoyaltyPointsResult = Static<typeof PointsResultSchema>;
export type Timeline = Static<typeof TimelineSchema>;
export type TimelineItem = Static<typeof TimelineItemSchema>;

export interface StaffMember {
  id: number;
  name: string;
  active: boolean;
  failedAttempts: number;
  lockedUntil: number | null;
  lastLoginAt: number | null;
  createdAt: number;
}

export interface SmtpView {
  configured: boolean;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  hasPassword: boolean;
  fromEmail: string;
  fromName: string;
}
export interface SmtpInput {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password?: string;
  fromEmail: string;
  fromName: string;
}
