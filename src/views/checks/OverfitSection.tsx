/**
 * Check 2, overfit a tiny dataset: 8 training points, a roomy network, Adam; did the loss reach ~0?
 * It restarts the run with that setup, plays it, and follows its frames and loss history until a
 * verdict: the first step the loss went below the target (from the loss history, every step, not the
 * step of the frame that happened to show it). Then it puts the learner's own settings back (config,
 * custom data, or the model file the run came from) and says so; cancelling does the same.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import { needsRestart, type RunConfig } from '../../model/config';
import { CheckSection, muted } from './CheckParts';
import {
  OVERFIT_MAX_STEPS,
  OVERFIT_TARGET_LOSS,
  overfitDataWords,
  overfitOutcome,
  overfitPatch,
  overfitWords,
  tinyOwnData,
  type OverfitState,
} from './overfit';

/** What the learner had before the check: put back when it ends. */
interface SavedSetup {
  config: RunConfig;
  customData: AppState['customData'];
  /** The model file the run came from, when it did (restored by importing it again). */
  modelText: string | null;
}

function saveSetup(s: AppState): SavedSetup {
  return {
    config: s.config,
    customData: s.customData,
    modelText: s.dataset?.model ? s.modelText : null,
  };
}

/** Puts the learner's settings back: one restart with their config and data (or their model file). */
function restoreSetup(store: StoreApi<AppState>, saved: SavedSetup): void {
  const s = store.getState();
  s.pause();
  // First the learner's own points (the check may have cut them to 16), also under a model file.
  if (s.customData !== saved.customData) store.setState({ customData: saved.customData });
  if (saved.modelText !== null) {
    s.importModel(saved.modelText);
    return;
  }
  const before = store.getState().config;
  store.getState().setConfig(saved.config);
  if (!needsRestart(before, store.getState().config)) store.getState().reset();
}

export function OverfitSection({ store }: { store: StoreApi<AppState> }) {
  const [state, setState] = useState<OverfitState>({ status: 'idle' });
  const watching = state.status === 'starting' || state.status === 'running';
  const applied = useRef<RunConfig | null>(null);
  const datasetBefore = useRef<AppState['dataset']>(null);
  const saved = useRef<SavedSetup | null>(null);
  const dataWords = useStore(store, (s) => overfitDataWords(s.config, s.customData, s.dataset));

  const start = (): void => {
    const s = store.getState();
    const before = s.config;
    saved.current = saveSetup(s);
    datasetBefore.current = s.dataset;
    // Own points are cut to 16 here (the restart below trains on them); a generated set by datasetSize.
    const tiny = tinyOwnData(s.customData, s.dataset);
    if (tiny) store.setState({ customData: tiny });
    s.setConfig(overfitPatch(before));
    const after = store.getState().config;
    // Same settings as now: restart anyway, so the count starts from step 0.
    if (!needsRestart(before, after)) {
      if (tiny) store.getState().setCustomData(tiny);
      else store.getState().reset();
    }
    applied.current = after;
    if (typeof s.speed === 'number' && s.speed < 300) store.getState().setSpeed('max');
    store.getState().play();
    setState({ status: 'starting' });
  };

  /** Ends the check and puts the learner's settings back (once). */
  const finish = useCallback(
    (end: Exclude<OverfitState, { status: 'idle' | 'starting' | 'running' }>): void => {
      applied.current = null;
      const setup = saved.current;
      saved.current = null;
      if (setup) restoreSetup(store, setup);
      setState({ ...end, restore: setup ? 'restored' : undefined });
    },
    [store],
  );

  const cancel = (): void => finish({ status: 'cancelled', reason: 'you cancelled the check.' });

  const restoreOffered = (): void => {
    const setup = saved.current;
    saved.current = null;
    if (setup) restoreSetup(store, setup);
    setState({ status: 'cancelled', reason: 'the network or data settings changed.', restore: 'restored' });
  };

  useEffect(() => {
    if (!watching) return;
    let started = state.status === 'running';
    let ended = false;
    const onState = (s: AppState): void => {
      if (ended) return;
      const target = applied.current;
      if (target && needsRestart(target, s.config)) {
        // The learner chose other settings: keep them, and offer the old ones back.
        ended = true;
        applied.current = null;
        setState({
          status: 'cancelled',
          reason: 'the network or data settings changed.',
          restore: 'offered',
        });
        return;
      }
      // The first frame of the restarted run brings its new dataset; frames before it are the old run's.
      if (!started) {
        if (s.dataset === datasetBefore.current || !s.frame) return;
        started = true;
      }
      const frame = s.frame;
      if (!frame) return;
      const next = overfitOutcome(frame, s.history);
      if (next.status === 'reached' || next.status === 'failed') {
        ended = true;
        finish(next);
        return;
      }
      if (next.status !== 'running') return;
      setState((prev) => (prev.status === 'running' && prev.step === next.step ? prev : next));
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.frame !== prev.frame || s.config !== prev.config || s.dataset !== prev.dataset) onState(s);
    });
    return unsubscribe;
  }, [store, watching, state.status, finish]);

  return (
    <CheckSection headingId="check-overfit-h" title="2. Overfit a tiny dataset">
      <p style={muted}>
        A network that cannot memorize 8 points has a bug. {dataWords}, two hidden layers of 16, Adam and full
        batch, trains, and reports whether the training loss reaches about 0 (below {OVERFIT_TARGET_LOSS})
        within {OVERFIT_MAX_STEPS} steps, and the first step it did. It restarts the run; when it ends (or you
        cancel it), your own settings are put back and the run restarts with them.
      </p>
      <button type="button" onClick={start} disabled={watching}>
        Overfit 8 points
      </button>
      {watching && (
        <button type="button" onClick={cancel}>
          Cancel and restore my settings
        </button>
      )}
      {state.status === 'cancelled' && state.restore === 'offered' && (
        <button type="button" onClick={restoreOffered}>
          Restore my settings
        </button>
      )}
      <p aria-live="polite">{overfitWords(state)}</p>
    </CheckSection>
  );
}
