/**
 * The key to every visual encoding of the network graph, next to it: edge colour (sign) and thickness
 * (size), what edges show in each phase (W, dW, ΔW), the neuron maps and their colour scale, the bias
 * marks, the class colours, and the chain rule's marks. Swatches are drawn from the same colour tables and width range the
 * views use, so the key cannot drift from what it explains.
 */
import type { ReactNode } from 'react';
import { EDGE_MAX_WIDTH_PX, EDGE_MIN_WIDTH_PX } from '../network/layout';
import { classLabel } from './classLabel';
import { CLASS_COLORS, CLASS_COLOR_NAMES, DIVERGING_STOPS, divergingColor, type Theme } from './colors';
import { useTheme } from './useTheme';
import './encodingKey.css';

const SWATCH_W = 36;
const SWATCH_H = 14;

function Swatch({ children }: { children: ReactNode }) {
  return (
    <svg
      className="key-swatch"
      width={SWATCH_W}
      height={SWATCH_H}
      viewBox={`0 0 ${SWATCH_W} ${SWATCH_H}`}
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

/** Two edge strokes side by side, left and right half of the swatch. */
function EdgePair({ left, right }: { left: EdgeStroke; right: EdgeStroke }) {
  return (
    <Swatch>
      {[left, right].map(({ color, width }, i) => (
        <line
          key={i}
          x1={i === 0 ? 1 : 20}
          x2={i === 0 ? 16 : 35}
          y1={SWATCH_H / 2}
          y2={SWATCH_H / 2}
          stroke={color}
          strokeWidth={width}
        />
      ))}
    </Swatch>
  );
}

interface EdgeStroke {
  color: string;
  width: number;
}

function EdgeSign({ theme }: { theme: Theme }) {
  const width = EDGE_MAX_WIDTH_PX / 2;
  return (
    <EdgePair
      left={{ color: divergingColor(-1, 1, theme), width }}
      right={{ color: divergingColor(1, 1, theme), width }}
    />
  );
}

function EdgeSize({ theme }: { theme: Theme }) {
  const color = divergingColor(1, 1, theme);
  return (
    <EdgePair left={{ color, width: EDGE_MIN_WIDTH_PX * 2 }} right={{ color, width: EDGE_MAX_WIDTH_PX }} />
  );
}

/** The diverging scale as a ramp, as the neuron maps paint it (orange low, neutral middle, blue high). */
function Ramp({ theme, id }: { theme: Theme; id: string }) {
  const stops = DIVERGING_STOPS[theme];
  return (
    <Swatch>
      <defs>
        <linearGradient id={id}>
          {stops.map((c, i) => (
            <stop key={i} offset={i / (stops.length - 1)} stopColor={c} />
          ))}
        </linearGradient>
      </defs>
      <rect
        x={0.5}
        y={0.5}
        width={SWATCH_W - 1}
        height={SWATCH_H - 1}
        rx={2}
        fill={`url(#${id})`}
        className="key-outline"
      />
    </Swatch>
  );
}

/**
 * The bias mark as the graph should draw it: a small filled diamond in the bias's colour, outlined,
 * so it reads as a value and not as an unchecked checkbox (the request to the network view).
 */
function BiasMark({ theme }: { theme: Theme }) {
  const r = 5;
  const diamond = (cx: number): string =>
    `M${cx},${SWATCH_H / 2 - r} L${cx + r},${SWATCH_H / 2} L${cx},${SWATCH_H / 2 + r} L${cx - r},${SWATCH_H / 2} Z`;
  return (
    <Swatch>
      <path d={diamond(9)} fill={divergingColor(-1, 1, theme)} className="key-outline" />
      <path d={diamond(27)} fill={divergingColor(1, 1, theme)} className="key-outline" />
    </Swatch>
  );
}

function Classes() {
  return (
    <Swatch>
      <circle cx={9} cy={SWATCH_H / 2} r={4.5} fill={CLASS_COLORS[0]} className="key-outline" />
      <circle cx={27} cy={SWATCH_H / 2} r={4.5} fill={CLASS_COLORS[1]} className="key-outline" />
    </Swatch>
  );
}

/** The chain rule's marks as views.css draws them: a halo under an edge, a dashed ring round a neuron. */
function ChainMarks({ theme }: { theme: Theme }) {
  const y = SWATCH_H / 2;
  return (
    <Swatch>
      <line x1={4} x2={16} y1={y} y2={y} className="key-chain-halo" />
      <line x1={4} x2={16} y1={y} y2={y} stroke={divergingColor(1, 1, theme)} strokeWidth={1.5} />
      <rect x={24.5} y={2} width={10} height={10} rx={1} className="key-chain-ring" />
    </Swatch>
  );
}

export interface EncodingKeyProps {
  /** Unique per page: the ramp's gradient id is derived from it. */
  idPrefix?: string;
  /** Whether the key starts unfolded (default true). */
  defaultOpen?: boolean;
}

export function EncodingKey({ idPrefix = 'encoding-key', defaultOpen = true }: EncodingKeyProps) {
  const theme = useTheme();
  return (
    <details className="encoding-key" open={defaultOpen}>
      <summary>Key: what the colours and marks mean</summary>
      <dl>
        <div className="key-row">
          <dt>
            <EdgeSign theme={theme} />
            Edge colour
          </dt>
          <dd>the sign: orange negative, blue positive</dd>
        </div>
        <div className="key-row">
          <dt>
            <EdgeSize theme={theme} />
            Edge thickness
          </dt>
          <dd>the size |value|, relative to the largest in view</dd>
        </div>
        <div className="key-row">
          <dt>
            <span className="key-text-swatch" aria-hidden="true">
              W · dW
            </span>
            Edges show
          </dt>
          <dd>
            the weights W in forward phases, the gradients dW in backward phases, the change ΔW in the update
            phase
          </dd>
        </div>
        <div className="key-row">
          <dt>
            <Ramp theme={theme} id={`${idPrefix}-ramp`} />
            Neuron map
          </dt>
          <dd>
            the neuron&apos;s output over the input plane (x₁ across, x₂ up): orange below the
            activation&apos;s midpoint (0 for tanh), pale at it, blue above
          </dd>
        </div>
        <div className="key-row">
          <dt>
            <BiasMark theme={theme} />
            Bias
          </dt>
          <dd>the mark beside a neuron: its bias b, coloured like an edge (db in backward phases)</dd>
        </div>
        <div className="key-row">
          <dt>
            <Classes />
            Classes
          </dt>
          <dd>
            {classLabel(0)} {CLASS_COLOR_NAMES[0]}, {classLabel(1)} {CLASS_COLOR_NAMES[1]} (the data&apos;s
            labels 0 and 1), never the sign colours; the boundary&apos;s background is the predicted class,
            paler where the network is less sure
          </dd>
        </div>
        <div className="key-row">
          <dt>
            <ChainMarks theme={theme} />
            Chain rule
          </dt>
          <dd>
            at the loss and in backward phases: a halo under the weight the inspector&apos;s Chain rule works
            out (fainter under the weights after it), a dashed ring round each neuron on its path to the
            output
          </dd>
        </div>
      </dl>
    </details>
  );
}
