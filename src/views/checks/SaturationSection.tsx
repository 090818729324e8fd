/**
 * Check 4, the saturation watch: per layer, histograms of Z and A, % saturated / % dead, the gradient
 * norm per layer over time (log scale), and a warning in words when gradients vanish or explode.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import type { Frame } from '../../worker/protocol';
import { CheckSection, LayerKey, muted } from './CheckParts';
import { NormChart } from './NormChart';
import { recordNorms, type NormPoint } from './normHistory';
import { gradientWarning, layerActivations } from './saturation';
import { SaturationTable } from './SaturationTable';
import { VERDICT_STYLE } from './verdict';

export function SaturationSection({ store, frame }: { store: StoreApi<AppState>; frame: Frame | null }) {
  const config = useStore(store, (s) => s.config);
  const [points, setPoints] = useState<NormPoint[]>([]);
  const ring = useRef<NormPoint[]>([]);

  // Every frame's health goes into a small ring buffer (not only the throttled ones React renders).
  useEffect(() => {
    recordNorms(ring.current, store.getState().frame);
    return store.subscribe((s, prev) => {
      if (s.frame !== prev.frame) recordNorms(ring.current, s.frame);
    });
  }, [store]);
  useEffect(() => {
    setPoints(ring.current.slice());
  }, [frame]);

  const L = frame?.params.length ?? 0;
  const activations = layerActivations(config, L);
  const warning = frame ? gradientWarning(frame.health, config.activation) : null;

  return (
    <CheckSection headingId="check-sat-h" title="4. Saturation watch">
      <p style={muted}>
        Per layer: where the pre-activations Z and activations A of the current batch lie; on the whole
        training set, how many tanh/sigmoid units are saturated (|slope| ≈ 0 for at least 95 % of the
        examples) and how many ReLUs are dead (0 for every example); and each layer&apos;s gradient norm ‖dW‖.
      </p>
      {warning && (
        <p style={{ color: VERDICT_STYLE.suspicious.color, fontWeight: 600 }}>
          <span aria-hidden="true">⚠ </span>
          {warning.text}
        </p>
      )}
      {frame && L > 0 ? (
        <>
          <SaturationTable frame={frame} activations={activations} output={config.output} />
          <NormChart points={points} layers={L} />
          <p style={{ ...muted, fontSize: '0.8rem' }}>
            {Array.from({ length: L }, (_, l) => (
              <span key={l} style={{ marginRight: '0.75rem' }}>
                <LayerKey l={l} />
                layer {l + 1}
              </span>
            ))}
          </p>
        </>
      ) : (
        <p style={muted}>Waiting for the first batch.</p>
      )}
    </CheckSection>
  );
}
