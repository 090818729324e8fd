/**
 * Check 3, the loss watch. The watching is done in the worker, which sees every step
 * (src/worker/diagnosis.ts): a loss that is no longer finite (divergence), a sustained rise above the
 * best loss, a loss worse than a constant guess, swings without progress, or ReLU layers switched
 * off. Either pauses the run and shows the page's one alert banner at the top; this section says what
 * is watched and, in plain text, what the banner last said.
 */
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../../store/types';
import { CheckSection, muted } from './CheckParts';

export function LossWatchSection({ store }: { store: StoreApi<AppState> }) {
  const { diverged, diagnosis } = useStore(
    store,
    useShallow((s: AppState) => ({ diverged: s.diverged, diagnosis: s.diagnosis })),
  );
  return (
    <CheckSection headingId="check-loss-h" title="3. Loss watch">
      <p style={muted}>
        Every training step is watched, whatever the playback speed. The run pauses, with an explanation at
        the top of the page, when the loss is no longer a finite number; when it stays at 3× its best (or its
        value at the start) or more for 50 steps; when for 200 steps it does worse than a constant guess or
        swings without a new best; when half or more of a ReLU layer's units die and stay dead; or when ReLU
        units die and every weight gradient is exactly 0.
      </p>
      {diverged ? (
        <p>
          <strong>Paused: the run diverged at step {diverged.step}</strong> (see the banner at the top).
        </p>
      ) : diagnosis ? (
        <p>
          <strong>Paused at step {diagnosis.step}: the learning rate is probably too high</strong> (see the
          banner at the top).
        </p>
      ) : (
        <p style={muted}>Nothing found so far.</p>
      )}
    </CheckSection>
  );
}
