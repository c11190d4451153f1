/**
 * Step 6, policies (docs/model.md §7, §11 "Policies"): each company's voluntary
 * intents in the normative policy order, user rules, buybacks.
 */

import { R_DELEVERAGE, R_BUYBACK, R_DEFEND, R_STOPLOSS, R_RULE, K_PREFERRED, P_BUYBACK, P_DELEVERAGE, P_DEFEND, P_STOPLOSS, P_ISSUE, P_RULES, P_ACCUMULATE, P_SPLIT, V_PRICE, V_COST, V_COINS, V_COINVAL, V_CASH, V_DEBT, V_SHARES, V_STOCK, V_MNAV, V_NAVPS, V_DD, V_LTV, V_UNREAL, V_MCAP, V_ADV, V_DAY, V_NOTICE, V_DAYSLEFT, V_DELISTED, V_SOLDUSD } from './codes.ts';
import { atmRoom, buybackCash, accumulate } from './capital-day.ts';
import { MIN_BUYBACK_USD } from './capital.ts';
import { ListingState } from './listing-state.ts';
import { policyOn, reverseSplitPolicy } from './actions.ts';
import type { PathRun } from './engine.ts';
import { averageDailyVolumeUsd, coinValueUsd, debtUsd, ltv, marketCapUsd, mnav, navPerShare, unrealizedLossUsd } from './derived.ts';

/** Step 6 for company i: voluntary intents, in the normative policy order. */
export function policies(run: PathRun, i: number): void {
  const c = run.co[i], pc = run.model.companies[i], t = run.t;
  const m = run.mk[pc.market];
  const pPre = m.pPre;
  const adv = averageDailyVolumeUsd(pc.params.stock.turnover, c.S, c.N);
  for (let k = 0; k < pc.policyKinds.length; k++) {
    const p = policyOn(pc.actions, pc.policies, k, t);
    if (p === null) continue; // switched off by a dated setPolicy
    switch (pc.policyKinds[k]) {
      case P_DELEVERAGE: {
        if (p.kind !== 'deleverage') break;
        let debt = 0;
        for (let j = 0; j < pc.instruments.length; j++) if (pc.instruments[j].kind !== K_PREFERRED) debt += c.principal[j] - c.repay[j];
        // LTV at P_pre on the debt net of what today already repays.
        if (debt <= 0 || c.H <= 0 || ltv(debt, c.H, pPre) <= p.trigger) break;
        // Repay a fraction of each instrument, selling any coins (docs/model.md §11: deleverage may
        // sell any). Repaying releases pledged coins pro rata; if free and released coins do not
        // cover the sale, the rest comes out of the remaining pledges, pro rata.
        const f = p.repayFraction;
        const sellable = c.H - c.totalSell();
        let q = (f * debt) / pPre;
        const scale = sellable <= 0 ? 0 : q > sellable ? sellable / q : 1;
        q *= scale;
        if (q <= 0) break;
        let pledged = 0;
        for (let j = 0; j < pc.instruments.length; j++) {
          if (pc.instruments[j].kind === K_PREFERRED) continue;
          c.addRepay(j, f * scale * (c.principal[j] - c.repay[j]));
          c.pledge[j] *= 1 - f * scale;
          pledged += c.pledge[j];
        }
        const short = q - c.sellableFree();
        if (short > 0 && pledged > 0) {
          const cut = Math.min(1, short / pledged);
          for (let j = 0; j < pc.instruments.length; j++) c.pledge[j] *= 1 - cut;
        }
        c.addSale(R_DELEVERAGE, q);
        break;
      }
      case P_STOPLOSS: {
        if (p.kind !== 'stopLoss') break;
        if (!c.stopLossLatched && pPre < c.K * (1 - p.maxLoss)) {
          c.stopLossLatched = true;
          c.stopLossBase = c.H;
        }
        if (!c.stopLossLatched) break;
        const avail = c.sellableFree();
        const q = Math.min(p.fractionPerDay * c.stopLossBase, avail);
        if (q > 0) c.addSale(R_STOPLOSS, q);
        break;
      }
      case P_BUYBACK: {
        if (p.kind !== 'buybackBelowNav') break;
        if (c.E <= 0 || c.S >= p.navDiscountThreshold * navPerShare(c.E, c.N)) break;
        if (p.maxPriceUsd > 0 && c.S >= p.maxPriceUsd) break;
        buybackFromCoins(run, i, Math.min(p.maxAdvFraction * adv, c.buybackLeft), R_BUYBACK);
        break;
      }
      case P_DEFEND: {
        if (p.kind !== 'defendListing') break;
        if (!c.listing.underNotice) break;
        buybackFromCoins(run, i, Math.min(p.maxAdvFraction * adv, c.buybackLeft), R_DEFEND);
        // At most one reverse split per compliance period: a second one would only restart the
        // rules' look-back (and the split's own penalty) without buying time.
        const left = c.listing.daysLeft(t);
        if (left < p.reverseSplitDaysLeft && c.S < pc.rules.minPrice && c.splitRatio === 0 && c.act.pendingSplitDay < 0 && c.splitForDeadline !== t + left) {
          run.decideReverseSplit(i, p.reverseSplitRatio);
          c.splitForDeadline = t + left;
        }
        break;
      }
      case P_ISSUE: {
        if (p.kind !== 'issueAboveNav') break;
        if (c.H <= 0 || c.listing.state === ListingState.delisted) break;
        if (mnav(c.S, c.N, c.H, pPre) <= p.mnavThreshold) break;
        let u = p.maxAdvFraction * adv;
        if (pc.capital.hasAtm) u = Math.min(u, atmRoom(run, i)); // an ATM programme caps all common issuance
        if (u <= 0) break;
        c.issueUsd += u;
        c.buyCoins += u / pPre;
        break;
      }
      case P_ACCUMULATE:
        if (p.kind === 'accumulate') accumulate(run, i, p.mnavThreshold, p.preferredMnavThreshold);
        break;
      case P_RULES:
        rules(run, i, adv);
        break;
      case P_SPLIT:
        if (p.kind === 'reverseSplit') reverseSplitPolicy(p, c, pc.rules, t, run.model.calendar.startOrdinal + t);
        break;
    }
  }
}

/** Size a buyback of up to `usd`, funded by cash first (capital) then free coins sold at P_pre; counted against the authorization unless a rule makes it. */
export function buybackFromCoins(run: PathRun, i: number, usd: number, reason: number, authorized = true): void {
  if (!(usd >= MIN_BUYBACK_USD)) return; // a rounding residual, not a trade (docs/model.md 3.4)
  const c = run.co[i], pc = run.model.companies[i];
  const pPre = run.mk[pc.market].pPre;
  const avail = c.sellableFree();
  const cashPart = buybackCash(run, i, usd); // capital: cash first (docs/model.md 3.4); 0 in v1
  let b = usd - cashPart;
  if (b > avail * pPre) b = avail * pPre;
  if (b > 0) c.addSale(reason, b / pPre);
  else if (cashPart > 0) b = 0;
  b += cashPart;
  if (!(b > 0)) return;
  c.cap.buybackCashUsd += cashPart;
  c.buybackUsd += b;
  if (authorized) c.buybackLeft -= b; // a rule's buyback is not counted against the authorization
}

export function rules(run: PathRun, i: number, adv: number): void {
  const c = run.co[i], pc = run.model.companies[i];
  const m = run.mk[pc.market];
  const v = run.vars, p = m.pPre;
  // The rule variables (docs/model.md §11): the derived figures of sim/derived.ts at P_pre.
  const debt = debtUsd(c.principal, pc.isPreferred);
  v[V_PRICE] = p; v[V_COST] = c.K; v[V_COINS] = c.H; v[V_COINVAL] = coinValueUsd(c.H, p); v[V_CASH] = c.cash; v[V_DEBT] = debt;
  v[V_SHARES] = c.N; v[V_STOCK] = c.S; v[V_MNAV] = mnav(c.S, c.N, c.H, p); v[V_NAVPS] = navPerShare(c.E, c.N);
  v[V_DD] = m.dd; v[V_LTV] = ltv(debt, c.H, p); v[V_UNREAL] = unrealizedLossUsd(c.H, c.K, p); v[V_MCAP] = marketCapUsd(c.S, c.N); v[V_ADV] = adv;
  v[V_DAY] = run.t; v[V_NOTICE] = c.listing.underNotice ? 1 : 0; v[V_DAYSLEFT] = c.listing.daysLeft(run.t);
  v[V_DELISTED] = c.listing.state === ListingState.delisted ? 1 : 0; v[V_SOLDUSD] = c.coinsSoldUsd;
  for (const r of pc.prepRules) {
    if (!r.when(v)) continue;
    let a = r.amount(v);
    if (!(a > 0)) continue; // NaN, zero or negative amounts do nothing
    switch (r.action) {
      case 0: { // sellCoins
        const avail = c.sellableFree();
        if (a > avail) a = avail;
        if (a > 0) c.addSale(R_RULE, a);
        break;
      }
      case 1: c.buyCoins += a; break; // buyCoins, paid from cash
      case 2: buybackFromCoins(run, i, a, R_RULE, false); break; // buyback (USD)
      case 3: if (c.listing.state !== ListingState.delisted) c.issueUsd += pc.capital.hasAtm ? Math.min(a, atmRoom(run, i)) : a; break; // issue (USD)
      case 4: { // repayDebt (USD), pro rata, funded by free coins
        if (debt <= 0) break;
        if (a > debt) a = debt;
        const avail = c.sellableFree();
        const q = Math.min(a / p, avail);
        if (q <= 0) break;
        const f = (q * p) / debt;
        for (let j = 0; j < pc.instruments.length; j++) {
          if (pc.instruments[j].kind === K_PREFERRED) continue;
          c.addRepay(j, f * c.principal[j]);
          c.pledge[j] *= 1 - f;
        }
        c.addSale(R_RULE, q);
        break;
      }
      case 5: if (a >= 1 && c.splitRatio === 0 && c.act.pendingSplitDay < 0) run.decideReverseSplit(i, a); break; // reverseSplit (ratio)
    }
  }
}
