/**
 * Segments, campaigns and the messages guard: the API calls and their types, taken from the server's schemas (the one
 * contract) with `import type`.
 */
import type { Static } from 'typebox';
import type {
  Campaign as CampaignSchema,
  CampaignInput as CampaignInputSchema,
  CampaignPreview as CampaignPreviewSchema,
  CampaignReport as CampaignReportSchema,
  CampaignRun as CampaignRunSchema,
  PreviewInput as PreviewInputSchema,
} from '../../../server/campaigns/schemas';
import type { MessagingSettingsView as SettingsViewSchema } from '../../../server/messaging/routes';
import type {
  DirectMessageResult as DirectResultSchema,
  GuardSettings as GuardSettingsSchema,
  HoldReason,
  Mechanic,
  MessageCategory,
  MixWarning as MixWarningSchema,
} from '../../../server/messaging/schemas';
import type {
  Condition as ConditionSchema,
  ConditionGroup as ConditionGroupSchema,
  Segment as SegmentSchema,
  SegmentCount as SegmentCountSchema,
  SegmentDefinition as SegmentDefinitionSchema,
  SegmentMember as SegmentMemberSchema,
  SegmentOptions as SegmentOptionsSchema,
} from '../../../server/segments/schemas';
import { request } from './api';

export type { HoldReason, Mechanic, MessageCategory };
export type Condition = Static<typeof ConditionSchema>;
export type ConditionField = Condition['field'];
export type ConditionGroup = Static<typeof ConditionGroupSchema>;
export type SegmentDefinition = Static<typeof SegmentDefinitionSchema>;
export type Segment = Static<typeof SegmentSchema>;
export type SegmentCount = Static<typeof SegmentCountSchema>;
export type SegmentMember = Static<typeof SegmentMemberSchema>;
export type SegmentOptions = Static<typeof SegmentOptionsSchema>;
export type Campaign = Static<typeof CampaignSchema>;
export type CampaignInput = Static<typeof CampaignInputSchema>;
export type CampaignPreview = Static<typeof CampaignPreviewSchema>;
export type CampaignReport = Static<typeof CampaignReportSchema>;
export type CampaignRun = Static<typeof CampaignRunSchema>;
export type PreviewInput = Static<typeof PreviewInputSchema>;
export type GuardSettings = Static<typeof GuardSettingsSchema>;
export type MessagingSettingsView = Static<typeof SettingsViewSchema>;
export type DirectMessageResult = Static<typeof DirectResultSchema>;
export type MixWarning = Static<typeof MixWarningSchema>;

/** The values the UI iterates over; `satisfies` checks each list against the server's type. */
export const MESSAGE_CATEGORIES = ['relational', 'inspiration', 'commercial'] as const satisfies readonly MessageCategory[];
export const MECHANICS = [
  'product',
  'service',
  'emotion',
  'privilege',
  'surprise',
  'points_reminder',
  'last_chance',
  'promotion',
  'event',
  'other',
] as const satisfies readonly Mechanic[];
export const HOLD_REASONS = [
  'not_in_wallet',
  'stopped',
  'paused',
  'no_consent',
  'topic_off',
  'weekly_cap',
  'daily_cap',
  'exposure',
  'after_purchase',
  'after_conversion',
] as const satisfies readonly HoldReason[];

export const campaignsApi = {
  segments: (signal?: AbortSignal) => request<{ items: Segment[] }>('GET', '/api/segments', undefined, signal),
  segmentOptions: (signal?: AbortSignal) => request<SegmentOptions>('GET', '/api/segments/options', undefined, signal),
  countSegment: (definition: SegmentDefinition, signal?: AbortSignal) => request<SegmentCount>('POST', '/api/segments/count', { definition }, signal),
  sampleSegment: (definition: SegmentDefinition, limit: number, signal?: AbortSignal) =>
    request<{ items: SegmentMember[] }>('POST', '/api/segments/sample', { definition, limit }, signal),
  createSegment: (name: string, definition: SegmentDefinition) => request<Segment>('POST', '/api/segments', { name, definition }),
  updateSegment: (id: number, name: string, definition: SegmentDefinition) => request<Segment>('PUT', `/api/segments/${id}`, { name, definition }),
  deleteSegment: (id: number) => request<void>('DELETE', `/api/segments/${id}`),

  campaigns: (signal?: AbortSignal) => request<{ items: Campaign[] }>('GET', '/api/campaigns', undefined, signal),
  campaign: (id: number, signal?: AbortSignal) => request<CampaignReport>('GET', `/api/campaigns/${id}`, undefined, signal),
  preview: (input: PreviewInput, signal?: AbortSignal) => request<CampaignPreview>('POST', '/api/campaigns/preview', input, signal),
  createCampaign: (input: CampaignInput) => request<Campaign>('POST', '/api/campaigns', input),
  stopCampaign: (id: number) => request<Campaign>('POST', `/api/campaigns/${id}/stop`),
  deleteCampaign: (id: number) => request<void>('DELETE', `/api/campaigns/${id}`),
  uploadImage: (file: Blob) => request<{ id: string }>('POST', '/api/images', { raw: file, type: file.type || 'application/octet-stream' }),

  messagingSettings: (signal?: AbortSignal) => request<MessagingSettingsView>('GET', '/api/messaging/settings', undefined, signal),
  saveMessagingSettings: (settings: GuardSettings) => request<MessagingSettingsView>('PUT', '/api/messaging/settings', settings),
  sendMessage: (customerId: number, text: string, category: MessageCategory) =>
    request<DirectMessageResult>('POST', `/api/customers/${customerId}/message`, { text, category }),
};
