import { api } from '../api';
import type { SetupStepId, SetupView } from '../contract';
import { handleError } from '../handle-error';

/** Where the first-run wizard stands, shared by the wizard, the sidebar and the dashboard. */
class SetupState {
  view = $state.raw<SetupView | null>(null);

  /** Steps the owner completed or put off. */
  readonly settled = $derived(this.view ? this.view.steps.filter((s) => s.status !== 'todo').length : 0);
  readonly total = $derived(this.view?.steps.length ?? 0);
  /** The first step neither done nor skipped, or null when all are settled. */
  readonly next = $derived<SetupStepId | null>(this.view?.steps.find((s) => s.status === 'todo')?.id ?? null);

  async load(): Promise<void> {
    try {
      this.view = await api.getSetup();
    } catch (error) {
      handleError(error);
    }
  }

  apply(view: SetupView): void {
    this.view = view;
  }

  reset(): void {
    this.view = null;
  }
}

export const setup = new SetupState();
