/**
 * The practical checks (content of the "Checks" region), the seed article's four, live:
 *   1. Gradient check (GradientCheckSection): finite differences against backprop, per layer.
 *   2. Overfit a tiny dataset (OverfitSection): can the network memorize 8 points?
 *   3. Loss watch (LossWatchSection): divergence or a sustained rise, with a way back.
 *   4. Saturation watch (SaturationSection): per-layer histograms, saturation, gradient norms.
 *
 * Each check's judgements (verdicts, thresholds, the words they produce) are pure modules beside it
 * (verdict.ts, overfit.ts, saturation.ts, normHistory.ts); the components lay them out.
 */
import { useRef } from 'react';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import { useThrottledFrame } from '../inspector/useThrottledFrame';
import { GradientCheckSection } from './GradientCheckSection';
import { LossWatchSection } from './LossWatchSection';
import { OverfitSection } from './OverfitSection';
import { SaturationSection } from './SaturationSection';

export interface ChecksPanelProps {
  store: StoreApi<AppState>;
}

export function ChecksPanel({ store }: ChecksPanelProps) {
  // Only the saturation watch shows per-frame numbers; the other checks follow coarse store state.
  // Below the fold on most screens: while playing it waits there (see useThrottledFrame).
  const rootRef = useRef<HTMLDivElement>(null);
  const frame = useThrottledFrame(store, 500, rootRef);
  return (
    <div className="checks" ref={rootRef}>
      <GradientCheckSection store={store} />
      <OverfitSection store={store} />
      <LossWatchSection store={store} />
      <SaturationSection store={store} frame={frame} />
    </div>
  );
}
