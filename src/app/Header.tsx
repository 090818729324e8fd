/**
 * The header: title, the presets menu (each preset a real link, applied in place on click; a model
 * preset imports its file), the model files (export, import, NumPy code) and the share button,
 * which copies a link to the current settings and playback position.
 */
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type MouseEvent,
  type RefObject,
} from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { AppState } from '../store/types';
import { needsRestart } from '../model/config';
import { MAX_MODEL_FILE_CHARS } from '../model/files/limits';
import { downloadText, readFileText } from '../views/shared/download';
import { MODEL_PRESETS, PRESETS, presetHash, type ModelPreset, type Preset } from './presets';
import { applyUrlState, shareLinkOf } from './useUrlSync';
import { parseHash } from './urlState';

/** Applies a preset as if its link were opened: generated data, its config, a fresh run. */
export function applyPreset(store: StoreApi<AppState>, preset: Preset): void {
  // Dropping custom data here restarts nothing: the one restart below uses the generated data.
  if (store.getState().customData !== null) store.setState({ customData: null });
  const restarts = needsRestart(store.getState().config, preset.config);
  applyUrlState(store, parseHash(presetHash(preset)));
  // Same data and network: still start over, as opening the link would.
  if (!restarts) store.getState().reset();
}

/** A model preset is a model file shipped with the app: choosing it imports that file. */
export function applyModelPreset(store: StoreApi<AppState>, preset: ModelPreset): void {
  if (store.getState().customData !== null) store.setState({ customData: null });
  store.getState().importModel(JSON.stringify(preset.model));
}

/**
 * A <details> menu closes on Escape (focus back on its button) and on a click or tap outside it (a
 * phone has no Escape key, and its menu covers part of the page).
 */
function useDismissableMenu(ref: RefObject<HTMLDetailsElement | null>): void {
  useEffect(() => {
    const details = ref.current;
    if (!details) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && details.open) {
        details.open = false;
        details.querySelector('summary')?.focus();
      }
    };
    const onPointerDown = (e: PointerEvent): void => {
      if (details.open && e.target instanceof Node && !details.contains(e.target)) details.open = false;
    };
    details.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      details.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [ref]);
}

export function PresetsMenu({ store }: { store: StoreApi<AppState> }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const close = (): void => {
    if (ref.current) ref.current.open = false;
  };
  useDismissableMenu(ref);
  const onPick = (event: MouseEvent<HTMLAnchorElement>, preset: Preset): void => {
    // Ctrl/⌘/middle click opens the link in a new tab as usual.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    applyPreset(store, preset);
    close();
  };
  return (
    <details className="menu presets" ref={ref}>
      <summary>Presets</summary>
      <ul className="menu-list">
        {PRESETS.map((p) => (
          <li key={p.id}>
            <a href={presetHash(p)} onClick={(e) => onPick(e, p)}>
              <span className="menu-title">{p.title}</span>
              <span className="menu-description">{p.description}</span>
            </a>
          </li>
        ))}
        {MODEL_PRESETS.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="menu-item"
              onClick={() => {
                applyModelPreset(store, p);
                close();
              }}
            >
              <span className="menu-title">{p.title}</span>
              <span className="menu-description">{p.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** What the link and the NumPy file are, said beside them in the phone menu (a phone has no hover). */
const SHARE_HINT = 'Copy a link to these settings and this step';
const NUMPY_HINT = 'A Python file that trains the next 100 steps from here and prints their losses';

/**
 * Copies the link; without clipboard access it shows the link to copy by hand. Beside it, before
 * anything is copied, a line says what the link replays beyond the settings, or that the run is
 * too big for a link.
 */
export function ShareButton({ store, describe = false }: { store: StoreApi<AppState>; describe?: boolean }) {
  const hintId = useId();
  const [result, setResult] = useState<{ ok: boolean; url: string } | null>(null);
  // Only what changes the summary: the timeline, the own points and the run's data (not every step).
  const events = useStore(store, (s) => s.events);
  const customData = useStore(store, (s) => s.customData);
  const dataset = useStore(store, (s) => s.dataset);
  const summary = useMemo(
    () => shareLinkOf({ ...store.getState(), events, customData, dataset }, window.location.href),
    [store, events, customData, dataset],
  );
  useEffect(() => {
    if (!result?.ok) return;
    const timer = setTimeout(() => setResult(null), 3000);
    return () => clearTimeout(timer);
  }, [result]);
  const onClick = async (): Promise<void> => {
    const { url } = shareLinkOf(store.getState(), window.location.href);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setResult({ ok: true, url });
    } catch {
      setResult({ ok: false, url });
    }
  };
  return (
    <div className="share">
      <button
        type="button"
        onClick={() => void onClick()}
        title={SHARE_HINT}
        aria-describedby={describe ? hintId : undefined}
      >
        Copy link
      </button>
      {describe && (
        <span className="menu-description" id={hintId}>
          {SHARE_HINT}
        </span>
      )}
      <span aria-live="polite" className="share-result">
        {result?.ok && 'Link copied.'}
      </span>
      {summary.summary && (
        <span className={summary.faithful ? 'share-summary' : 'share-summary share-warning'}>
          {summary.summary}
        </span>
      )}
      {result && !result.ok && (
        <label className="share-fallback">
          Copy this link
          <input
            readOnly
            value={result.url}
            onFocus={(e) => e.currentTarget.select()}
            ref={(el) => el?.focus()}
          />
        </label>
      )}
    </div>
  );
}

/** The file name of an export: what it is and the step it stands at. */
function exportName(step: number, extension: string): string {
  return `backprop-lab-step-${step}.${extension}`;
}

/**
 * "Export model" (a .json model file that continues exactly), "Import model" (such a file; a
 * refused one is an error in the alert banner and changes nothing) and "Export NumPy code" (a .py
 * that trains the next 100 steps and prints the same losses the app computes).
 */
export function ModelFiles({ store, describe = false }: { store: StoreApi<AppState>; describe?: boolean }) {
  const id = useId();
  const hintId = useId();
  const [busy, setBusy] = useState(false);
  const exportAs = async (kind: 'model' | 'numpy'): Promise<void> => {
    setBusy(true);
    try {
      // The file reader and the NumPy writer load on first use (not part of the page's first paint).
      const [text, { parseModelFile }, { numpyCodeOf }] = await Promise.all([
        store.getState().exportModel(),
        import('../model/files/modelFile'),
        import('../model/files/numpyExport'),
      ]);
      const parsed = parseModelFile(text);
      if (!parsed.ok) throw new Error(`Export model: ${parsed.error}`);
      const step = parsed.model.step ?? 0;
      if (kind === 'model') downloadText(exportName(step, 'json'), text, 'application/json');
      else downloadText(exportName(step, 'py'), numpyCodeOf(parsed.model), 'text/x-python');
    } catch (err) {
      store.getState().setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    input.value = '';
    const { setError, importModel } = store.getState();
    // A file too big to be a model is refused unread (a UTF-8 character takes at least a byte).
    if (file.size > MAX_MODEL_FILE_CHARS) {
      const mb = (n: number): string => `${Math.round(n / 1e6)} MB`;
      setError(
        `Import model: ${file.name} is ${mb(file.size)}; model files are limited to ${mb(MAX_MODEL_FILE_CHARS)}.`,
      );
      return;
    }
    try {
      importModel(await readFileText(file));
    } catch (err) {
      setError(
        `Import model: ${file.name} could not be read (${err instanceof Error ? err.message : String(err)}).`,
      );
    }
  };
  return (
    <div className="model-files">
      <button type="button" disabled={busy} onClick={() => void exportAs('model')}>
        Export model
      </button>
      <label className="file-button" htmlFor={id}>
        Import model
      </label>
      <input
        id={id}
        className="visually-hidden-file"
        type="file"
        accept=".json,application/json"
        onChange={(e) => void onFile(e)}
      />
      <button
        type="button"
        disabled={busy}
        onClick={() => void exportAs('numpy')}
        title={NUMPY_HINT}
        aria-describedby={describe ? hintId : undefined}
      >
        Export NumPy code
      </button>
      {describe && (
        <span className="menu-description" id={hintId}>
          {NUMPY_HINT}
        </span>
      )}
    </div>
  );
}

/**
 * The phone header's menu for the model files and the link: the same buttons as the wide header's,
 * with what the NumPy file and the link are written under them.
 */
export function FilesMenu({ store }: { store: StoreApi<AppState> }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useDismissableMenu(ref);
  return (
    <details className="menu files-menu" ref={ref}>
      <summary>Files and link</summary>
      <div className="menu-list files-menu-list">
        <ModelFiles store={store} describe />
        <ShareButton store={store} describe />
      </div>
    </details>
  );
}
