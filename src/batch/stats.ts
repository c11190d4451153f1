/** Small statistics helpers for ensemble summaries (pure). */

/** z for a two-sided 95% interval: Phi^-1(0.975). */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion x/n (Wilson 1927,
 * https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval):
 * center (p + z^2/2n)/(1 + z^2/n), half-width z/(1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2).
 * Worked examples (checked with R's prop.test(correct = FALSE) / statsmodels'
 * proportion_confint(method = "wilson")): 0/10 -> [0, 0.2775], 5/10 ->
 * [0.2366, 0.7634], 1/100 -> [0.001767, 0.05448].
 * Unlike the normal approximation it stays inside [0, 1] and is sensible at
 * x = 0, which matters for rare events such as insolvency.
 */
export function wilson(x: number, n: number, z = Z95): [number, number] {
  if (n <= 0) return [0, 1];
  const p = x / n, z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const lo = x === 0 ? 0 : Math.max(0, center - half);
  const hi = x === n ? 1 : Math.min(1, center + half);
  return [lo, hi];
}
