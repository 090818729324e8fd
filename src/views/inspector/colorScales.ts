/**
 * One colour scale per quantity for a whole phase. A matrix's colour says how big a number is compared
 * with the other numbers of the same quantity, so the same quantity must look the same in every card
 * that shows it (dZ2 is an operand of dW2, of db2 and of dA1), and a layer's gradients dW and db share
 * one scale (db2 = −0.028 and dW2 = −0.035 then look alike), as do its parameters W and b (before and
 * after the update alike). Scaling each card to its own largest value made the same numbers pale in one
 * card and saturated in the next.
 */
import type { EquationModel, MatrixModel } from './equationModel';
import type { Term } from './notation';
import { MIN_MAX_ABS, symmetricMax } from '../shared/colors';

/** The scale a term is drawn on: "grad 2" for dW2 and db2, "Z 1" for Z1, "A 2" for ŷ and y. */
export function scaleKey(term: Term): string {
  const { quantity: q, layer } = term;
  if (q === 'dW' || q === 'db') return `grad ${layer}`;
  if (q === 'W' || q === 'b') return `param ${layer}`;
  // y is compared with ŷ (the output layer's A): the same scale keeps ŷ − y honest.
  if (q === 'Y') return `A ${layer}`;
  return `${q} ${layer}`;
}

/** max |v| per scale over every matrix the phase draws. */
export type PhaseScales = ReadonlyMap<string, number>;

export function phaseScales(equations: readonly EquationModel[]): PhaseScales {
  const scales = new Map<string, number>();
  for (const eq of equations) {
    for (const m of eq.matrices) {
      const key = scaleKey(m.term);
      const max = symmetricMax(m.values);
      if (max > (scales.get(key) ?? 0)) scales.set(key, max);
    }
  }
  return scales;
}

/** The matrix's scale in this phase (its own max |v| if the phase does not know it). */
export function scaleOf(scales: PhaseScales, m: MatrixModel): number {
  return scales.get(scaleKey(m.term)) ?? symmetricMax(m.values, MIN_MAX_ABS);
}
