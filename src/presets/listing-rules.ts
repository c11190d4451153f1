/**
 * Exchange minimum-price rule sets (docs/model.md §6), as data for
 * sim/listing.ts. Facts and sources: shared facts file, section 14
 * ("Exchange minimum-price rules").
 */
import type { ListingRuleSet } from '../../sim/index.ts';

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

/** Procedure sources (issue 11; docs/model.md 5). */
const NASDAQ_PROCEDURE_SOURCES =
  'Rule 5810(c)(3)(A) (180 calendar days from the notification), 5815(a)(1) (7 days to request a hearing; a timely request stays suspension), ' +
  '5815(c)(1)(A) (panel exception up to 180 days from the Staff Delisting Determination); ' +
  'SR-NASDAQ-2024-045, approved Jan 17 2025 (Release 34-102245, 90 FR 8081): no stay after a failed second period; ' +
  'SR-NASDAQ-2020-001, approved Apr 21 2020 (Release 34-88716, 85 FR 23393), applied from Sep 1 2020: the $0.10 rule during a compliance period; ' +
  'SR-NASDAQ-2025-065, filed Aug 22 2025, noticed Sep 3 2025 (Release 34-103846, 90 FR 43251): $0.10 at any time without a stay, ' +
  'no SEC approval order or effective date found in the sources consulted, though one commentary describes it as adopted ' +
  '(pennyRule "anyTime" is the option); ' +
  'Rule 5250(e)(7) (10 calendar days notice before a reverse split\'s market effective date, operative Jan 30 2025) and 5250(b)(4) (public disclosure 2 business days before); ' +
  'letter dates and deadlines from issuers\' filings (letters of Tue Sep 12 2023 -> deadline Mon Mar 11 2024; Tue Jun 13 2023 -> Mon Dec 11 2023). ' +
  'https://www.govinfo.gov/content/pkg/FR-2025-09-08/html/2025-17106.htm ; http://www.federalregister.com/Browse/Document/usa/na/fr/2025/1/23/2025-01621 ; ' +
  'https://www.govinfo.gov/content/pkg/FR-2020-04-27/html/2020-08814.htm';

/** Nasdaq procedure around the counting (issue 11), shared by the Capital and Global Market presets. */
const NASDAQ_PROCEDURE = {
  noticeLagBusinessDays: 1,
  rollDeadline: true,
  hearingRequestDays: 7,
  suspensionBusinessDays: 2,
  maxPanelExceptionDays: 180,
  noStayAfterSecondPeriod: true,
  pennyRule: 'inPeriod',
  splitNoticeCalendarDays: 10,
  splitNoticeBusinessDays: 2,
  holidayCalendar: 'us',
} as const satisfies Partial<ListingRuleSet>;

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
    'a second 180-day period for Capital Market issuers that meet its conditions (5810(c)(3)(A)(ii); the company\'s qualifiesForSecondPeriod, default true); ' +
    'closing at or below $0.10 for 10 consecutive trading days during a compliance period -> delisting determination (5810(c)(3)(A)(iii)); ' +
    'no compliance period after cumulative reverse splits of 250:1 or more over two years (5810(c)(3)(A)(iv), SR-NASDAQ-2020-001, approved Apr 21 2020) ' +
    'or after a reverse split in the prior year (SR-NASDAQ-2024-045, approved Jan 17 2025). ' +
    'Procedure: the letter 1 business day after the 30th day, period from the letter, deadline rolled to a business day; ' +
    'determination -> 7 days to request a hearing -> suspension 2 business days later, or a stay up to 180 days with a hearing ' +
    '(no stay after a failed second period); second period conditional on the company qualifying. ' +
    'Sources: ' + NASDAQ_SOURCES + ' ; ' + NASDAQ_PROCEDURE_SOURCES,
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
  ...NASDAQ_PROCEDURE,
};

/** Nasdaq Global (Select) Market: Rule 5450(a)(1); the same procedure, the second period by transfer to the Capital Market. */
const NASDAQ_GM: ListingRuleSet = {
  ...NASDAQ_CM,
  id: 'nasdaq-gm',
  name: 'Nasdaq Global Market',
  source:
    'Nasdaq Rule 5450(a)(1) (bid price >= $1.00) and 5810(c)(3)(A): notice after 30 consecutive business days closing below $1.00; ' +
    '180 calendar days to regain with 10 consecutive business days at or above $1.00; a second 180 days by transferring to the ' +
    'Capital Market (5810(c)(3)(A)(i)) when the company meets its conditions (5810(c)(3)(A)(ii)); $0.10 rule (5810(c)(3)(A)(iii)) and ' +
    'reverse-split limits (prior year; 250:1 over two years, 5810(c)(3)(A)(iv), the 250:1 limit from SR-NASDAQ-2020-001) as for the ' +
    'Capital Market; hearing procedure as for the Capital Market. Sources: ' + NASDAQ_SOURCES + ' ; ' + NASDAQ_PROCEDURE_SOURCES,
  secondPeriodDays: 180,
  secondPeriodTransfer: true,
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
    '(802.01C as amended, SEC approval of Jan 15 2025). The six months run from receipt of the notification (modelled ' +
    'as the next business day); the company must state its intent to cure within 10 business days of receipt; a cure needing ' +
    'shareholder approval may take until the next annual meeting, after which the price must promptly exceed $1.00 and stay above ' +
    'for 30 trading days (the company\'s annualMeetingDate; "promptly" = 10 business days, an assumption). Reverse-split notice: ' +
    '10 calendar days assumed as on Nasdaq (SEC Rule 10b-17 asks for 10 days\' notice of a split\'s record date). Sources: ' + NYSE_SOURCES,
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
  noticeLagBusinessDays: 1,
  intentBusinessDays: 10,
  meetingPromptBusinessDays: 10,
  meetingHoldDays: 30,
  splitNoticeCalendarDays: 10,
  holidayCalendar: 'us',
};

/**
 * NYSE American Company Guide 1003(f)(v): a discretionary standard, modelled
 * with adjustable assumptions (threshold, averaging window, "reasonable time").
 */
const NYSE_AMERICAN: ListingRuleSet = {
  id: 'nyse-american',
  name: 'NYSE American (discretionary standard; assumptions)',
  source:
    'NYSE American Company Guide 1003(f)(v) has no bright-line price rule: if a stock sells "for a substantial period of time ' +
    'at a low price per share" the exchange may require a reverse split "within a reasonable time after being notified" and ' +
    'delist if it is not done; an "abnormally low" price may lead to immediate suspension (not modelled). The model treats it ' +
    'as a discretionary standard with ASSUMPTIONS the user can change: "low price" = a 30-trading-day average below $0.20, ' +
    '"reasonable time" = 180 calendar days, cure = the 30-day average back at or above $0.20. These numbers are not in the ' +
    'rule and were not checked against the exchange\'s letters; they are the commentators\' reading of practice (sources below). ' +
    'Delisting if reverse splits are cumulatively 200:1 or more over two years (1003 as amended Jan 2025). ' +
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
  splitNoticeCalendarDays: 10,
  holidayCalendar: 'us',
  discretionary: true,
};

export const LISTING_RULE_PRESETS: Record<string, ListingRuleSet> = {
  'nasdaq-cm': NASDAQ_CM,
  'nasdaq-gm': NASDAQ_GM,
  nyse: NYSE,
  'nyse-american': NYSE_AMERICAN,
};

/**
 * The counting alone: a rule set without the procedure around it (letter lag,
 * deadline roll, hearings, transfer, intent, meeting path, split notice), as
 * the presets were before issue 11; the Global Market without its transfer.
 * For comparisons (docs/calibration.md section 8) and the counting tests.
 */
export function withoutProcedure(rules: ListingRuleSet): ListingRuleSet {
  const {
    noticeLagBusinessDays: _a, rollDeadline: _b, secondPeriodTransfer, hearingRequestDays: _d, suspensionBusinessDays: _e,
    maxPanelExceptionDays: _f, noStayAfterSecondPeriod: _g, pennyRule: _h, intentBusinessDays: _i, meetingPromptBusinessDays: _j,
    meetingHoldDays: _k, splitNoticeCalendarDays: _l, splitNoticeBusinessDays: _m, holidayCalendar: _n, discretionary: _o, ...counting
  } = rules;
  return secondPeriodTransfer ? { ...counting, secondPeriodDays: 0 } : counting;
}
