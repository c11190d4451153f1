/**
 * The glossary behind every caption and lesson: plain-language definitions,
 * the formula the engine uses (the docs/model.md section in `ref`), and for the
 * formulas a worked example computed with the engine's own functions (so an
 * example can never drift from the code). Prose marks other terms `[[id]]`.
 * `test/teaching.test.ts` checks that every term a caption template or a
 * lesson uses is defined here, and that every cross-reference resolves.
 */
import { liquidated, linearImpact, mertonEquity, sqrtImpact } from '../../../sim/index.ts';
import { FTX_HOLE_USD } from '../../../src/summary.ts';
import { setTermNamer } from './segments.ts';

export interface GlossaryEntry {
  id: string;
  /** The term as shown. */
  term: string;
  /** Definition in plain language (may link other terms with [[id]]). */
  body: string;
  /** The formula or rule the engine applies, if any. */
  formula?: string;
  /** A worked example, computed with the engine's functions. */
  example?: () => string;
  /** Where the specification fixes it. */
  ref?: string;
}

const f2 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
const pct = (v: number, d = 2) => `${(v * 100).toFixed(d)}%`;

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    id: 'dat',
    term: 'digital asset treasury (DAT)',
    body: 'A listed company whose main business is holding a coin (BTC or ETH) it bought with money raised from shareholders and lenders. Its stock is a wrapper around the coins, so it moves with the coin, usually more than the coin (see [[mnav]]).',
    ref: 'docs/model.md §0',
  },
  {
    id: 'nav',
    term: 'NAV (net asset value)',
    body: 'What the company owns minus what it owes, here per share: the coins at today\'s price plus cash and other assets, less the debt. With no debt the equity NAV is simply the assets; with debt the engine values the equity as an option (see [[merton]]). When the coin falls, NAV falls with it: the first link of the loop.',
    formula: 'NAV per share = E / N, with assets A = H·P + cash + other assets',
    example: () => `1,000 coins at $3,000 plus $1M cash, no debt, 1M shares: NAV per share = $${f2((1000 * 3000 + 1e6) / 1e6)}.`,
    ref: 'docs/model.md §5.2',
  },
  {
    id: 'mnav',
    term: 'mNAV (multiple of NAV)',
    body: 'The stock market\'s price for the company divided by the value of its coins. Above 1 investors pay a premium for the wrapper (and the company can sell new shares to buy coins); below 1 the stock is worth less than the coins it holds, which tempts management to sell coins and buy back stock ([[buyback]]). The press quotes this basic figure.',
    formula: 'mNAV = S·N / (H·P)',
    example: () => `Stock $2.41 × 36.2M shares = $87.2M, against 40,005 ETH × $3,000 = $120M: mNAV = ${f2((2.41 * 36.2e6) / (40005 * 3000))}.`,
    ref: 'docs/model.md §5.2',
  },
  {
    id: 'premium',
    term: 'premium (log premium)',
    body: 'How far the stock trades above or below its equity NAV, as a log: S = exp(π)·E/N. It drifts toward a target that falls as the coin\'s [[drawdown]] deepens and drops further under a [[deficiency-notice]], after [[delisting]], with heavy debt, after a [[reverse-split]] and when a coin sale is announced ([[sale-announcement]]). This is "premium compression": the stock falls faster than the coin.',
    formula: 'π ← π + κ(π_target − π)/252 + noise + β·r_index;  π_target = π₀ − drawdownSensitivity·DD − penalties',
    ref: 'docs/model.md §5.3',
  },
  {
    id: 'cost-basis',
    term: 'cost basis',
    body: 'The average price the company paid per coin. Below it the holding shows a paper loss ([[unrealized-loss]]); a sale below it turns the paper loss into a [[realized-loss]]. Purchases move it; sales do not.',
    formula: 'K ← (K·H + cost of new coins) / (H + new coins)',
    ref: 'docs/model.md §5.1',
  },
  {
    id: 'merton',
    term: 'equity value under debt (Merton)',
    body: 'With debt, shareholders own the assets only after the lenders are paid, but they cannot lose more than their shares. So equity behaves like a call option on the assets struck at the debt: it stays positive even when the debt exceeds the assets, and it falls faster than the assets when they are close to the debt. The engine uses the Black-Scholes-Merton formula with the coin\'s volatility.',
    formula: 'E = A·Φ(d1) − D·Φ(d2),  d1 = (ln(A/D) + s²τ/2)/(s√τ),  d2 = d1 − s√τ',
    example: () => `Assets $100M, debt $90M, asset volatility 50%, one year: E = $${f2(mertonEquity(100e6, 90e6, 0.5, 1) / 1e6)}M (book value would be $10M).`,
    ref: 'docs/model.md §5.2',
  },
  {
    id: 'ltv',
    term: 'LTV (loan to value)',
    body: 'Debt divided by the value of the coins behind it. When the coin falls, LTV rises. Lenders set limits: above a [[covenant]] LTV the company must sell coins to bring it down; above the liquidation LTV the lender sells the pledged coins itself ([[collateral]]).',
    formula: 'LTV = debt / (coins × P)',
    example: () => `$94.5M owed against 1,617 BTC at $85,000: LTV = ${pct(94.5e6 / (1617 * 85000), 1)}.`,
    ref: 'docs/model.md §5.2, 5.4',
  },
  {
    id: 'deficiency-notice',
    term: 'deficiency notice',
    body: 'The exchange\'s letter telling a company its stock has closed below the minimum price ($1 on Nasdaq and the NYSE) for too long. It starts a [[compliance-period]] (the [[listing-clock]]); failing to cure in time leads to a [[determination]] and [[delisting]]. The market marks the stock down while the notice lasts (a [[premium]] penalty).',
    formula: 'Nasdaq: 30 consecutive business-day closes < $1.00; NYSE: 30-trading-day average < $1.00',
    ref: 'docs/model.md §6',
  },
  {
    id: 'listing-clock',
    term: 'listing clock (minimum price rule)',
    body: 'The exchange\'s count of how long the stock has closed below the minimum price, and then how long the company has left to cure. A state machine: compliant → [[deficiency-notice]] → ([[second-period]]) → [[determination]] → [[delisting]]. Curing takes closes back above the minimum ([[regained]]), often by a [[reverse-split]].',
    ref: 'docs/model.md §6',
  },
  {
    id: 'compliance-period',
    term: 'compliance period',
    body: 'The time a company gets after a [[deficiency-notice]] to bring its price back above the minimum: 180 days on Nasdaq, 6 months on the NYSE.',
    ref: 'docs/model.md §6',
  },
  {
    id: 'second-period',
    term: 'second compliance period',
    body: 'A further 180 days that Nasdaq Capital Market companies can get when the first [[compliance-period]] runs out.',
    ref: 'docs/model.md §6',
  },
  {
    id: 'regained',
    term: 'regained compliance',
    body: 'The stock has closed at or above the minimum long enough (Nasdaq: 10 consecutive closes; NYSE: at a month end, the close and the 30-day average) and the [[deficiency-notice]] is lifted.',
    ref: 'docs/model.md §6',
  },
  {
    id: 'determination',
    term: 'delisting determination',
    body: 'The exchange decides to delist: the [[compliance-period]] ran out, the stock sat at or below $0.10, or a recent [[reverse-split]] removed the right to a cure period.',
    ref: 'docs/model.md §6',
  },
  {
    id: 'delisting',
    term: 'delisting (OTC)',
    body: 'The stock leaves the exchange and trades over the counter, where fewer investors can or will buy it; the model applies a large [[premium]] penalty.',
    ref: 'docs/model.md §6',
  },
  {
    id: 'reverse-split',
    term: 'reverse split (ADS ratio change)',
    body: 'Swapping every r old shares for one new one: the price per share is multiplied by r and the share count divided by r, so the company is worth exactly the same (market cap, NAV and [[mnav]] unchanged). It lifts the price above the minimum without adding any value. For an [[ads]] the same thing is done by changing how many ordinary shares one ADS represents. Exchanges now limit it: a split in the year before a notice means no [[compliance-period]].',
    formula: 'N ← N / r,  S ← S × r  (premium − reverseSplitPenalty)',
    example: () => `1:10 on a $0.57 stock with 14.3M shares: $${f2(0.57 * 10)} a share, ${f2(14.3 / 10)}M shares, market cap $${f2(0.57 * 14.3)}M before and after.`,
    ref: 'docs/model.md §6',
  },
  {
    id: 'ads',
    term: 'ADS (American depositary share)',
    body: 'A US-listed certificate standing for a fixed number of a foreign company\'s ordinary shares. Sequans\' ADSs trade on the NYSE; changing the ratio (e.g. one ADS from 10 to 100 shares) is a [[reverse-split]] of the ADS.',
  },
  {
    id: 'liquidation',
    term: 'liquidation (leveraged longs and shorts)',
    body: 'Traders who bought coins with borrowed money are sold out by their exchange when the price falls far enough. Those forced sales push the price down further, which liquidates the next traders: the leverage loop. Traders who sold short are bought in the same way when the price rises far enough, and their forced buys push it up further. The model spreads the distances to liquidation exponentially, so each 1% of move liquidates the same fraction of what is left on that side. With a balanced book (the presets) leverage amplifies moves both ways without pushing the coin down on its own.',
    formula: 'ℓ(x) = L·(1 − exp(−x/m)),  x = the day\'s close-to-close drop, solved together with the drop it causes',
    example: () => `$4.5B of open interest, mean distance 12%, a 5% drop: $${f2(liquidated(4.5e9, 0.05, 0.12) / 1e9)}B liquidated.`,
    ref: 'docs/model.md §4.4',
  },
  {
    id: 'open-interest',
    term: 'open interest at risk',
    body: 'The leveraged long positions that a fall could liquidate, and the short positions that a rise could (USD, each side its own). Each [[liquidation]] uses some up; it rebuilds slowly toward a target.',
    ref: 'docs/model.md §4.4, 12',
  },
  {
    id: 'market-impact',
    term: 'market impact',
    body: 'How far a day\'s net selling moves the price. The calibration is genuinely uncertain: the [[sqrt-law]] and the [[linear-law]] differ by about eight times for a $1B sale, which is what decides whether the coin-side loop can run away ([[loop-gain]]). Part of the impact is permanent; the rest fades with a half-life.',
    formula: 'P = exp(f − T); every trade of the day fills at P_pre·exp(−I/2)',
    ref: 'docs/model.md §4.3',
  },
  {
    id: 'sqrt-law',
    term: 'square-root impact law',
    body: 'Impact grows with the square root of the amount sold relative to the day\'s volume: the first dollars move the price most. The default.',
    formula: 'I(Q) = Y·sd·√(Q / V_eff),  sd = impactVol/√365',
    example: () => `$1B of BTC with Y 0.7, volatility 50%, volume $20B: ${pct(sqrtImpact(1e9, 0.7, 0.5 / Math.sqrt(365), 20e9))}.`,
    ref: 'docs/model.md §4.3',
  },
  {
    id: 'linear-law',
    term: 'linear impact law (flow elasticity)',
    body: 'Impact proportional to the amount sold, as a regression of price moves on ETF flows measures it.',
    formula: 'I(Q) = λ·Q / $1B',
    example: () => `$1B of BTC with λ 3.4% per $1B: ${pct(linearImpact(1e9, 0.034))}.`,
    ref: 'docs/model.md §4.3',
  },
  {
    id: 'loop-gain',
    term: 'loop gain',
    body: 'The spiral\'s amplification in one number. Take one more 1% drop today: how much extra coin does it make everyone sell (treasuries\' policies, [[liquidation]]s), and how far does that extra selling move the price? If the answer is more than 1%, the gain is above 1 and a drop feeds itself; below 1 each round of selling is smaller than the last and the shock dies out (a total amplification of G/(1 − G)). Measured by re-running the day from the same state with every coin 1% lower, under both impact laws.',
    formula: 'G = [I(Q + ΔQ) − I(Q)] / 1%,  ΔQ = extra treasury sales + extra liquidations',
    example: () => {
      const g = (0.034 / 1e9) * (4.5e9 / 0.12) * Math.exp(-0.02 / 0.12);
      return `Linear law λ 3.4%/$1B, $4.5B open interest, mean distance 12%, a 2% drop: G ≈ λ·L/m·exp(−x/m) = ${f2(g)}: above 1.`;
    },
    ref: 'docs/model.md §9, 11',
  },
  {
    id: 'reinforcing-loop',
    term: 'reinforcing loop (R)',
    body: 'A chain of causes that comes back to where it started with the same sign: a fall causes more falling. In a causal-loop diagram each arrow carries + (moves the same way) or − (the opposite way); a loop with an even number of − signs is reinforcing. Whether it runs away depends on its [[loop-gain]].',
  },
  {
    id: 'one-day-delay',
    term: 'one-day delay',
    body: 'The stock is valued each morning at the coin\'s pre-trade price, so a sale that moves the coin today reaches the company\'s NAV, stock and policies on the next business day (a Friday sale on Monday). The loop turns at most once a day.',
    ref: 'docs/model.md §8',
  },
  {
    id: 'business-day',
    term: 'business day',
    body: 'A weekday without a market holiday. Coins trade every day; stocks, premiums, listing clocks and company policies move only on business days.',
    ref: 'docs/model.md §2',
  },
  {
    id: 'drawdown',
    term: 'drawdown',
    body: 'How far the coin is below its running peak (the peak starts at the all-time high).',
    formula: 'DD = max(0, 1 − P / running peak)',
    ref: 'docs/model.md §11',
  },
  {
    id: 'buyback',
    term: 'buyback below NAV',
    body: 'When the stock trades below NAV per share (a discount: for a company that is mostly coins, about the same as [[mnav]] below 1), buying back shares for less than they are worth raises NAV per share for the shareholders who stay. The catch: these companies fund buybacks by selling coins, which pushes the coin down ([[market-impact]]) and hurts every holder of that coin.',
    formula: 'when S < threshold × E/N: sell coins worth ≤ maxAdvFraction × ADV and buy back stock',
    ref: 'docs/model.md §7',
  },
  {
    id: 'convertible',
    term: 'convertible debt (secured)',
    body: 'A loan the lender can swap for shares at a fixed price. If the stock stays below that price it must be repaid in cash. Secured convertibles are backed by pledged coins ([[collateral]]).',
    ref: 'docs/model.md §5.4',
  },
  {
    id: 'collateral',
    term: 'collateral (pledged coins)',
    body: 'Coins handed to a lender as security. They still count as the company\'s coins, but it cannot sell them freely; repaying part of the loan releases part of them. If [[ltv]] passes the liquidation level the lender sells them.',
    ref: 'docs/model.md §5.4, docs/model.md 3',
  },
  {
    id: 'covenant',
    term: 'covenant',
    body: 'A promise in a loan agreement, here a maximum [[ltv]]. Breaking it forces the company to sell pledged coins and repay down to a target LTV (a [[margin-call]]).',
    ref: 'docs/model.md §5.4',
  },
  {
    id: 'margin-call',
    term: 'margin call (covenant cure)',
    body: 'A forced sale of pledged coins to bring [[ltv]] back under the [[covenant]].',
    formula: 'sell x = (principal − target·pledge·P) / (P·(1 − target))',
    ref: 'docs/model.md §11',
  },
  {
    id: 'deleverage',
    term: 'deleverage',
    body: 'Selling coins to repay debt when debt has grown too large against the coins ([[ltv]] above a trigger). It lowers the risk of a forced sale later, but the sale itself pushes the coin down.',
    formula: 'when (convertible + loan principal) / (H·P) > trigger: repay repayFraction of it',
    ref: 'docs/model.md §7',
  },
  {
    id: 'stop-loss',
    term: 'stop-loss (cutting losses)',
    body: 'Once the coin is a set fraction below the [[cost-basis]], sell a fixed slice of the holding every day until none is left: the treasury gives up on the coin and turns its [[unrealized-loss]] into a [[realized-loss]].',
    formula: 'latches when P < K × (1 − maxLoss); then sells fractionPerDay of the trigger-day holding each day',
    ref: 'docs/model.md §7',
  },
  {
    id: 'policy',
    term: 'treasury policy',
    body: 'The rule management follows each business day: hold, buy back below NAV, deleverage, defend the listing, stop-loss, issue above NAV, or user rules. Obligations (opex, interest, maturities, covenants) come first and can force sales ([[funding]]).',
    ref: 'docs/model.md §7',
  },
  {
    id: 'defend-listing',
    term: 'defending the listing',
    body: 'Under a [[deficiency-notice]], selling coins to buy back stock and, when time runs short, a [[reverse-split]]: "to keep the shell, sell coins to buy back the stock".',
    ref: 'docs/model.md §7',
  },
  {
    id: 'funding',
    term: 'funding a cash shortfall',
    body: 'When costs (operating expenses, interest, dividends, a maturity) exceed the cash, the company raises money in its funding order: new shares ([[atm]]) while [[mnav]] is above 1, else it sells coins. These sales are forced.',
    ref: 'docs/model.md §5.4',
  },
  {
    id: 'atm',
    term: 'at-the-market issuance (ATM)',
    body: 'Selling new shares into the market a little at a time. Only worth doing while [[mnav]] is above 1 (each new share brings in more than the coins it represents); below 1 it destroys value, so the funding falls back on coin sales.',
    ref: 'docs/model.md §5.4',
  },
  {
    id: 'issuance',
    term: 'share issuance',
    body: 'Selling new shares. It dilutes existing holders and pushes the stock down by the stock\'s own [[market-impact]].',
    ref: 'docs/model.md §5.3',
  },
  {
    id: 'preferred',
    term: 'preferred stock',
    body: 'Perpetual shares that rank ahead of common stock and pay a fixed dividend. Counted as a senior claim in [[merton]] equity; its dividends must be funded every day.',
    ref: 'docs/model.md §5.4',
  },
  {
    id: 'conversion',
    term: 'conversion',
    body: 'A [[convertible]] holder swaps the debt for new shares because the stock is above the conversion price: the debt disappears and the share count grows.',
    ref: 'docs/model.md §5.4',
  },
  {
    id: 'maturity',
    term: 'maturity and put',
    body: 'The date a loan must be repaid, or the date a holder may demand repayment (a put). A [[convertible]] whose stock is below the conversion price on that day is repaid in cash, which may force coin sales ([[funding]]).',
    ref: 'docs/model.md §5.4',
  },
  {
    id: 'insolvency',
    term: 'insolvency',
    body: 'Cash, new shares and every sellable coin together cannot pay the day\'s bills. The model freezes the company from then on (stock 0, no trades).',
    ref: 'docs/model.md §11',
  },
  {
    id: 'sale-announcement',
    term: 'sale announcement',
    body: 'A treasury\'s first coin sale after a quiet month is news: the coin takes a small permanent hit (the market reads it as a seller arriving) and the stock\'s [[premium]] takes a one-off penalty.',
    ref: 'docs/model.md §5.3, 11',
  },
  {
    id: 'execution-price',
    term: 'execution price',
    body: 'The price every trade of the day fills at: halfway (in log terms) between the pre-trade price and the post-trade price, so a seller pays half of its own [[market-impact]].',
    formula: 'P_exec = P_pre · exp(−I/2)',
    ref: 'docs/model.md §4.3',
  },
  {
    id: 'pre-trade-price',
    term: 'pre-trade price',
    body: 'The coin\'s price in the morning, after the day\'s market news but before anyone trades. Companies value themselves and size their trades at it.',
    ref: 'docs/model.md §8',
  },
  {
    id: 'etf-flow',
    term: 'ETF flows (and the chase)',
    body: 'Money going into or out of spot coin ETFs, which buy or sell the coin. Dated redemptions are [[scheduled-flow]]s; on top, investors chase returns: a fall yesterday brings redemptions today, a second market-side loop.',
    formula: 'g_t = φ·g_(t−1) + chase·AUM·r_(t−1) + noise  (inflow > 0)',
    ref: 'docs/model.md §4.2',
  },
  {
    id: 'scheduled-flow',
    term: 'scheduled flow',
    body: 'A dated sale or purchase the scenario supplies, such as the real ETF redemption days of November 2025 or a whale\'s sales.',
    ref: 'docs/model.md §4.2',
  },
  {
    id: 'counterfactual',
    term: 'counterfactual',
    body: 'The same run, same random numbers, with every company\'s trading switched off. The gap between the two coin prices is the fall the treasuries caused themselves.',
    ref: 'docs/model.md §9',
  },
  {
    id: 'force-share',
    term: 'share of the fall',
    body: 'How much of the coin\'s fall one force explains: the fall with every force on, minus the fall with that force alone switched off, divided by the fall with every force on (same seed). In a nonlinear system forces amplify or overlap each other, so the shares need not add up to 100%.',
    formula: 'D(t) = max(0, 1 − min(P_0..P_t)/P_start);  share_f = (D_all − D_without f) / D_all',
  },
  {
    id: 'unrealized-loss',
    term: 'unrealized (paper) loss',
    body: 'What the coins would lose against their [[cost-basis]] if sold today. Nothing is paid out; it becomes real only when coins are sold ([[realized-loss]]) or when lenders or listing rules force the company\'s hand.',
    formula: 'H × (K − P)',
    ref: 'docs/model.md §5.2',
  },
  {
    id: 'realized-loss',
    term: 'realized loss',
    body: 'The loss locked in by selling coins below the [[cost-basis]].',
    formula: 'Σ coins sold × (P_exec − K)',
  },
  {
    id: 'ftx-hole',
    term: 'FTX\'s hole',
    body: 'The shortfall in customer funds when the FTX exchange collapsed in 2022, the yardstick the source article uses for a treasury\'s losses.',
    example: () => `About $${f2(FTX_HOLE_USD / 1e9)}B (2023 trial).`,
  },
  {
    id: 'contagion',
    term: 'contagion',
    body: 'Every treasury holding a coin is valued at the same price, so one company\'s sale lowers the [[nav]] of all the others and can push them over their own thresholds.',
  },
  {
    id: 'exogenous',
    term: 'exogenous move (macro, news)',
    body: 'The part of the coin\'s move the model takes as given: macro fear, news, the replayed real path, random shocks. Everything else in the diagram is the model\'s own feedback.',
    ref: 'docs/model.md §4.1',
  },
];

const BY_ID = new Map(GLOSSARY.map((g) => [g.id, g]));

export function glossaryEntry(id: string): GlossaryEntry | undefined {
  return BY_ID.get(id);
}

/** The terms the issue requires, by id. */
export const REQUIRED_TERMS = ['nav', 'mnav', 'cost-basis', 'merton', 'deficiency-notice', 'reverse-split', 'ltv', 'liquidation', 'market-impact', 'loop-gain'] as const;

setTermNamer((id) => BY_ID.get(id)?.term.replace(/ \(.*\)$/, '') ?? id);
