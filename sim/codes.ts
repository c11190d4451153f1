/**
 * Small-integer codes the day's steps share (sale reasons, instrument and
 * policy kinds, rule variables and actions): resolved once, compared as
 * integers in the per-day code.
 */
import type { RuleAction } from './types.ts';
import type { SaleReason } from './events.ts';

/** Sale reasons as small integers for the per-day intent arrays. */
export const SALE_REASONS: readonly SaleReason[] = ['deleverage', 'buyback', 'defendListing', 'stopLoss', 'funding', 'covenant', 'lenderLiquidation', 'rule', 'reserve', 'action', 'amendment'];
export const R_DELEVERAGE = 0, R_BUYBACK = 1, R_DEFEND = 2, R_STOPLOSS = 3, R_FUNDING = 4, R_COVENANT = 5, R_LENDER = 6, R_RULE = 7, R_RESERVE = 8;
/** sim/actions.ts: sales of dated actions (voluntary) and of an amendment's collateral schedule (forced). */
export const R_ACTION = 9, R_AMEND = 10;
export const N_REASONS = 11;
export const FORCED_REASON = [false, false, false, false, true, true, true, false, false, false, true];

export const K_CONVERTIBLE = 0, K_LOAN = 1, K_PREFERRED = 2;
export const P_HOLD = 0, P_BUYBACK = 1, P_DELEVERAGE = 2, P_DEFEND = 3, P_STOPLOSS = 4, P_ISSUE = 5, P_RULES = 6;
export const P_ACCUMULATE = 7; // docs/model.md 3.2
export const P_SPLIT = 8; // sim/actions.ts reverseSplitPolicy
/** docs/model.md §11: policies run in this order within a day, whatever order the file lists them in. */
export const POLICY_ORDER = [P_DELEVERAGE, P_STOPLOSS, P_BUYBACK, P_DEFEND, P_SPLIT, P_ISSUE, P_ACCUMULATE, P_RULES, P_HOLD];

/** Rule variables, in the order of sim/expr.ts RULE_VARIABLES (checked in prepareModel). */
export const RULE_VARIABLE_ORDER = [
  'price', 'costBasis', 'coins', 'coinValueUsd', 'cashUsd', 'debtUsd', 'shares', 'stockPrice', 'mnav', 'navPerShare',
  'drawdown', 'ltv', 'unrealizedLossUsd', 'marketCapUsd', 'advUsd', 'day', 'underNotice', 'daysLeft', 'delisted', 'coinsSoldUsd',
] as const;
export const V_PRICE = 0, V_COST = 1, V_COINS = 2, V_COINVAL = 3, V_CASH = 4, V_DEBT = 5, V_SHARES = 6, V_STOCK = 7, V_MNAV = 8, V_NAVPS = 9,
  V_DD = 10, V_LTV = 11, V_UNREAL = 12, V_MCAP = 13, V_ADV = 14, V_DAY = 15, V_NOTICE = 16, V_DAYSLEFT = 17, V_DELISTED = 18, V_SOLDUSD = 19;
export const RULE_ACTIONS: readonly RuleAction[] = ['sellCoins', 'buyCoins', 'buyback', 'issue', 'repayDebt', 'reverseSplit'];
