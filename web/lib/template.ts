/**
 * "New from template": a small, complete scenario to start from. Built on the
 * BTC preset; the company is made up (a small BTC treasury on the Nasdaq
 * Capital Market with a secured convertible), so every number is editable
 * without pretending to be anyone's real balance sheet.
 */
export const TEMPLATE_SCENARIO: Record<string, unknown> = {
  schemaVersion: 1,
  id: 'new-scenario',
  name: 'New scenario (template): a small BTC treasury',
  description: 'Made-up company for experiments: 2,000 BTC bought at $110k, an $80M convertible secured by 1,500 BTC, deleverage and defend-the-listing policies. Edit anything, then download it as JSON.',
  startDate: '2025-11-21',
  horizonDays: 365,
  seed: '1',
  markets: { BTC: { preset: 'BTC' } },
  companies: [
    {
      ticker: 'NEWCO',
      name: 'NewCo Bitcoin Treasury (made up)',
      coin: 'BTC',
      exchange: 'nasdaq-cm',
      coins: 2000,
      costBasisUsd: 110000,
      cashUsd: 10000000,
      sharesOutstanding: 60000000,
      stockPrice0: 2.2,
      opexUsdPerYear: 12000000,
      buybackAuthorizationUsd: 25000000,
      debt: [
        { kind: 'convertible', id: 'convertible-2028', principalUsd: 80000000, couponRate: 0.05, maturityDate: '2028-06-30', conversionPrice: 10, collateralCoins: 1500, covenantLtv: 0.8, liquidationLtv: 1, targetLtv: 0.6 },
      ],
      policies: [{ kind: 'deleverage', trigger: 0.6, repayFraction: 0.5 }, { kind: 'defendListing' }],
    },
  ],
};
