/**
 * The premium law's balance-sheet penalties (docs/model.md section 3;
 * MODEL.md 5.3 as amended in section 12): leverage and size. Pure, no
 * allocation: called once per company per business day.
 */
import { DMath } from './math.ts';
import type { PremiumParams } from './types.ts';

/**
 * Log premium lost to leverage and size:
 *   leveragePenalty * max(0, D/A - leverageFree) + sizePenalty * max(0, ln(sizeRefUsd / V))
 * with D senior claims, A assets and V the coin holdings' value (all USD).
 * With sizePenalty 0 this is v1's leverage term exactly.
 *
 * Worked example (test/premium.test.ts): D 189e6, A 403.3e6, V 403.3e6,
 * leveragePenalty 1.5, leverageFree 0.2, sizePenalty 0.25, sizeRefUsd 1e9:
 * 1.5 * (0.46863 - 0.2) + 0.25 * ln(1e9 / 403.3e6) = 0.40295 + 0.22701 = 0.62996.
 */
export function balanceSheetPenalty(pp: PremiumParams, debtUsd: number, assetsUsd: number, coinValueUsd: number): number {
  let pen = 0;
  if (assetsUsd > 0) {
    const lev = debtUsd / assetsUsd - pp.leverageFree;
    if (lev > 0) pen += pp.leveragePenalty * lev;
  }
  if (pp.sizePenalty > 0) {
    // No coins at all: the size term is at its largest finite value reached (1 USD of coins).
    const small = DMath.log(pp.sizeRefUsd / (coinValueUsd > 1 ? coinValueUsd : 1));
    if (small > 0) pen += pp.sizePenalty * small;
  }
  return pen;
}
