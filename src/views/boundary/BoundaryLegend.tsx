/**
 * The colour legend under the plane: a swatch per class for a classifier (binary or k classes: the
 * regions are painted in the class colours), else the diverging ramp with what its ends and middle
 * mean (a regression value, or a neuron's − / +).
 */
import type { HoveredNode } from '../../store/types';
import { classColor, divergingColor } from '../shared/colors';
import { classTitle } from '../shared/classLabel';
import type { Theme } from '../shared/colors';
import type { OutputMode } from './boundaryPaint';

/** The ramp's stops on [−1, 1]. */
const STOPS = [-1, -0.5, 0, 0.5, 1];

/** The ramp's low, middle and high labels. */
export function rampLabels(mode: OutputMode, hoveredNode: HoveredNode | null): [string, string, string] {
  if (hoveredNode) return ['−', '0', '+'];
  if (mode.kind !== 'binary') return ['−1', '0', '1'];
  return mode.range[0] === 0 ? ['0 (class 0)', '0.5', '1 (class 1)'] : ['−1 (class 0)', '0', '1 (class 1)'];
}

export interface BoundaryLegendProps {
  mode: OutputMode;
  hoveredNode: HoveredNode | null;
  theme: Theme;
}

export function BoundaryLegend({ mode, hoveredNode, theme }: BoundaryLegendProps) {
  if (!hoveredNode && (mode.kind === 'multi' || mode.kind === 'binary')) {
    const classes = mode.kind === 'multi' ? mode.classes : 2;
    return (
      <ul className="db-legend-classes" aria-label="Colour legend">
        {Array.from({ length: classes }, (_, k) => (
          <li key={k}>
            <span className="db-swatch" style={{ background: classColor(k, 1, theme) }} aria-hidden="true" />
            {classTitle(k)}
          </li>
        ))}
        <li className="db-legend-note">paler = less confident</li>
      </ul>
    );
  }
  const [lo, mid, hi] = rampLabels(mode, hoveredNode);
  const gradientId = `db-legend-${theme}`;
  return (
    <figure className="db-legend" aria-label="Colour legend">
      <svg viewBox="0 0 200 10" preserveAspectRatio="none" aria-hidden="true">
        <defs>
          <linearGradient id={gradientId}>
            {STOPS.map((t) => (
              <stop key={t} offset={`${(t + 1) * 50}%`} stopColor={divergingColor(t, 1, theme)} />
            ))}
          </linearGradient>
        </defs>
        <rect width="200" height="10" fill={`url(#${gradientId})`} />
      </svg>
      <figcaption>
        <span>{lo}</span>
        <span>{mid}</span>
        <span>{hi}</span>
      </figcaption>
    </figure>
  );
}
