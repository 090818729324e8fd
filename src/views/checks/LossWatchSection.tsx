/**
 * Check 3, the loss watch: divergence (the worker pauses itself) or a sustained rise above the best
 * loss so far (this section pauses): says what happened and offers a rewind and a lower learning rate.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import { formatValue } from '../inspector/inspectorModel';
import { box, h3, muted } from './CheckParts';
import { detectLossRise } from './lossWatch';

export function LossWatchSection({ store }: { store: StoreApi<AppState> }) {
  const diverged = useStore(store, (s) => s.diverged);
  const learningRate = useStore(store, (s) => s.config.learningRate);
  const history = useStore(store, (s) => s.history);
  const rise = useMemo(() => detectLossRise(history.evalSteps, history.trainLoss), [history]);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const pausedFor = useRef<number | null>(null);
  const activeRise = rise && rise.bestStep !== dismissed ? rise : null;

  useEffect(() => {
    // Pause once per episode, so the learner sees the explanation before the run wanders further.
    if (activeRise && pausedFor.current !== activeRise.bestStep) {
      pausedFor.current = activeRise.bestStep;
      if (store.getState().playing) store.getState().pause();
    }
  }, [store, activeRise]);

  const lower = (): void => store.getState().setTraining({ learningRate: learningRate / 10 });

  return (
    <section style={box} aria-labelledby="check-loss-h">
      <h3 id="check-loss-h" style={h3}>
        3. Loss watch
      </h3>
      {diverged ? (
        <div role="alert">
          <p>
            <strong>
              Loss exploded at step {diverged.step} with learning rate {formatValue(learningRate)}: try a
              lower learning rate.
            </strong>{' '}
            {diverged.reason}
          </p>
          <button type="button" onClick={() => store.getState().rewind()}>
            Rewind to step {diverged.lastGoodStep}
          </button>{' '}
          <button type="button" onClick={lower}>
            Lower learning rate ÷10
          </button>
        </div>
      ) : activeRise ? (
        <div role="alert">
          <p>
            <strong>
              The loss rose from {formatValue(activeRise.bestLoss)} (step {activeRise.bestStep}) to{' '}
              {formatValue(activeRise.currentLoss)} and has stayed up since step {activeRise.sinceStep}, with
              learning rate {formatValue(learningRate)}: try a lower learning rate.
            </strong>{' '}
            Paused so you can look.
          </p>
          <button type="button" onClick={() => store.getState().seek(activeRise.bestStep)}>
            Rewind to step {activeRise.bestStep}
          </button>{' '}
          <button type="button" onClick={lower}>
            Lower learning rate ÷10
          </button>{' '}
          <button type="button" onClick={() => setDismissed(activeRise.bestStep)}>
            Dismiss
          </button>
        </div>
      ) : (
        <p style={muted}>
          Watching the loss: a loss that is no longer a finite number, or a sustained rise well above the best
          loss so far, pauses the run here with an explanation and a way back.
        </p>
      )}
    </section>
  );
}
