/** The simulator's view tabs (a WAI-ARIA tablist): their labels and keyboard moves. */
import type { ViewName } from './share.ts';

export const VIEW_LABELS: Record<ViewName, string> = { single: 'Single path', ensemble: 'Ensemble', compare: 'Compare', risk: 'Risk' };

/** The tab a key moves to from tab `i` of `n`: arrows move one and wrap, Home and End go to the ends; -1 for any other key. */
export function tabKeyTarget(key: string, i: number, n: number): number {
  if (key === 'ArrowRight') return (i + 1) % n;
  if (key === 'ArrowLeft') return (i + n - 1) % n;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return -1;
}
