/**
 * The `role="status"` line: "Step 12", or while stepping "Step 12 · Backward · layer 2: dW2 = …"
 * (the inspector's narration, so a screen reader hears the phase and its equation).
 *
 * It subscribes to the store outside React and re-renders at most every `throttleMs`, so playing at
 * full speed does not re-render the page on every frame. While playing, the live region is turned
 * off: the counter would otherwise be read out several times a second.
 */
import { useEffect, useState } from 'react';
import type { StoreApi } from 'zustand';
import { selectOwnData } from '../store/selectors';
import type { AppState } from '../store/types';
import { layerShapesOf, narratePhase, narratedStep } from '../views/inspector/narration';
import { shortStatus } from '../model/phase';
import { subscribeThrottled } from '../views/shared/throttle';

export const STATUS_THROTTLE_MS = 150;

/** What the status line says for a store state. */
export function statusText(
  state: Pick<AppState, 'step' | 'phase' | 'frame' | 'config' | 'customData' | 'dataset'>,
): string {
  const { frame, phase } = state;
  if (phase.kind === 'ready') return `Step ${state.step}`;
  // The frame carries the batch (its size and step) the narration needs; without it, the short form.
  if (!frame || frame.phase.kind !== phase.kind) return shortStatus(state.step, phase);
  const n = frame.batch?.n ?? 1;
  return narratePhase(
    narratedStep(frame),
    frame.phase,
    layerShapesOf(state.config, n, { lossValue: frame.batch?.loss ?? null }, selectOwnData(state)),
  );
}

export function StatusLine({
  store,
  throttleMs = STATUS_THROTTLE_MS,
}: {
  store: StoreApi<AppState>;
  throttleMs?: number;
}) {
  const [text, setText] = useState(() => statusText(store.getState()));
  const [playing, setPlaying] = useState(() => store.getState().playing);

  useEffect(
    () =>
      subscribeThrottled(store, throttleMs, {
        changed: (state, prev) =>
          state.step !== prev.step ||
          state.phase !== prev.phase ||
          state.frame !== prev.frame ||
          state.playing !== prev.playing,
        // Stepping by hand (and play/pause) is answered at once; only fast changes are throttled.
        urgent: (state, prev) => state.playing !== prev.playing,
        flush: () => {
          const state = store.getState();
          setText(statusText(state));
          setPlaying(state.playing);
        },
      }),
    [store, throttleMs],
  );

  const colon = text.indexOf(': ');
  const head = colon < 0 ? text : text.slice(0, colon);
  const detail = colon < 0 ? '' : text.slice(colon);
  return (
    <p className="status" role="status" aria-live={playing ? 'off' : 'polite'}>
      <strong className="status-head">{head}</strong>
      {detail && <span className="status-detail">{detail}</span>}
    </p>
  );
}
