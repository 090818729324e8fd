/**
 * "Learning rate": a free number (any value in LIMITS, validated) and a log slider over 1e-5 … 10.
 * A live setting: it goes to setTraining and never restarts the run. While the slider is dragged
 * only the preview moves; the value is applied on release (one timeline event, not fifty).
 */
import { useState } from 'react';
import { LIMITS } from '../../model/config';
import { inputNumber, roundSignificant } from '../../model/format';
import { NumberField } from './fields';

export const SLIDER_LOG_MIN = -5;
export const SLIDER_LOG_MAX = 1;

/** Slider position (log10) → a learning rate with two significant digits (0.03, 0.0031, 3). */
export function learningRateFromSlider(position: number): number {
  const clamped = Math.min(SLIDER_LOG_MAX, Math.max(SLIDER_LOG_MIN, position));
  return roundSignificant(10 ** clamped, 2);
}

export function sliderFromLearningRate(lr: number): number {
  if (!(lr > 0)) return SLIDER_LOG_MIN;
  return Math.min(SLIDER_LOG_MAX, Math.max(SLIDER_LOG_MIN, Math.log10(lr)));
}

export function LearningRate({ value, onCommit }: { value: number; onCommit(value: number): void }) {
  const [preview, setPreview] = useState<number | null>(null);
  const shown = preview ?? value;
  const apply = (lr: number): void => {
    setPreview(null);
    if (lr !== value) onCommit(lr);
  };
  return (
    <NumberField
      label="Learning rate"
      value={value}
      min={LIMITS.learningRate.min}
      max={LIMITS.learningRate.max}
      onCommit={onCommit}
      hint={`${inputNumber(LIMITS.learningRate.min)} … ${inputNumber(LIMITS.learningRate.max)}; slider on a log scale`}
      className="field-learning-rate"
    >
      <input
        type="range"
        className="log-slider"
        aria-label="Learning rate slider (log scale)"
        aria-valuetext={inputNumber(shown)}
        min={SLIDER_LOG_MIN}
        max={SLIDER_LOG_MAX}
        step={0.01}
        value={sliderFromLearningRate(shown)}
        onPointerDown={() => setPreview(value)}
        onChange={(e) => {
          const lr = learningRateFromSlider(Number(e.target.value));
          // A drag previews; keys and clicks without a drag apply at once.
          if (preview !== null) setPreview(lr);
          else apply(lr);
        }}
        onPointerUp={() => {
          if (preview !== null) apply(preview);
        }}
        onPointerCancel={() => setPreview(null)}
        onBlur={() => {
          if (preview !== null) apply(preview);
        }}
      />
    </NumberField>
  );
}
