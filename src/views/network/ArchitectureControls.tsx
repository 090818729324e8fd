/**
 * The graph's architecture controls, each a restart setting: + / − hidden layers (in the toolbar),
 * + / − neurons over each hidden layer's column, and the input feature checkboxes.
 */
import type { ReactNode } from 'react';
import { FEATURES } from '../../engine';
import type { FeatureId } from '../../engine';
import { LIMITS } from '../../model/config';
import { percentOf } from '../../model/format';
import { DRAWN_UNITS, GUTTER_LEFT } from './geometry';
import type { Geometry } from './geometry';

/** A new hidden layer gets Playground's two neurons. */
export const NEW_LAYER_UNITS = 2;

/** The size + makes a layer: one more up to the drawn limit, then doubling (up to the largest). */
export function addedUnits(units: number): number {
  return units < DRAWN_UNITS ? units + 1 : Math.min(LIMITS.units.max, units * 2);
}

/** The size − makes a layer: halving down to the drawn limit, then one fewer. */
export function removedUnits(units: number): number {
  return units > DRAWN_UNITS ? Math.max(DRAWN_UNITS, Math.floor(units / 2)) : units - 1;
}

/** The features in the UI's order with `id` switched on or off; null would leave none. */
export function toggledFeatures(
  features: readonly FeatureId[],
  id: FeatureId,
  on: boolean,
): FeatureId[] | null {
  const next = FEATURES.map((f) => f.id).filter((f) => (f === id ? on : features.includes(f)));
  return next.length > 0 ? next : null;
}

type SetHiddenLayers = (hiddenLayers: number[]) => void;

/** − n hidden layers +. */
export function HiddenLayerStepper({
  hiddenLayers,
  onChange,
}: {
  hiddenLayers: readonly number[];
  onChange: SetHiddenLayers;
}) {
  const count = hiddenLayers.length;
  const { min, max } = LIMITS.hiddenLayerCount;
  const remove = 'Remove a hidden layer (restarts training)';
  const add = 'Add a hidden layer (restarts training)';
  return (
    <span className="nn-toolbar-group" role="group" aria-label="Hidden layers">
      <StepButton label={remove} disabled={count <= min} onClick={() => onChange(hiddenLayers.slice(0, -1))}>
        −
      </StepButton>
      <span className="nn-count">
        {count} hidden {count === 1 ? 'layer' : 'layers'}
      </span>
      <StepButton
        label={add}
        disabled={count >= max}
        onClick={() => onChange([...hiddenLayers, NEW_LAYER_UNITS])}
      >
        +
      </StepButton>
    </span>
  );
}

/**
 * Narrowest room side by side: "+ n −" is about 64 CSS px wide (two 24 px buttons, WCAG 2.2's target
 * size, and the count), so columns closer than this stack it vertically instead of letting
 * neighbouring layers' buttons touch or overlap.
 */
export const SIDE_BY_SIDE_MIN_PX = 72;

/**
 * Whether the per-layer steppers must stack (+ over n over −): the closest two columns of the figure,
 * drawn `widthPx` CSS px wide, are nearer than SIDE_BY_SIDE_MIN_PX. Unknown width (0): side by side.
 */
export function steppersStack(geometry: Geometry, widthPx: number): boolean {
  const xs = geometry.layout.layers.map((layer) => layer.x);
  let closest = Infinity;
  for (let i = 1; i < xs.length; i++) closest = Math.min(closest, xs[i] - xs[i - 1]);
  return widthPx > 0 && (closest * widthPx) / geometry.width < SIDE_BY_SIDE_MIN_PX;
}

/** + n − over each hidden layer's column of the figure (stacked where the columns are close). */
export function NeuronSteppers({
  geometry,
  hiddenLayers,
  onChange,
  widthPx,
}: {
  geometry: Geometry;
  hiddenLayers: readonly number[];
  onChange: SetHiddenLayers;
  /** The figure's width in CSS px (0 before it is known). */
  widthPx: number;
}) {
  const { min, max } = LIMITS.units;
  const setUnits = (h: number, units: number): void =>
    onChange(hiddenLayers.map((u, i) => (i === h ? units : u)));
  return (
    <div
      className="nn-columns"
      data-stacked={steppersStack(geometry, widthPx) ? '' : undefined}
      style={{ position: 'relative' }}
    >
      {hiddenLayers.map((units, h) => {
        const x = geometry.layout.layers[h + 1]?.x ?? 0;
        const add = `Add a neuron to layer ${h + 1} (restarts training)`;
        const remove = `Remove a neuron from layer ${h + 1} (restarts training)`;
        return (
          <span
            key={h}
            className="nn-column-controls"
            role="group"
            aria-label={`Layer ${h + 1}`}
            style={{ left: percentOf(x + GUTTER_LEFT, geometry.width) }}
          >
            <StepButton label={add} disabled={units >= max} onClick={() => setUnits(h, addedUnits(units))}>
              +
            </StepButton>
            <span className="nn-count">{units}</span>
            <StepButton
              label={remove}
              disabled={units <= min}
              onClick={() => setUnits(h, removedUnits(units))}
            >
              −
            </StepButton>
          </span>
        );
      })}
    </div>
  );
}

/** One checkbox per input feature; the last one on cannot be switched off. */
export function FeatureToggles({
  features,
  onChange,
}: {
  features: readonly FeatureId[];
  onChange: (features: FeatureId[]) => void;
}) {
  return (
    <fieldset className="nn-features">
      <legend>Input features (changing them restarts training)</legend>
      {FEATURES.map((f) => {
        const on = features.includes(f.id);
        return (
          <label key={f.id} className="nn-feature">
            <input
              type="checkbox"
              checked={on}
              disabled={on && features.length === 1}
              onChange={(e) => {
                const next = toggledFeatures(features, f.id, e.target.checked);
                if (next) onChange(next);
              }}
            />
            {f.label}
          </label>
        );
      })}
    </fieldset>
  );
}

/** A − or + beside a count: named (and titled) by what it does. */
function StepButton({
  label,
  disabled,
  onClick,
  children,
}: {
  label: string;
  disabled: boolean;
  onClick(): void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="nn-step"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
