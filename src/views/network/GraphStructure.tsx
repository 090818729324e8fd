/**
 * What React renders of the graph for one structure: the SVG (edges with their hit paths, nodes,
 * biases, labels) and the canvases over it (edge strips for big networks, one neuron map per node).
 * Each element carries the data attributes the renderer finds it by; the renderer draws on them.
 */
import { memo } from 'react';
import { FEATURE_BY_ID } from '../../engine';
import type { FeatureId } from '../../engine';
import { outputMark } from './descriptions';
import { percentOf } from '../../model/format';
import { GUTTER_LEFT, edgeLayerBox, nodeValueText } from './geometry';
import type { Geometry } from './geometry';

interface StructureProps {
  geometry: Geometry;
  features: readonly FeatureId[];
  showText: boolean;
  /** The visible strokes are drawn on a canvas (big networks): render only the hit paths. */
  canvasEdges: boolean;
}

/** The SVG content for a structure; memoised so hover and editing do not re-render hundreds of paths. */
export const GraphStructure = memo(function GraphStructure({
  geometry,
  features,
  showText,
  canvasEdges,
}: StructureProps) {
  const { layout, sizes } = geometry;
  const s = layout.nodeSizePx;
  const valueText = nodeValueText(s);
  const L = sizes.length - 1;
  const firstParam = geometry.paramColumns[0]?.[0];
  const firstNode = geometry.nodeColumns[0]?.[0];
  return (
    <g transform={`translate(${GUTTER_LEFT},0)`}>
      {/* Halos under the chain rule's edges: the renderer sets their path data (renderer.ts drawChain). */}
      <g className="nn-chain-halos" aria-hidden="true">
        <path data-chain-halo="path" d="" fill="none" />
        <path data-chain-halo="weight" d="" fill="none" />
      </g>
      <g className="nn-edges" data-roving="params">
        {geometry.edges.map((list, l) => (
          <g key={l} data-edge-layer={l} className="nn-edge-layer">
            {!canvasEdges &&
              list.map(({ item, d }) => (
                <path
                  key={item.key}
                  d={d}
                  data-edge=""
                  data-for={item.key}
                  className="nn-edge"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth={1}
                />
              ))}
            {list.map(({ item, d }) => (
              <path
                key={`hit-${item.key}`}
                d={d}
                className="nn-edge-hit"
                data-key={item.key}
                role="button"
                tabIndex={item.key === firstParam ? 0 : -1}
                aria-label={item.label}
                fill="none"
              />
            ))}
          </g>
        ))}
      </g>
      <g className="nn-nodes" data-roving="nodes">
        {layout.layers.map((layer) => (
          <g key={layer.layer} data-node-layer={layer.layer} className="nn-node-layer">
            {layer.block ? (
              <g className="nn-block">
                <rect
                  x={layer.block.x - layer.block.width / 2}
                  y={layer.block.top}
                  width={layer.block.width}
                  height={layer.block.height}
                  rx={3}
                />
                <text
                  x={layer.block.x}
                  y={layer.block.y}
                  textAnchor="middle"
                  dominantBaseline="middle"
                  className="nn-block-label"
                  transform={`rotate(-90 ${layer.block.x} ${layer.block.y})`}
                >
                  {layer.block.label}
                </text>
              </g>
            ) : null}
            {geometry.nodes[layer.layer].map(({ item, cx, cy }) => (
              <g key={item.key}>
                <rect
                  data-node-frame=""
                  data-for={item.key}
                  data-key={item.key}
                  className="nn-node"
                  x={cx - s / 2}
                  y={cy - s / 2}
                  width={s}
                  height={s}
                  rx={2}
                  role="button"
                  tabIndex={item.key === firstNode ? 0 : -1}
                  aria-label={item.label}
                />
                {showText ? (
                  <text
                    data-node-value=""
                    data-for={item.key}
                    className="nn-node-value"
                    x={cx}
                    y={cy + valueText.offset}
                    fontSize={valueText.fontSize}
                    textAnchor="middle"
                    aria-hidden="true"
                  >
                    —
                  </text>
                ) : null}
                {layer.layer === 0 ? (
                  <text
                    className="nn-input-label"
                    x={cx - s / 2 - 6}
                    y={cy}
                    textAnchor="end"
                    dominantBaseline="middle"
                    aria-hidden="true"
                  >
                    {FEATURE_BY_ID[features[item.unit]]?.label ?? ''}
                  </text>
                ) : null}
                {layer.layer === L ? (
                  <text
                    className="nn-output-label"
                    x={cx + s / 2 + 5}
                    y={cy}
                    dominantBaseline="middle"
                    aria-hidden="true"
                  >
                    {outputMark(sizes[L], item.unit)}
                  </text>
                ) : null}
              </g>
            ))}
          </g>
        ))}
      </g>
      <g className="nn-biases">
        {geometry.biases.map(({ item, cx, cy }) => (
          // A filled diamond, not a square: a small square beside a node read as an unchecked checkbox.
          <path
            key={item.key}
            data-bias=""
            data-for={item.key}
            data-key={item.key}
            className="nn-bias"
            d={biasDiamondPath(cx, cy, layout.biasSizePx / 2 + 1)}
            role="button"
            tabIndex={-1}
            aria-label={item.label}
          />
        ))}
      </g>
    </g>
  );
});

/** The bias mark: a diamond of half-diagonal `r` around (cx, cy), as the key (EncodingKey) draws it. */
export function biasDiamondPath(cx: number, cy: number, r: number): string {
  return `M${cx},${cy - r} L${cx + r},${cy} L${cx},${cy + r} L${cx - r},${cy} Z`;
}

/**
 * One canvas per weight layer for the visible edges: a big network's always (drawsEdgesOnCanvas),
 * every network's while training plays (the renderer hides the ones not in use).
 */
export function EdgeCanvases({ geometry }: { geometry: Geometry }) {
  return geometry.edges.map((_, l) => {
    const { x0, x1 } = edgeLayerBox(geometry, l);
    return (
      <canvas
        key={l}
        className="nn-edges-canvas"
        data-edges-canvas={l}
        aria-hidden="true"
        style={{ left: percentOf(x0, geometry.width), width: percentOf(x1 - x0, geometry.width) }}
      />
    );
  });
}

/**
 * One canvas under the nodes' frames for every neuron's map over the input plane (canvasPainters.ts
 * paintMaps draws each in its node's box). One, not one per node: each canvas is a layer Chromium
 * composites on every frame, and 8 layers of 32 had 259 of them.
 */
export function NeuronMaps() {
  return <canvas data-maps="" className="nn-maps" aria-hidden="true" />;
}
