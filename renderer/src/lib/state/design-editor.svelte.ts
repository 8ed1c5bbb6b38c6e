import { api, isApiError } from '../api';
import type { Design, DesignContent, DesignIssue, Locale } from '../contract';
import { debounce } from '../debounce';
import type { EditorTab } from '../design-issues';
import { handleError } from '../handle-error';
import { i18n } from '../i18n/i18n.svelte';
import { stableJson } from '../stable-json';

export type SaveOutcome = 'saved' | 'conflict' | 'invalid' | 'failed';

const VALIDATE_AFTER_MS = 350;

function issuesOf(body: unknown): DesignIssue[] {
  const issues = (body as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues) ? (issues as DesignIssue[]) : [];
}

/**
 * One design being edited: the saved version, the draft the panels bind to, the server's validation of the draft
 * (re-asked shortly after each change) and saving with optimistic concurrency (`version`).
 */
export class DesignEditor {
  readonly id: number;
  saved = $state.raw<Design | null>(null);
  name = $state('');
  content = $state<DesignContent | null>(null);
  issues = $state.raw<DesignIssue[]>([]);
  loadError = $state<string | null>(null);
  validating = $state(false);
  validationFailed = $state(false);
  saving = $state(false);
  /** Someone saved this design since it was opened: saving again needs a choice. */
  conflict = $state(false);

  // What the preview shows and which panel is open: kept with the draft, so coming back finds them as they were.
  tab = $state<EditorTab>('general');
  side = $state<'front' | 'back'>('front');
  previewLocale = $state<Locale>(i18n.locale);
  previewTier = $state<string | null>(null);

  readonly contentJson = $derived(this.content ? stableJson(this.content) : '');
  readonly #savedJson = $derived(this.saved ? stableJson(this.saved.content) : '');
  readonly dirty = $derived(
    this.saved !== null && this.content !== null && (this.name !== this.saved.name || this.contentJson !== this.#savedJson),
  );
  readonly errors = $derived(this.issues.filter((issue) => issue.severity === 'error'));
  readonly warnings = $derived(this.issues.filter((issue) => issue.severity === 'warning'));

  #validatedJson = '';
  #validation: AbortController | null = null;
  #loading: AbortController | null = null;

  constructor(id: number) {
    this.id = id;
  }

  /** The draft for the panels, which only exist once it is loaded (they bind to it: `bind:content={editor.draft}`). */
  get draft(): DesignContent {
    if (!this.content) throw new Error(`Design ${this.id} is not loaded yet`);
    return this.content;
  }

  set draft(content: DesignContent) {
    this.content = content;
  }

  load = async (): Promise<void> => {
    this.#loading?.abort();
    const controller = new AbortController();
    this.#loading = controller;
    this.loadError = null;
    try {
      const { design, issues } = await api.getDesign(this.id, controller.signal);
      if (controller.signal.aborted) return;
      this.#adopt(design, issues);
    } catch (error) {
      if (!controller.signal.aborted) this.loadError = handleError(error, { toast: false });
    }
  };

  /** Called whenever the draft changed: asks the server to validate it once typing pauses. */
  changed(json: string): void {
    if (!json || json === this.#validatedJson) return;
    this.#scheduleValidation();
  }

  #scheduleValidation = debounce(() => void this.validate(), VALIDATE_AFTER_MS);

  validate = async (): Promise<void> => {
    if (!this.content) return;
    this.#validation?.abort();
    const controller = new AbortController();
    this.#validation = controller;
    const json = this.contentJson;
    this.validating = true;
    try {
      const { issues } = await api.validateDesign(this.id, $state.snapshot(this.content), controller.signal);
      if (controller.signal.aborted) return;
      this.issues = issues;
      this.#validatedJson = json;
      this.validationFailed = false;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.validationFailed = handleError(error, { toast: false }) !== null;
    } finally {
      if (this.#validation === controller) {
        this.validating = false;
        this.#validation = null;
      }
    }
  };

  save = async (): Promise<SaveOutcome> => {
    if (!this.content || !this.saved || this.saving) return 'failed';
    this.#scheduleValidation.cancel();
    this.saving = true;
    const sent = $state.snapshot(this.content);
    const sentJson = this.contentJson;
    try {
      const { design, issues } = await api.saveDesign(this.id, {
        name: this.name.trim(),
        content: sent,
        version: this.saved.version,
      });
      // The draft becomes the server's copy, unless the user typed on while it was saving.
      if (this.contentJson === sentJson) this.#adopt(design, issues);
      else this.saved = design;
      this.conflict = false;
      return 'saved';
    } catch (error) {
      if (isApiError(error) && error.code === 'VERSION_CONFLICT') {
        this.conflict = true;
        return 'conflict';
      }
      if (isApiError(error) && error.code === 'DESIGN_INVALID') {
        this.issues = issuesOf(error.body);
        this.#validatedJson = sentJson;
        return 'invalid';
      }
      handleError(error);
      return 'failed';
    } finally {
      this.saving = false;
    }
  };

  /** After a conflict: keep this draft and save it over the other version. */
  saveOverTheirs = async (): Promise<SaveOutcome> => {
    try {
      const { design } = await api.getDesign(this.id);
      this.saved = design;
      this.conflict = false;
    } catch (error) {
      handleError(error);
      return 'failed';
    }
    return this.save();
  };

  /** Drops the draft and loads the saved version (after a conflict, the other person's). */
  discard = async (): Promise<void> => {
    this.conflict = false;
    await this.load();
  };

  #adopt(design: Design, issues: DesignIssue[]): void {
    this.#scheduleValidation.cancel();
    this.#validation?.abort();
    this.saved = design;
    this.name = design.name;
    this.content = structuredClone(design.content);
    this.issues = issues;
    this.#validatedJson = stableJson(design.content);
    this.validationFailed = false;
  }

  dispose(): void {
    this.#scheduleValidation.cancel();
    this.#validation?.abort();
    this.#loading?.abort();
  }
}

// An editor with unsaved changes stays open when the user leaves the page, so coming back finds the draft.
const open = new Map<number, DesignEditor>();

export function editorFor(id: number): DesignEditor {
  const existing = open.get(id);
  if (existing?.dirty) return existing;
  existing?.dispose();
  const editor = new DesignEditor(id);
  open.set(id, editor);
  void editor.load();
  return editor;
}

export function forgetEditor(id: number): void {
  open.get(id)?.dispose();
  open.delete(id);
}
