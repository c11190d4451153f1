/**
 * The uncertain parameters and the ranges the sensitivity analysis moves them
 * across (`dat-sim sensitivity`), each with where the range comes from.
 * docs/calibration.md prints this table and the fits behind several rows.
 *
 * A range is either absolute (the value is set on every market or company the
 * parameter applies to) or a scale (every market's or company's own value is
 * multiplied: used where BTC and ETH, or companies, differ).
 */
import type { CompanyParams, ImpactLaw, MarketParams, ResolvedScenario } from '../../sim/index.ts';

export type RangeScope = 'market' | 'company';

export interface ParameterRange {
  /** Stable id, also the CLI's `--params` name. */
  id: string;
  label: string;
  scope: RangeScope;
  /** 'absolute': set to low/high; 'scale': multiply each market's/company's value; 'choice': the impact law. */
  kind: 'absolute' | 'scale' | 'choice';
  low: number | ImpactLaw;
  high: number | ImpactLaw;
  unit: string;
  /** Why this range: sources and the calibration behind it. */
  justification: string;
}

interface RangeImpl extends ParameterRange {
  setMarket?: (m: MarketParams, v: number | ImpactLaw) => void;
  setCompany?: (c: CompanyParams, v: number) => void;
}

const num = (v: number | ImpactLaw) => v as number;

const RANGES: RangeImpl[] = [
  {
    id: 'impactLaw', label: 'impact law (square-root vs linear)', scope: 'market', kind: 'choice', low: 'sqrt', high: 'linear', unit: 'law',
    justification: 'docs/model.md §4.3: the square-root law (Y 0.7, V ~$20-32B) gives ~0.4% per $1B of BTC sold; the linear law at Citi\'s regression of 2025 ETF flows gives ~3.4% per $1B (facts §13). The factor of eight is the largest single uncertainty of the model; the replay\'s three ETF days give 3.6% per $1B, an upper bound (docs/calibration.md).',
    setMarket: (m, v) => { m.impactLaw = v as ImpactLaw; },
  },
  {
    id: 'impactY', label: 'square-root impact prefactor Y', scope: 'market', kind: 'absolute', low: 0.35, high: 1.4, unit: 'dimensionless',
    justification: 'Square-root law prefactor of order one in equity and futures markets (Toth et al. 2011, "Anomalous price impact and the critical nature of liquidity"; Bouchaud et al. 2018, "Trades, Quotes and Prices"): 0.5x to 2x the preset 0.7. Matching Citi\'s 3.4%/$1B would need Y ~6 (docs/calibration.md): that alternative is the impactLaw row.',
    setMarket: (m, v) => { m.impactY = num(v); },
  },
  {
    id: 'lambdaPerBillion', label: 'linear impact per $1B (used under the linear law)', scope: 'market', kind: 'scale', low: 0.5, high: 1.5, unit: 'x scenario value',
    justification: 'Citi: 3.4% per $1B of BTC ETF flow (facts §13, [N]); the replay\'s three dated ETF days give 3.6% per $1B through the origin, an upper bound since the whole day\'s fall is put on the flow (docs/calibration.md). +-50% covers a regression\'s typical error. Has no effect under the square-root law.',
    setMarket: (m, v) => { m.lambdaPerBillion *= num(v); },
  },
  {
    id: 'dailyVolumeUsd', label: 'daily spot volume V', scope: 'market', kind: 'scale', low: 0.5, high: 2, unit: 'x scenario value',
    justification: 'The presets take BTC ~35% and ETH ~20% of ~$53B/day of centralised spot volume in November (facts §13 [N], the shares are assumptions [?]); volume fell 27% from October to November, and venues outside the sample add volume. 0.5x to 2x.',
    setMarket: (m, v) => { m.dailyVolumeUsd *= num(v); },
  },
  {
    id: 'permanentFraction', label: 'permanent share of impact', scope: 'market', kind: 'absolute', low: 0.25, high: 0.75, unit: 'fraction',
    justification: 'Not calibrated (preset 0.5) [?]: a quarter to three quarters of impact is permanent.',
    setMarket: (m, v) => { m.permanentFraction = num(v); },
  },
  {
    id: 'leverage.openInterestUsd', label: 'long and short open interest at risk (and their rebuild targets)', scope: 'market', kind: 'scale', low: 0.5, high: 2, unit: 'x scenario value',
    justification: 'The replay fit (docs/calibration.md) puts October open interest at risk at ~$16B (BTC) and ~$8B (ETH); the presets carry its November level (0.65x), but the fit is a least-squares compromise that overstates the crash day ~1.8x and understates ordinary days ~2x. 0.5x to 2x, both books together (the long/short mix is kept).',
    setMarket: (m, v) => { const l = m.leverage; l.openInterestUsd *= num(v); l.targetOpenInterestUsd *= num(v); l.shortOpenInterestUsd *= num(v); l.shortTargetOpenInterestUsd *= num(v); },
  },
  {
    id: 'leverage.meanLiquidationDistance', label: 'mean distance to liquidation (both books)', scope: 'market', kind: 'absolute', low: 0.06, high: 0.25, unit: 'fraction of price',
    justification: 'Not identified by daily closes (docs/calibration.md: the fit error keeps falling as m grows from 0.03 to 0.25 while open interest compensates); 0.06-0.25 is 16x to 4x average leverage around the preset 0.12 (~8x) [?].',
    setMarket: (m, v) => { m.leverage.meanLiquidationDistance = num(v); m.leverage.shortMeanLiquidationDistance = num(v); },
  },
  {
    id: 'etfFlow.chase', label: 'ETF flow chase', scope: 'market', kind: 'scale', low: 0.4, high: 2.5, unit: 'x scenario value',
    justification: 'Fitted on the replay to the November ETF totals (docs/calibration.md): 0.44x the preset for BTC, 2.7x for ETH, where the reported total itself ranges from -$1.4B to -$2.5B (facts §13). 0.4x to 2.5x.',
    setMarket: (m, v) => { m.etfFlow.chase *= num(v); },
  },
  {
    id: 'premium.drawdownSensitivity', label: 'premium drawdown sensitivity', scope: 'company', kind: 'absolute', low: 0.5, high: 3, unit: 'log per unit drawdown',
    justification: 'Replay fit (docs/calibration.md): ~2.2 at the best kappa (90% profile band ~0.6 to 3.8), ~1.2 to 4 along the kappa ridge. 0.5 to 3 around the default 1.',
    setCompany: (c, v) => { c.premium.drawdownSensitivity = v; },
  },
  {
    id: 'premium.kappa', label: 'premium mean reversion', scope: 'company', kind: 'absolute', low: 1, high: 64, unit: '1/year',
    justification: 'Replay fit (docs/calibration.md): best ~16 a year, but the error is nearly flat from 8 to 64 and the 90% profile band spans 4 to 256; 1 to 64 covers the default 2 and the fit.',
    setCompany: (c, v) => { c.premium.kappa = v; },
  },
  {
    id: 'premium.premiumVol', label: 'premium volatility', scope: 'company', kind: 'absolute', low: 0.3, high: 1.5, unit: '1/sqrt(year)',
    justification: 'Replay residuals give ~1.1 a year (90% interval ~0.75-1.9), an upper bound because they include model error (docs/calibration.md); 0.3 is the order of a large-cap premium\'s volatility. 0.3 to 1.5 around the default 0.6.',
    setCompany: (c, v) => { c.premium.premiumVol = v; },
  },
  {
    id: 'premium.saleAnnouncementPenalty', label: 'premium hit when a sale is announced', scope: 'company', kind: 'absolute', low: 0, high: 0.2, unit: 'log',
    justification: 'Sequans fell 16.6% on the day it announced its BTC sale while BTC fell ~5% (facts §1): ~0.13 log of it was news. 0 to 0.2 around the default 0.1.',
    setCompany: (c, v) => { c.premium.saleAnnouncementPenalty = v; },
  },
  {
    id: 'stock.turnover', label: 'stock turnover (ADV / market cap)', scope: 'company', kind: 'scale', low: 0.5, high: 2, unit: 'x scenario value',
    justification: 'FG Nexus ~1.6-2%/day (from its buyback pace), SharpLink ~13%/day (Stock Analysis), default 5% [?]. 0.5x to 2x of each company\'s value.',
    setCompany: (c, v) => { c.stock.turnover *= v; },
  },
  {
    id: 'stock.impactY', label: 'stock impact prefactor Ys', scope: 'company', kind: 'absolute', low: 0.35, high: 1.4, unit: 'dimensionless',
    justification: 'Same square-root literature as the coin\'s Y (0.5x to 2x the default 0.7); sets how much a buyback lifts the stock.',
    setCompany: (c, v) => { c.stock.impactY = v; },
  },
];

/** The documented ranges (without their setters). */
export const PARAMETER_RANGES: readonly ParameterRange[] = RANGES.map(({ setMarket: _m, setCompany: _c, ...r }) => r);

export function rangeIds(): string[] {
  return RANGES.map((r) => r.id);
}

/**
 * A copy of `scenario` with parameter `id` at `value`, applied to every market
 * (or company) of the scenario. Throws on an unknown id.
 */
export function withParameter(scenario: ResolvedScenario, id: string, value: number | ImpactLaw): ResolvedScenario {
  const r = RANGES.find((x) => x.id === id);
  if (!r) throw new RangeError(`unknown parameter "${id}"; expected one of ${rangeIds().join(', ')}`);
  const s = structuredClone(scenario);
  if (r.setMarket) for (const m of s.markets) r.setMarket(m, value);
  if (r.setCompany) for (const c of s.companies) r.setCompany(c, value as number);
  return s;
}

/** How a range end reads in tables: "x0.5" for scales, the value otherwise. */
export function formatRangeValue(r: ParameterRange, v: number | ImpactLaw): string {
  if (typeof v === 'string') return v;
  return r.kind === 'scale' ? `x${v}` : String(v);
}
