/**
 * The "Dataset" gallery: one radio per dataset kind, each with a thumbnail drawn from
 * generateDataset with a fixed seed (so thumbnails never change under the user) on a small canvas,
 * +y up like the decision boundary.
 */
import { useEffect, useId, useMemo, useRef } from 'react';
import {
  createRng,
  DATASET_KINDS,
  DATASETS,
  DOMAIN,
  generateDataset,
  type Dataset,
  type DatasetKind,
} from '../../engine';
import { classColor, divergingColor, type Theme } from '../shared/colors';
import { useTheme } from '../shared/useTheme';
import { RestartCue } from './fields';

export const THUMBNAIL_SIZE_PX = 44;
const THUMBNAIL_POINTS = 160;
const THUMBNAIL_SEED = 7;

/** The points a thumbnail shows (deterministic). */
export function thumbnailData(kind: DatasetKind, classes: number): Dataset {
  return generateDataset({
    kind,
    count: THUMBNAIL_POINTS,
    noise: 0,
    classes: DATASETS[kind].classCount ? classes : undefined,
    rng: createRng(THUMBNAIL_SEED),
  });
}

/** Plane coordinates → canvas pixels, +y up (row 0 at the top is y = +DOMAIN). */
export function thumbnailPixel(x: number, y: number, sizePx: number): [number, number] {
  return [((x + DOMAIN) / (2 * DOMAIN)) * sizePx, ((DOMAIN - y) / (2 * DOMAIN)) * sizePx];
}

function paintThumbnail(canvas: HTMLCanvasElement, data: Dataset, theme: Theme): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return; // jsdom, or a browser without 2-D canvas
  const ratio = typeof window !== 'undefined' ? Math.min(3, window.devicePixelRatio || 1) : 1;
  const size = THUMBNAIL_SIZE_PX;
  canvas.width = Math.round(size * ratio);
  canvas.height = Math.round(size * ratio);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, size, size);
  for (let i = 0; i < data.count; i++) {
    const [px, py] = thumbnailPixel(data.points[2 * i], data.points[2 * i + 1], size);
    const label = data.labels[i];
    ctx.fillStyle = data.classes === 0 ? divergingColor(label, 1, theme) : classColor(label, 1, theme);
    ctx.beginPath();
    ctx.arc(px, py, 1.4, 0, 2 * Math.PI);
    ctx.fill();
  }
}

function Thumbnail({ kind, classes }: { kind: DatasetKind; classes: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useTheme();
  const data = useMemo(() => thumbnailData(kind, classes), [kind, classes]);
  useEffect(() => {
    if (ref.current) paintThumbnail(ref.current, data, theme);
  }, [data, theme]);
  return (
    <canvas
      ref={ref}
      className="thumbnail"
      width={THUMBNAIL_SIZE_PX}
      height={THUMBNAIL_SIZE_PX}
      aria-hidden="true"
    />
  );
}

export interface DatasetGalleryProps {
  /** The selected kind, or null when custom data replaces the generated set. */
  value: DatasetKind | null;
  classes: number;
  onChange(kind: DatasetKind): void;
}

export function DatasetGallery({ value, classes, onChange }: DatasetGalleryProps) {
  const id = useId();
  return (
    <div className="field">
      <div className="field-head">
        <span className="field-label" id={`${id}-label`}>
          Dataset
        </span>
        <RestartCue id={`${id}-restart`} />
      </div>
      <div
        role="radiogroup"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-restart`}
        className="dataset-gallery"
      >
        {DATASET_KINDS.map((kind) => (
          <label key={kind} className="dataset-option" title={DATASETS[kind].label}>
            <input
              type="radio"
              name={`${id}-dataset`}
              value={kind}
              checked={value === kind}
              onChange={() => onChange(kind)}
            />
            <Thumbnail kind={kind} classes={classes} />
            <span className="dataset-name">{DATASETS[kind].label}</span>
          </label>
        ))}
      </div>
    </div>
  );
}
