/**
 * The header: title, the presets menu (each preset a real link, applied in place on click) and the
 * share button, which copies a link to the current settings and playback position.
 */
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { AppState } from '../store/types';
import { needsRestart } from '../model/config';
import { PRESETS, presetHash, type Preset } from './presets';
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

export function PresetsMenu({ store }: { store: StoreApi<AppState> }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const close = (): void => {
    if (ref.current) ref.current.open = false;
  };
  // Escape closes the menu and returns focus to its button.
  useEffect(() => {
    const details = ref.current;
    if (!details) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && details.open) {
        details.open = false;
        details.querySelector('summary')?.focus();
      }
    };
    details.addEventListener('keydown', onKey);
    return () => details.removeEventListener('keydown', onKey);
  }, []);
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
      </ul>
    </details>
  );
}

/**
 * Copies the link; without clipboard access it shows the link to copy by hand. Beside it, before
 * anything is copied, a line says what the link replays beyond the settings, or that the run is
 * too big for a link.
 */
export function ShareButton({ store }: { store: StoreApi<AppState> }) {
  const [result, setResult] = useState<{ ok: boolean; url: string } | null>(null);
  // Only what changes the summary: the timeline and the own points (not every step).
  const events = useStore(store, (s) => s.events);
  const customData = useStore(store, (s) => s.customData);
  const summary = useMemo(
    () => shareLinkOf({ ...store.getState(), events, customData }, window.location.href),
    [store, events, customData],
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
        title="Copy a link to these settings and this step"
      >
        Copy link
      </button>
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
