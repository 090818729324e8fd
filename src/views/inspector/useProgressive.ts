/**
 * The inspector draws a phase in two passes: with the key press that reached the phase, what is on
 * screen beside the graph (the header, the first equation and its matrices); right after, as a
 * transition React renders between animation frames, the phase's other equations and the worked
 * chain rule, which lie below the fold at 1280×720 and 1440×900 (a backward phase is ~2,000 px tall).
 * So a press paints in one frame's work instead of the whole column's.
 *
 * `complete` is false from the first render of a new `key` (a new phase) until the second pass has
 * rendered; the inspector writes it on its root (`data-complete`), where browser tests wait for it.
 */
import { startTransition, useEffect, useState } from 'react';

export function useProgressive(key: string): boolean {
  const [completeFor, setCompleteFor] = useState<string | null>(null);
  useEffect(() => {
    if (completeFor !== key) startTransition(() => setCompleteFor(key));
  }, [key, completeFor]);
  return completeFor === key;
}
