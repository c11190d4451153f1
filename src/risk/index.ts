/** The risk map (issue 10): trigger prices, the spiral, coverage, runway and odds. */
export { riskMap, RiskInputError, type RiskOptions, type RiskReport, type CompanyRisk, type TriggerResult, type SpiralResult, type LadderRow } from './map.ts';
export { TRIGGERS, triggerInstances, fundingPlan, type FundingPlan, type TriggerDef, type TriggerInstance, type TriggerKind, type Observation } from './triggers.ts';
export { solveTrigger, type Solved, type SolveOptions, type SolveStatus } from './solve.ts';
export { RiskContext, saleImpact, type CompanyAt, type CompanyToday } from './valuation.ts';
export { coverage, runway, type CoverageRow, type Runway, type Seniority } from './coverage.ts';
export { triggerOdds, riskOdds, riskFirstDays, mergeFirstDays, oddsFromFirstDays, listingSteps, LISTING_STEPS, type Odds, type TriggerOdds, type ListingOdds, type ListingStep, type OddsResult, type FirstDays } from './probabilities.ts';
export { riskCsv, riskMarkdown, companyMarkdown, listingMarkdown, LISTING_LABELS, fmtPrice } from './format.ts';
