/** Scenarios of our own for the browser tests (delivered through share links). */
import { encodeShare, type Settings } from '../../web/lib/share.ts';

/** Three treasuries on two coins, for the 730-day timing and the listing-event markers. */
export const THREE_COMPANIES = {
  schemaVersion: 1,
  id: 'e2e-three',
  name: 'E2E: three treasuries (BTC, ETH, ETH)',
  startDate: '2025-11-21',
  horizonDays: 730,
  seed: '7',
  markets: { BTC: { preset: 'BTC' }, ETH: { preset: 'ETH' } },
  companies: [
    {
      ticker: 'AAA',
      name: 'Alpha BTC (secured convertible, defends its listing)',
      coin: 'BTC',
      exchange: 'nasdaq-cm',
      coins: 2264,
      costBasisUsd: 116900,
      cashUsd: 20e6,
      sharesOutstanding: 14.3e6,
      stockPrice0: 1.05,
      debt: [{ kind: 'convertible', principalUsd: 94.5e6, maturityDate: '2028-07-07', conversionPrice: 21, collateralCoins: 1617, covenantLtv: 0.8, liquidationLtv: 1, targetLtv: 0.6 }],
      policies: [{ kind: 'deleverage', trigger: 0.6 }, { kind: 'defendListing' }],
    },
    {
      ticker: 'BBB',
      name: 'Beta ETH (buyback below NAV)',
      coin: 'ETH',
      exchange: 'nasdaq-gm',
      coins: 40005,
      costBasisUsd: 3900,
      cashUsd: 37e6,
      sharesOutstanding: 36e6,
      stockPrice0: 2.41,
      buybackAuthorizationUsd: 200e6,
      policies: [{ kind: 'buybackBelowNav', maxPriceUsd: 5 }],
    },
    { ticker: 'CCC', name: 'Gamma ETH (holds)', coin: 'ETH', exchange: 'nyse', coins: 3.5e6, costBasisUsd: 4000, cashUsd: 400e6, sharesOutstanding: 384e6, stockPrice0: 26, policies: [{ kind: 'hold' }] },
  ],
};

export const THREE_SETTINGS: Settings = { seed: '7', horizonDays: 730, paths: 1000, company: 'AAA', deterministic: false, view: 'single' };

export async function hashFor(scenario: unknown, settings: Settings): Promise<string> {
  return `#${await encodeShare(scenario, settings)}`;
}

/** A user-rules policy: the app must load sim/expr.ts (and mathjs) for it, and only for it. */
export const RULES_SCENARIO = {
  schemaVersion: 1,
  id: 'e2e-rules',
  name: 'E2E: a treasury run by user rules',
  startDate: '2025-11-21',
  horizonDays: 365,
  seed: '3',
  markets: { BTC: { preset: 'BTC' } },
  companies: [
    {
      ticker: 'RULE',
      name: 'Rules Treasury',
      coin: 'BTC',
      exchange: 'nasdaq-cm',
      coins: 5000,
      costBasisUsd: 100000,
      cashUsd: 5e6,
      sharesOutstanding: 100e6,
      stockPrice0: 3,
      policies: [{ kind: 'rules', rules: [{ when: 'drawdown > 0.2 and mnav < 1', action: 'sellCoins', amount: 'min(0.01 * coins, 100)' }] }],
    },
  ],
};
