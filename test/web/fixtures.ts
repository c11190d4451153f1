import type { ReactiveController } from 'lit';

/** A small scenario of our own for the web helper tests (the saved scenarios may change under us). */
export const TEST_SCENARIO = {
  schemaVersion: 1,
  id: 'web-test',
  name: 'Web test: two treasuries, BTC and ETH',
  startDate: '2025-11-21',
  horizonDays: 120,
  seed: 'web',
  markets: { BTC: { preset: 'BTC' }, ETH: { preset: 'ETH' } },
  companies: [
    {
      ticker: 'AAA',
      name: 'Alpha (BTC, secured convertible)',
      coin: 'BTC',
      exchange: 'nasdaq-cm',
      coins: 2264,
      costBasisUsd: 116900,
      cashUsd: 20e6,
      sharesOutstanding: 14.3e6,
      stockPrice0: 1.2,
      debt: [{ kind: 'convertible', principalUsd: 94.5e6, maturityDate: '2028-07-07', conversionPrice: 21, collateralCoins: 1617, covenantLtv: 0.8, liquidationLtv: 1, targetLtv: 0.6 }],
      policies: [{ kind: 'deleverage', trigger: 0.6 }, { kind: 'defendListing' }],
    },
    {
      ticker: 'BBB',
      name: 'Beta (ETH, buyback below NAV)',
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
  ],
};

/** A stand-in for a LitElement controller host: keeps its controllers, counts update requests. */
export function fakeLitHost() {
  const host = {
    controllers: [] as ReactiveController[],
    updates: 0,
    addController(c: ReactiveController) {
      host.controllers.push(c);
    },
    removeController() {},
    requestUpdate() {
      host.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
  return host;
}
