/**
 * A view's "Download" menu: the view as a PNG, as SVG when the view is vector, and its data as CSV
 * when it has some. Placed in a view's toolbar, it finds the view's figure by selector inside the
 * toolbar's parent (the view's root), so each view adds it with one line.
 */
import { useRef, useState } from 'react';
import { download } from './download';
import { pngOf, svgFileOf } from './exportView';
import './viewExport.css';

export interface ViewExportMenuProps {
  /** The view's name in the menu's words ("decision boundary" → "Download the decision boundary as PNG"). */
  view: string;
  /** Selector of what the PNG shows (its canvases and SVGs), inside the view's root. */
  figure: string;
  /** Selector of the SVG to save as SVG, when the view is vector. */
  svg?: string;
  /** The view's data as CSV: its name in the menu ("loss history") and its text. */
  csv?: { data: string; text: () => string };
  /** File names: `<fileName>.png`, `.svg`, `.csv`. */
  fileName: string;
}

export function ViewExportMenu({ view, figure, svg, csv, fileName }: ViewExportMenuProps) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [error, setError] = useState<string | null>(null);

  const find = <T extends Element>(selector: string): T | null =>
    (ref.current?.parentElement?.parentElement?.querySelector<T>(selector) as T | null) ?? null;

  const run = async (make: () => Blob | Promise<Blob>, ext: string): Promise<void> => {
    try {
      download(await make(), `${fileName}.${ext}`);
      setError(null);
      if (ref.current) ref.current.open = false;
    } catch (err) {
      setError(`Could not save the ${view}: ${err instanceof Error ? err.message : String(err)}.`);
    }
  };
  const need = <T extends Element>(selector: string): T => {
    const el = find<T>(selector);
    if (!el) throw new Error('it is not on the page');
    return el;
  };

  return (
    <details className="menu view-export" ref={ref}>
      <summary aria-label={`Download the ${view}`}>Download</summary>
      <ul className="menu-list view-export-list">
        <li>
          <button type="button" onClick={() => void run(() => pngOf(need<HTMLElement>(figure)), 'png')}>
            Download the {view} as PNG
          </button>
        </li>
        {svg && (
          <li>
            <button type="button" onClick={() => void run(() => svgFileOf(need<SVGSVGElement>(svg)), 'svg')}>
              Download the {view} as SVG
            </button>
          </li>
        )}
        {csv && (
          <li>
            <button
              type="button"
              onClick={() => void run(() => new Blob([csv.text()], { type: 'text/csv' }), 'csv')}
            >
              Download the {csv.data} as CSV
            </button>
          </li>
        )}
      </ul>
      {error && (
        // Polite, not an alert: the page has one alert banner for the run (Notices), and a failed
        // download is said right where it was asked for.
        <p aria-live="polite" className="view-export-error">
          {error}
        </p>
      )}
    </details>
  );
}
