/**
 * Automations, the KPI dashboard and campaign results: the API calls and their types, taken from the server's schemas
 * (the one contract) with `import type`.
 */
import type {
  AutomationKey,
  AutomationParam as AutomationParamSchema,
  AutomationStep as AutomationStepSchema,
  AutomationUpdate as AutomationUpdateSchema,
  AutomationView as AutomationViewSchema,
  AutomationsView as AutomationsViewSchema,
  CalendarEntry as CalendarEntrySchema,
  CalendarInput as CalendarInputSchema,
  Moment,
} from '../../../server/automations/schemas';
import type {
  CampaignLift as CampaignLiftSchema,
  CampaignResults as CampaignResultsSchema,
  CsvChart,
  GroupKpis as GroupKpisSchema,
  KpiReport as KpiReportSchema,
  VariantResult as VariantResultSchema,
} from '../../../server/analytics/schemas';
import { request } from './api';

export type { AutomationKey, CsvChart, Moment };
export type AutomationView = AutomationViewSchema;
export type AutomationStep = AutomationStepSchema;
export type AutomationParam = AutomationParamSchema;
export type AutomationUpdate = AutomationUpdateSchema;
export type AutomationsView = AutomationsViewSchema;
export type CalendarEntry = CalendarEntrySchema;
export type CalendarInput = CalendarInputSchema;
export type KpiReport = KpiReportSchema;
export type GroupKpis = GroupKpisSchema;
export type CampaignLift = CampaignLiftSchema;
export type CampaignResults = CampaignResultsSchema;
export type VariantResult = VariantResultSchema;

/** The values the UI iterates over; `satisfies` checks each list against the server's type. */
export const MOMENTS = ['activation', 'early_engagement', 'loyalty', 'reactivation', 'retail', 'highlights'] as const satisfies readonly Moment[];

const query = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

export const automationsApi = {
  list: (signal?: AbortSignal) => request<AutomationsView>('GET', '/api/automations', undefined, signal),
  update: (key: AutomationKey, body: AutomationUpdate) => request<AutomationView>('PUT', `/api/automations/${key}`, body),
  addEntry: (body: CalendarInput) => request<CalendarEntry>('POST', '/api/automations/calendar', body),
  updateEntry: (id: number, body: CalendarInput) => request<CalendarEntry>('PUT', `/api/automations/calendar/${id}`, body),
  deleteEntry: (id: number) => request<void>('DELETE', `/api/automations/calendar/${id}`),

  kpis: (from: string, to: string, signal?: AbortSignal) => request<KpiReport>('GET', `/api/kpis?${query(from, to)}`, undefined, signal),
  csvUrl: (chart: CsvChart, from: string, to: string) => `/api/kpis/csv/${chart}?${query(from, to)}`,
  campaignResults: (id: number, days: number, signal?: AbortSignal) =>
    request<CampaignResults>('GET', `/api/kpis/campaigns/${id}?days=${days}`, undefined, signal),
};
