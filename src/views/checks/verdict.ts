/**
 * The gradient check's verdict, in words and as a badge style: the thresholds are the engine's
 * (GRADIENT_CHECK_GOOD, GRADIENT_CHECK_SUSPICIOUS); this says what each verdict means to a learner.
 */
import {
  GRADIENT_CHECK_GOOD,
  GRADIENT_CHECK_SUSPICIOUS,
  type GradientCheckResult,
  type gradientCheckVerdict,
} from '../../engine';
import { formatValue } from '../../model/format';

/** The engine's verdict on a relative error. */
export type Verdict = ReturnType<typeof gradientCheckVerdict>;

/** Icon, colour and word: the word is always shown, so the verdict never rests on colour alone. */
export const VERDICT_STYLE: Record<Verdict, { icon: string; color: string; word: string }> = {
  good: { icon: '✓', color: '#1a7f37', word: 'good' },
  suspicious: { icon: '⚠', color: '#9a6700', word: 'suspicious' },
  wrong: { icon: '✗', color: '#cf222e', word: 'wrong' },
};

/** One sentence for a verdict, as the panel shows it. */
export function verdictWords(verdict: Verdict): string {
  switch (verdict) {
    case 'good':
      return `Good: backprop agrees with finite differences (relative error below ${formatValue(GRADIENT_CHECK_GOOD)}).`;
    case 'suspicious':
      return `Suspicious: relative error between ${formatValue(GRADIENT_CHECK_GOOD)} and ${formatValue(GRADIENT_CHECK_SUSPICIOUS)}, or larger but within the finite differences' rounding noise. Often a ReLU input sitting near its kink at 0, or a gradient too small next to the loss to measure (both are named below when so); otherwise a subtle bug.`;
    case 'wrong':
      return `Wrong: relative error of ${formatValue(GRADIENT_CHECK_SUSPICIOUS)} or more. The backward pass does not compute the gradient of the loss.`;
  }
}

export type CheckedEntry = GradientCheckResult['entries'][number];

/** The entries the scatter can place: both derivatives finite. */
export function plottableEntries(result: GradientCheckResult): CheckedEntry[] {
  return result.entries.filter((e) => Number.isFinite(e.numeric) && Number.isFinite(e.analytic));
}

/**
 * How many entries lie on the scatter's diagonal, i.e. where numerical and analytic agree to a
 * relative 1e-4 (with a 1e-12 floor, so two zeros agree). The scatter's description counts them.
 */
export function entriesOnDiagonal(entries: readonly CheckedEntry[]): number {
  return entries.filter(
    (e) => Math.abs(e.numeric - e.analytic) <= 1e-4 * (Math.abs(e.numeric) + Math.abs(e.analytic)) + 1e-12,
  ).length;
}

/** The scatter's symmetric extent: the largest |value| plus 5 %, or 1 when every value is 0. */
export function scatterExtent(entries: readonly CheckedEntry[]): number {
  let m = 0;
  for (const e of entries) m = Math.max(m, Math.abs(e.numeric), Math.abs(e.analytic));
  return m > 0 ? m * 1.05 : 1;
}
