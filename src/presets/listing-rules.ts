/**
 * Exchange minimum-price rule sets (MODEL.md section 6), as data for
 * sim/listing.ts. Facts and sources: shared facts file, section 14
 * ("Exchange minimum-price rules").
 */
import type { ListingRuleSet } from '../../sim/types.ts';

const NASDAQ_SOURCES =
  'https://www.publiccompanyadvisoryblog.com/2022/06/14/nasdaq-minimum-bid-price/ ; ' +
  'https://cooleypubco.com/?p=30594 ; ' +
  'https://jdsupra.com/legalnews/nasdaq-minimum-bid-price-compliance-8956424 ; ' +
  'https://eus-prd-44f00f104e3f-xp2-cd.azurewebsites.net/en/publications/sec-approves-nasdaq-and-nyse-revisions-to-reverse-stock-split-rules-what-public-companies-need-to-know';

const NYSE_SOURCES =
  'https://nortonrosefulbright.com/en/knowledge/publications/5b2935b6/new-nasdaq-and-nyse-rules-on-use-of-reverse-stock-splits ; ' +
  'https://cooleypubco.com/?p=30049 ; ' +
  'https://securities-law-blog.com/2025/02/04/nyse-amends-listing-standards-related-to-reverse-splits-to-meet-minimum-price ; ' +
  'https://www.scribd.com/document/730913817/802-01-Continued-Listing-Criteria';

const NYSE_AMERICAN_SOURCES =
  'https://www.mondaq.com/unitedstates/shareholders/1752680/what-issuers-should-know-treatment-of-low-priced-securities-under-nyse-american-and-nasdaq-rules ; ' +
  'https://production.jdsupra.com/legalnews/sec-approves-nyse-and-nyse-american-2403959';

/** Nasdaq Capital Market: Rule 5550(a)(2), procedure 5810(c)(3)(A). */
const NASDAQ_CM: ListingRuleSet = {
  id: 'nasdaq-cm',
  name: 'Nasdaq Capital Market',
  source:
    'Nasdaq Rule 5550(a)(2) (bid price >= $1.00) and 5810(c)(3)(A): notice after 30 consecutive business days closing below $1.00; ' +
    '180 calendar days to regain with 10 consecutive business days at or above $1.00 (staff may require up to 20); ' +
    'a second 180-day period for Capital Market issuers (5810(c)(3)(A)(ii); modelled as always granted); ' +
    'closing at or below $0.10 for 10 consecutive trading days during a compliance period -> delisting determination (5810(c)(3)(A)(iii)); ' +
    'no compliance period after a reverse split in the prior year or cumulative reverse splits of 250:1 or more over two years (5810(c)(3)(A)(iv), SEC-approved Jan 2025). ' +
    'Sources: ' + NASDAQ_SOURCES,
  minPrice: 1,
  trigger: { kind: 'consecutiveBelow', days: 30 },
  cure: { kind: 'consecutiveAtOrAbove', days: 10 },
  periodDays: 180,
  periodMonths: 0,
  secondPeriodDays: 180,
  pennyPrice: 0.1,
  pennyDays: 10,
  reverseSplitLookbackDays: 365,
  cumulativeSplitLimit: 250,
  cumulativeSplitWindowDays: 730,
  delistDelayDays: 0,
};

/** Nasdaq Global (Select) Market: Rule 5450(a)(1); the same procedure without the second period. */
const NASDAQ_GM: ListingRuleSet = {
  ...NASDAQ_CM,
  id: 'nasdaq-gm',
  name: 'Nasdaq Global Market',
  source:
    'Nasdaq Rule 5450(a)(1) (bid price >= $1.00) and 5810(c)(3)(A): notice after 30 consecutive business days closing below $1.00; ' +
    '180 calendar days to regain with 10 consecutive business days at or above $1.00; no second period unless the company ' +
    'transfers to the Capital Market (not modelled; use nasdaq-cm); $0.10 rule (5810(c)(3)(A)(iii)) and reverse-split limits ' +
    '(prior year; 250:1 over two years, 5810(c)(3)(A)(iv)) as for the Capital Market. Sources: ' + NASDAQ_SOURCES,
  secondPeriodDays: 0,
};

/** NYSE Listed Company Manual 802.01C. */
const NYSE: ListingRuleSet = {
  id: 'nyse',
  name: 'NYSE',
  source:
    'NYSE Listed Company Manual 802.01C: below compliance when the average closing price is below $1.00 over a consecutive ' +
    '30 trading-day period; 6-month cure period; cured when, on the last trading day of any calendar month in the period ' +
    '(and on the period\'s last trading day), the closing price and the 30 trading-day average are both at or above $1.00. ' +
    'No cure period after a reverse split in the prior year or cumulative reverse splits of 200:1 or more over two years ' +
    '(amendment of Jan 15 2025). Sources: ' + NYSE_SOURCES,
  minPrice: 1,
  trigger: { kind: 'averageBelow', days: 30 },
  cure: { kind: 'monthEndCloseAndAverage', days: 30 },
  periodDays: 0,
  periodMonths: 6,
  secondPeriodDays: 0,
  pennyPrice: 0,
  pennyDays: 0,
  reverseSplitLookbackDays: 365,
  cumulativeSplitLimit: 200,
  cumulativeSplitWindowDays: 730,
  delistDelayDays: 0,
};

/** NYSE American Company Guide 1003(f)(v): no bright line; the $0.20 threshold is exchange practice. */
const NYSE_AMERICAN: ListingRuleSet = {
  id: 'nyse-american',
  name: 'NYSE American',
  source:
    'NYSE American Company Guide 1003(f)(v) has no bright-line price rule: if a stock sells "for a substantial period of time ' +
    'at a low price per share" the exchange may require a reverse split "within a reasonable time" and delist if it is not done. ' +
    'The $0.20 threshold (30-day average), the cure (average back at or above $0.20) and the 180-day period are practice, ' +
    'not rule, and are configurable. Delisting if reverse splits are cumulatively 200:1 or more over two years (Jan 2025). ' +
    'Sources: ' + NYSE_AMERICAN_SOURCES,
  minPrice: 0.2,
  trigger: { kind: 'averageBelow', days: 30 },
  cure: { kind: 'averageAtOrAbove', days: 30 },
  periodDays: 180,
  periodMonths: 0,
  secondPeriodDays: 0,
  pennyPrice: 0,
  pennyDays: 0,
  reverseSplitLookbackDays: 0,
  cumulativeSplitLimit: 200,
  cumulativeSplitWindowDays: 730,
  delistDelayDays: 0,
};

export const LISTING_RULE_PRESETS: Record<string, ListingRuleSet> = {
  'nasdaq-cm': NASDAQ_CM,
  'nasdaq-gm': NASDAQ_GM,
  nyse: NYSE,
  'nyse-american': NYSE_AMERICAN,
};
