/**
 * An equation typeset with temml (TeX → MathML). Browsers render MathML natively and screen readers
 * read it, so there are no fonts or CSS to ship; temml itself is loaded on first use with a dynamic
 * import(), outside the initial bundle. Until it has loaded (and if it fails) the plain-text form is
 * shown instead, which says the same thing.
 *
 * The TeX comes only from inspectorModel (our own strings, numbers formatted by us), never from the
 * user, and temml runs with `trust: false`, so the MathML it returns is safe to inject. temml builds
 * strings; it uses no eval or new Function (our CSP forbids both).
 */
import { useEffect, useState } from 'react';

type RenderToString = (tex: string, options?: Record<string, unknown>) => string;

let loading: Promise<RenderToString> | null = null;
let loaded: RenderToString | null = null;
const cache = new Map<string, string>();
const CACHE_LIMIT = 500;

/** Loads temml once; resolves to its renderToString. */
export function loadTemml(): Promise<RenderToString> {
  loading ??= import('temml').then((mod) => {
    const temml = (mod.default ?? mod) as { renderToString: RenderToString };
    loaded = temml.renderToString;
    return loaded;
  });
  return loading;
}

/** MathML for `tex` (cached), or null while temml is not loaded yet. */
export function texToMathML(tex: string, display: boolean): string | null {
  if (!loaded) return null;
  const key = `${display ? 'D' : 'I'}${tex}`;
  let html = cache.get(key);
  if (html === undefined) {
    try {
      html = loaded(tex, { displayMode: display, throwOnError: false, trust: false, annotate: true });
    } catch {
      html = '';
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, html);
  }
  return html || null;
}

export interface MathTexProps {
  tex: string;
  /** What the equation says in plain text (fallback, and the text while temml loads). */
  text: string;
  display?: boolean;
  className?: string;
}

export function MathTex({ tex, text, display = false, className }: MathTexProps) {
  const [, setReady] = useState(loaded !== null);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    loadTemml().then(
      () => {
        if (live) setReady(true);
      },
      () => {
        // Offline without the chunk, or a bundling problem: the plain text stays.
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const html = texToMathML(tex, display);
  if (html === null) {
    return (
      <span className={className} data-math="text">
        {text}
      </span>
    );
  }
  return <span className={className} data-math="mathml" dangerouslySetInnerHTML={{ __html: html }} />;
}
