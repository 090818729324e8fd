/**
 * Check 2, overfit a tiny dataset: 8 training points, a roomy network, Adam; did the loss reach ~0?
 * It restarts the run with that setup, plays it, and follows its frames until a verdict.
 */
import { useEffect, useRef, useState } from 'react';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import { needsRestart, type RunConfig } from '../../model/config';
import { box, h3, muted } from './CheckParts';
import {
  OVERFIT_MAX_STEPS,
  OVERFIT_TARGET_LOSS,
  overfitOutcome,
  overfitPatch,
  overfitWords,
  type OverfitState,
} from './overfit';

export function OverfitSection({ store }: { store: StoreApi<AppState> }) {
  const [state, setState] = useState<OverfitState>({ status: 'idle' });
  const watching = state.status === 'starting' || state.status === 'running';
  const applied = useRef<RunConfig | null>(null);
  const datasetBefore = useRef<AppState['dataset']>(null);

  const start = (): void => {
    const s = store.getState();
    const before = s.config;
    datasetBefore.current = s.dataset;
    s.setConfig(overfitPatch(before));
    const after = store.getState().config;
    // Same settings as now: restart anyway, so the count starts from step 0.
    if (!needsRestart(before, after)) store.getState().reset();
    applied.current = after;
    if (typeof s.speed === 'number' && s.speed < 300) store.getState().setSpeed('max');
    store.getState().play();
    setState({ status: 'starting' });
  };

  useEffect(() => {
    if (!watching) return;
    let started = state.status === 'running';
    const onState = (s: AppState): void => {
      const target = applied.current;
      if (target && needsRestart(target, s.config)) {
        setState({ status: 'cancelled', reason: 'the network or data settings changed.' });
        return;
      }
      // The first frame of the restarted run brings its new dataset; frames before it are the old run's.
      if (!started) {
        if (s.dataset === datasetBefore.current || !s.frame) return;
        started = true;
      }
      const frame = s.frame;
      if (!frame) return;
      const next = overfitOutcome(frame);
      if (next.status !== 'running') s.pause();
      setState((prev) =>
        prev.status === 'running' && next.status === 'running' && prev.step === next.step ? prev : next,
      );
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.frame !== prev.frame || s.config !== prev.config || s.dataset !== prev.dataset) onState(s);
    });
    return unsubscribe;
  }, [store, watching, state.status]);

  return (
    <section style={box} aria-labelledby="check-overfit-h">
      <h3 id="check-overfit-h" style={h3}>
        2. Overfit a tiny dataset
      </h3>
      <p style={muted}>
        A network that cannot memorize 8 points has a bug. This keeps your dataset but uses 8 training points,
        two hidden layers of 16, Adam and full batch, trains, and reports whether the training loss reaches
        about 0 (below {OVERFIT_TARGET_LOSS}) within {OVERFIT_MAX_STEPS} steps. It restarts the run.
      </p>
      <button type="button" onClick={start} disabled={watching}>
        Overfit 8 points
      </button>
      <p aria-live="polite">{overfitWords(state)}</p>
    </section>
  );
}
