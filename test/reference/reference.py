#!/usr/bin/env python3
"""Independent reference implementation of the DAT model (deterministic part).

Regenerate the fixtures (from the repository root):

    python3 test/reference/reference.py            # writes test/reference/<case>.json

test/engine-reference.test.ts runs the TypeScript engine on the same scenario
files and compares it with these fixtures, day by day, within 1e-9 relative.

Written from /work/shared/MODEL.md (sections 2-8, 11 and the two-sided leverage of 12) only, not from the
TypeScript engine, so that the two agree only where both follow the text. It
covers a small family of scenarios:

- one coin; its exogenous path is drift only (deterministic mode) or a scripted
  path that covers the whole horizon (then the run needs no random numbers even
  in stochastic mode, which keeps the coin's sigma, and so Merton's asset
  volatility, non-zero);
- square-root or linear impact, transient impact with a half-life, liquidity
  thinning in drawdowns, the two-sided leverage cascade (longs sold on drops,
  shorts bought on rises, one flow), scheduled flows and the
  chase term of the ETF flow (its noise is zero);
- one or two companies with opex, a convertible and/or a loan (coupon,
  collateral, covenant and liquidation LTVs, maturity or put date), preferred
  stock, funding of a cash shortfall by coin sales, and the policies
  deleverage, stopLoss and buybackBelowNav;
- the premium law (drift to target, drawdown and leverage penalties, index
  beta on the index drift, sale-announcement penalty);
- the v2 capital actions of docs/model.md 3.2-3.4, written from that text: an
  ATM programme (shelf, daily cap as a fraction of ADV, square-root stock
  impact) and a preferred programme used by the `accumulate` policy, a USD
  reserve (drawn before the funding order, refilled on business days from
  cash, the ATM, the preferred programme or coin sales), and buybacks paid
  partly from free cash (`buybackCashFraction`, `buybackMinCashUsd`).
- capital actions, written from docs/model.md ("Holder and lender behaviour",
  "Dated actions"): dated raises of preferred stock, convertibles and loans
  (kept as cash or spent on coins), dated repayments, coin sales and
  purchases, setPolicy on the policies above; holder puts (LTV, stock-price
  and date triggers) and amendments with their collateral sale schedule.
  Not covered here (tested on hand-made paths in test/capital-actions.test.ts
  instead): common-stock raises (issuance), dated and policy reverse splits
  and the split notice, which belong to the listing family.

Out of the family (the generator asserts they never happen): listing notices
(every stock stays at or above $1), at-the-market issuance in the funding
order (issuance through an ATM programme by `accumulate` or the reserve is in),
issueAboveNav, defendListing, rules, reverse splits (the reverseSplit policy,
dated splits, splitNoticeDays > 0), common-stock raises, insolvency, weekend
sale announcements.

Readings of MODEL.md where the text leaves room (each is a choice this file
makes on its own; a disagreement with the engine is then examined against the
text before either side is called wrong):
- "deterministic mode": every volatility and noise term is zero: the coin's
  sigma (so the drift is mu/365 and Merton uses s = 0, i.e. E = max(A-D, 0)),
  the premium and index noise, ETF flow noise and jumps. The impact laws keep
  their own volatilities (coin impactVol, stock impactVol): docs/model.md §4.3 says
  impactVol exists so that a deterministic run keeps its market impact.
- years to maturity = calendar days / 365 from the valuation day (day -1 for
  pi0); a convertible's tau uses its maturity date, not its put date.
- index log return on a business day = (mu - sigma^2/2)/252 + noise.
- the covenant cure repays the USD value of the coins sold at P_pre (the sale
  is sized at P_pre; slippage stays in cash, as for funding sales); the
  lender's liquidation repays with the actual proceeds (at P_exec).
- deleverage repays repayFraction of each convertible/loan principal
  outstanding at the start of the day, selling repayFraction*debt/P_pre coins;
  pledges are released pro rata (pledge *= 1 - repayFraction).
- buybackBelowNav: B = min(maxAdvFraction * ADV, authorization left) with ADV
  and S from step 4; coins sold = B / P_pre; the buyback fills at
  S*exp(dpi/2), dpi = Ys * stockImpactVol/sqrt(252) * sqrt(B/ADV), and pi += dpi.
- a sale is announced when no sale happened on days t-30..t-1 (quietDays=30).
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def ordinal(iso: str) -> int:
    return _dt.date.fromisoformat(iso).toordinal()


def iso(o: int) -> str:
    return _dt.date.fromordinal(o).isoformat()


def phi(x: float) -> float:
    """Standard normal CDF via the C library's erfc (independent of the engine's Cody code)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def merton_equity(A: float, D: float, s: float, tau: float) -> float:
    """docs/model.md §5.2 and 11 'Merton'."""
    if D <= 0:
        return max(A, 0.0)
    if A <= 0:
        return 0.0
    if s <= 0:
        return max(A - D, 0.0)
    sq = s * math.sqrt(tau)
    d1 = (math.log(A / D) + s * s * tau / 2) / sq
    d2 = d1 - sq
    return max(A * phi(d1) - D * phi(d2), 0.0)


class Insane(Exception):
    """The case left the reference's family (see the module docstring)."""


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

class Market:
    def __init__(self, coin: str, p: dict, start: int, days: int, deterministic: bool):
        self.coin = coin
        self.p = p
        self.sigma = 0.0 if deterministic else p["sigma"]
        self.log_level = {}
        script = p.get("scriptedPath", [])
        self.script = [(ordinal(x["date"]), math.log(x["price"])) for x in script]
        self.script_last = self.script[-1][0] if self.script else None
        if self.script and start + days - 1 > self.script_last:
            # Past the script the process is stochastic; only allowed in deterministic mode.
            if not deterministic:
                raise Insane("a scripted path must cover the horizon in stochastic mode")
        # state: close of day -1 at price0
        self.f = math.log(p["price0"])
        self.T = 0.0
        self.P = p["price0"]
        self.peak = p["peakPrice"]
        self.L = p["leverage"]["openInterestUsd"]
        # docs/model.md §12: short open interest, liquidated on rises (forced buys)
        self.S = p["leverage"]["shortOpenInterestUsd"]
        self.g = 0.0
        self.r_prev = 0.0  # yesterday's close-to-close log return; 0 on day 0
        self.decay = 2.0 ** (-1.0 / p["halfLifeDays"])
        self.sched = {}
        for fl in p.get("scheduledFlows", []):
            s = ordinal(fl["startDate"])
            for k in range(fl["days"]):
                self.sched[s + k] = self.sched.get(s + k, 0.0) + fl["usdPerDay"]

    def script_log_level(self, o: int) -> float:
        pts = self.script
        if o <= pts[0][0]:
            return pts[0][1]
        for (a, la), (b, lb) in zip(pts, pts[1:]):
            if o <= b:
                w = (o - a) / (b - a)
                return (1 - w) * la + w * lb
        return pts[-1][1]

    def r_exo(self, o: int) -> float:
        if self.script and o <= self.script_last:
            return self.script_log_level(o) - self.script_log_level(o - 1)
        return (self.p["mu"] - self.sigma ** 2 / 2) / 365.0

    def impact(self, q: float, v_eff: float) -> float:
        p = self.p
        if p["impactLaw"] == "linear":
            return p["lambdaPerBillion"] * q / 1e9
        if q == 0:
            return 0.0
        sd = p["impactVol"] / math.sqrt(365.0)
        return math.copysign(p["impactY"] * sd * math.sqrt(abs(q) / v_eff), q)


class Instrument:
    def __init__(self, d: dict, start: int, holidays: set):
        self.kind = d["kind"]
        self.id = d["id"]
        if self.kind == "preferred":
            self.principal = d["liquidationPreferenceUsd"]
            self.rate = d["dividendRate"]
            self.end = None
            self.maturity = None
            self.pledge = 0.0
            self.conv = None
            self.cov = self.liq = self.tgt = 0.0
            return
        self.principal = d["principalUsd"]
        self.rate = d["couponRate"] if self.kind == "convertible" else d["rate"]
        self.maturity = ordinal(d["maturityDate"])
        end = self.maturity
        if self.kind == "convertible" and d.get("putDate"):
            put = ordinal(d["putDate"])
            if start <= put < end:
                end = put
        while not is_business(end, holidays):
            end += 1
        self.end = end if end >= start else None
        self.conv = d.get("conversionPrice")
        self.pledge = d.get("collateralCoins", 0.0)
        self.cov = d.get("covenantLtv", 0.0)
        self.liq = d.get("liquidationLtv", 0.0)
        self.tgt = d.get("targetLtv", 0.5)
        # Holder put and amendment (docs/model.md 3, "Holder and lender behaviour").
        self.put = d.get("holderPut")
        self.put_day = None
        if self.put and self.put.get("date"):
            o = ordinal(self.put["date"])
            while not is_business(o, holidays):
                o += 1
            self.put_day = o
        self.amendment = d.get("amendment")
        self.put_done = False
        self.amended = False
        self.schedule_on = False
        self.holidays = holidays

    def years(self, o: int) -> float:
        if self.kind == "preferred":
            return 10.0
        return max(0.0, (self.maturity - o) / 365.0)


def is_business(o: int, holidays: set) -> bool:
    return _dt.date.fromordinal(o).weekday() < 5 and o not in holidays


class Company:
    def __init__(self, c: dict, market: Market, start: int, holidays: set):
        self.c = c
        self.ticker = c["ticker"]
        self.m = market
        self.H = c["coins"]
        self.K = c["costBasisUsd"]
        self.cash = c["cashUsd"]
        self.other = c["otherAssetsUsd"]
        self.N = c["sharesOutstanding"]
        self.S = c["stockPrice0"]
        self.debt = [Instrument(d, start, holidays) for d in c.get("debt", [])]
        # Dated actions (docs/model.md 4): raises of debt or preferred get an instrument at principal 0.
        self.actions = []
        for k, a in enumerate(c.get("actions", [])):
            o = ordinal(a["date"])
            while not is_business(o, holidays):
                o += 1
            self.actions.append((o, ordinal(a["date"]), k, a))
            if a["kind"] == "raise":
                if a["instrument"] == "common":
                    raise Insane("common-stock raises (issuance) are outside the reference family")
                if a["instrument"] == "preferred":
                    d = {"kind": "preferred", "id": a["id"], "liquidationPreferenceUsd": 0.0, "dividendRate": a["rate"]}
                else:
                    d = {"kind": a["instrument"], "id": a["id"], "principalUsd": 0.0, "couponRate": a["rate"], "rate": a["rate"],
                         "maturityDate": a["maturityDate"], "conversionPrice": a.get("conversionPrice"), "putDate": None,
                         "collateralCoins": 0.0, "covenantLtv": a["covenantLtv"], "liquidationLtv": a["liquidationLtv"],
                         "targetLtv": a["targetLtv"], "holderPut": a.get("holderPut"), "amendment": a.get("amendment")}
                ins = Instrument(d, start, holidays)
                ins.principal = 0.0
                ins.raise_collateral = a.get("collateralCoins", 0.0)
                self.debt.append(ins)
            elif a["kind"] == "reverseSplit":
                raise Insane("reverse splits are outside the reference family")
        self.actions.sort(key=lambda x: (x[0], x[1], x[2]))
        if c.get("splitNoticeDays", 0) != 0:
            raise Insane("splitNoticeDays is outside the reference family")
        self.policy_now = list(c["policies"])
        self.buy = 0.0
        self.last_sale = None
        self.pending_announcement = False
        self.stop_latched = False
        self.stop_base = 0.0
        self.buyback_left = c["buybackAuthorizationUsd"]
        # v2 capital settings (docs/model.md 3.2-3.4); absent blocks = v1.
        self.atm = c.get("atm")
        self.pp = c.get("preferredProgram")
        self.res = c.get("reserve")
        self.bb_cash_frac = c.get("buybackCashFraction", 0.0)
        self.bb_min_cash = c.get("buybackMinCashUsd", 0.0)
        self.atm_left = self.atm["shelfUsd"] if self.atm else 0.0
        self.pref_left = self.pp["shelfUsd"] if self.pp else 0.0
        self.reserve = self.res["initialUsd"] if self.res else 0.0
        self.pref_ins = None
        if self.pp:
            self.pref_ins = Instrument({"kind": "preferred", "id": self.pp["id"], "liquidationPreferenceUsd": 0.0,
                                        "dividendRate": self.pp["dividendRate"]}, start, holidays)
            self.debt.append(self.pref_ins)
        self.realized = 0.0
        self.coins_sold = 0.0
        pr = c["premium"]
        self.pr = pr
        self.stock = c["stock"]
        for pol in c["policies"]:
            if pol["kind"] not in ("hold", "deleverage", "stopLoss", "buybackBelowNav", "accumulate"):
                raise Insane("policy %s is outside the reference family" % pol["kind"])
        if "atm" in c["fundingOrder"]:
            raise Insane("ATM funding is outside the reference family")
        # pi0 = log(S0*N0/E0) with the day -1 balance sheet (docs/model.md §11)
        E0, _, _ = self.value(market.P, start - 1)
        if not E0 > 0:
            raise Insane("starts insolvent")
        self.pi0 = math.log(self.S * self.N / E0)
        self.pi = self.pi0
        # leverage + size penalty of the day -1 balance sheet when measured from the start (sim/premium.ts)
        _, A0, D0 = self.value(market.P, start - 1)
        self.penalty0 = balance_sheet_penalty(pr, D0, A0, self.H * market.P) if pr.get("penaltiesFromStart") else 0.0

    def senior(self) -> float:
        return sum(i.principal for i in self.debt)

    def debt_usd(self) -> float:
        return sum(i.principal for i in self.debt if i.kind != "preferred")

    def value(self, P: float, o: int):
        """(E, A, D) at coin price P on day ordinal o (docs/model.md §5.2)."""
        A = self.H * P + self.cash + self.other
        D = self.senior()
        if D > 0:
            tau = max(0.25, sum(i.principal * i.years(o) for i in self.debt) / D)
        else:
            tau = 0.25
        s = self.m.sigma * self.H * P / A if A > 0 else 0.0
        return merton_equity(A, D, s, tau), A, D

    def free_coins(self) -> float:
        return max(0.0, self.H - sum(i.pledge for i in self.debt))


class Reference:
    def __init__(self, scenario: dict, days: int, deterministic: bool):
        self.sc = scenario
        self.days = days
        self.det = deterministic
        self.start = ordinal(scenario["startDate"])
        self.holidays = set(ordinal(h) for h in scenario.get("holidays", []))
        if len(scenario["markets"]) != 1:
            raise Insane("one coin only")
        (coin, mp), = scenario["markets"].items()
        self.market = Market(coin, mp, self.start, days, deterministic)
        if not deterministic:
            if mp["jumpsPerYear"] != 0 or mp["etfFlow"]["flowVolUsd"] != 0:
                raise Insane("stochastic mode needs jumps and ETF noise off")
            if scenario["equityIndex"]["sigma"] != 0:
                raise Insane("stochastic mode needs index sigma 0")
        self.companies = [Company(c, self.market, self.start, self.holidays) for c in scenario["companies"]]
        for c in self.companies:
            if not deterministic and c.pr["premiumVol"] != 0:
                raise Insane("stochastic mode needs premiumVol 0")
        idx = scenario["equityIndex"]
        isig = 0.0 if deterministic else idx["sigma"]
        self.index_r = (idx["mu"] - isig ** 2 / 2) / 252.0
        self.events = []
        self.rows = []

    def emit(self, t, company, kind, **fig):
        e = {"day": t, "company": company, "kind": kind}
        e.update(fig)
        self.events.append(e)

    def run(self):
        for t in range(self.days):
            self.step(t)
        return self

    # One day, docs/model.md §8.
    def step(self, t: int):
        o = self.start + t
        biz = is_business(o, self.holidays)
        m = self.market
        mp = m.p
        # 2. markets pre-trade
        m.T *= m.decay
        m.f += m.r_exo(o)
        p_pre = math.exp(m.f - m.T)
        dd = max(0.0, 1 - p_pre / m.peak)
        # 3. index
        r_index = self.index_r if biz else 0.0
        # 4. companies at P_pre; premium and S on business days
        for c in self.companies:
            E, A, D = c.value(p_pre, o)
            c.E, c.A, c.D = E, A, D
            if biz:
                pr = c.pr
                target = c.pi0 - pr["drawdownSensitivity"] * dd
                target -= balance_sheet_penalty(pr, D, A, c.H * p_pre) - c.penalty0
                c.pi += pr["kappa"] * (target - c.pi) / 252.0 + pr["indexBeta"] * r_index
                if c.pending_announcement:
                    raise Insane("weekend announcement")
                c.S = math.exp(c.pi) * E / c.N
        # 5. obligations (every calendar day)
        for c in self.companies:
            c.sell = {}  # reason -> coins
            c.repay = {}  # instrument id -> USD (sized at P_pre)
            c.lender = {}  # instrument id -> coins the lender sells
            c.buyback = 0.0
            c.forced_cover = False
            c.buy = 0.0
            cost = c.c["opexUsdPerYear"] / 365.0 + sum(i.principal * i.rate / 365.0 for i in c.debt)
            c.cash -= cost
            self.holder_obligations(t, o, biz, c, p_pre)
            for ins in c.debt:
                if ins.kind == "preferred" or ins.principal <= 0:
                    continue
                if ins.end == o:
                    if ins.kind == "convertible" and c.S >= ins.conv:
                        sh = ins.principal / ins.conv
                        c.N += sh
                        self.emit(t, c.ticker, "conversion", instrument=ins.id, shares=sh)
                    else:
                        c.cash -= ins.principal
                        self.emit(t, c.ticker, "repayment", instrument=ins.id, usd=ins.principal)
                    ins.principal = 0.0
                    ins.pledge = 0.0
                    continue
                if ins.pledge <= 0:
                    continue
                ltv = ins.principal / (ins.pledge * p_pre)
                if ins.liq > 0 and ltv > ins.liq:
                    q = min(ins.pledge, ins.principal / p_pre)
                    ins.pledge -= q
                    c.lender[ins.id] = q
                    c.sell["lenderLiquidation"] = c.sell.get("lenderLiquidation", 0.0) + q
                    c.forced_cover = True
                    self.emit(t, c.ticker, "collateralLiquidation", instrument=ins.id, coins=q)
                elif ins.cov > 0 and ltv > ins.cov:
                    # sell x: (pr - x P)/((pledge - x) P) = target
                    x = (ins.principal - ins.tgt * ins.pledge * p_pre) / (p_pre * (1 - ins.tgt))
                    x = min(x, ins.pledge)
                    ins.pledge -= x
                    c.sell["covenant"] = c.sell.get("covenant", 0.0) + x
                    c.repay[ins.id] = c.repay.get(ins.id, 0.0) + x * p_pre
                    c.forced_cover = True
                    self.emit(t, c.ticker, "marginCall", instrument=ins.id, coins=x)
            # v2: the reserve pays what free cash cannot, before anything is sold (docs/model.md 3.3).
            if c.res and c.cash < c.reserve:
                before = c.reserve
                c.reserve = max(c.cash, 0.0)
                if before > 0 and c.reserve == 0:
                    self.emit(t, c.ticker, "reserveDepleted", drawnUsd=before)
            if c.cash < 0:
                need = -c.cash
                free = c.free_coins() - sum(c.sell.values())
                q = min(max(free, 0.0), need / p_pre)
                if q > 0:
                    c.sell["funding"] = c.sell.get("funding", 0.0) + q
                if need - q * p_pre > 1e-6 * max(1.0, need):
                    raise Insane("insolvent")
        # 6. policies (business days): reserve refill, deleverage, stopLoss, buybackBelowNav,
        #    accumulate; then the day's common issuance (one impact) and preferred issuance.
        for c in self.companies:
            c.issue_today = 0.0
            c.pref_today = 0.0
            c.buy_usd = 0.0
            c.bb_cash = 0.0
        if biz:
            for c in self.companies:
                self.dated_actions(t, o, c, p_pre)
                adv = c.stock["turnover"] * c.S * c.N
                if c.res:
                    self.refill_reserve(t, c, p_pre, adv, o)
                for kind in ("deleverage", "stopLoss", "buybackBelowNav", "accumulate"):
                    for pol in c.policy_now:
                        if pol is not None and pol["kind"] == kind:
                            getattr(self, "policy_" + kind)(t, c, pol, p_pre, adv)
                if c.issue_today > 0:
                    u = c.issue_today
                    dpi = c.stock["impactY"] * c.stock["impactVol"] / math.sqrt(252.0) * math.sqrt(u / adv)
                    fill = c.S * math.exp(-dpi / 2)
                    c.pi -= dpi
                    c.N += u / fill
                    c.cash += u
                    c.atm_left = max(0.0, c.atm_left - u)
                    self.emit(t, c.ticker, "issuance", usd=u, shares=u / fill, price=fill)
                if c.pref_today > 0:
                    u = c.pref_today
                    c.pref_ins.principal += u / c.pp["pricePerPreference"]
                    c.cash += u
                    c.pref_left = max(0.0, c.pref_left - u)
                    self.emit(t, c.ticker, "preferredIssuance", instrument=c.pref_ins.id, usd=u)
        # announcements and company flow
        q_comp = 0.0
        signal = 0.0
        for c in self.companies:
            sold = sum(c.sell.values())
            c.announcing = False
            if sold > 0:
                quiet = c.c["quietDays"]
                if (c.last_sale is None or t - c.last_sale > quiet) and sold >= c.c.get("saleAnnouncementMinFraction", 0.0) * c.H:
                    c.announcing = True
                    signal += c.c["saleSignalImpact"]
                    if not biz:
                        raise Insane("weekend announcement: %s day %d" % (c.ticker, t))
            q_comp += (sold - c.buy) * p_pre - c.buy_usd
        # 7. clear the market
        q_sched = m.sched.get(o, 0.0)
        ef = mp["etfFlow"]
        m.g = ef["phi"] * m.g + ef["chase"] * ef["aumUsd"] * m.r_prev
        q0 = q_comp + q_sched - m.g
        thin = max(mp["minLiquidityFraction"], 1 - mp["liquidityDrawdownSensitivity"] * dd)
        v_eff = mp["dailyVolumeUsd"] * thin
        lev = mp["leverage"]
        log_prev = math.log(m.P)
        # docs/model.md §4.4 and 12: longs sold on the drop, shorts bought on the rise, one flow
        ell = 0.0
        ell_s = 0.0
        if m.L > 0 or m.S > 0:
            for _ in range(100):
                log_close = math.log(p_pre) - signal - m.impact(q0 + ell - ell_s, v_eff)
                ret = log_close - log_prev
                drop = max(0.0, -ret)
                rise = max(0.0, ret)
                nxt = m.L * (1 - math.exp(-drop / lev["meanLiquidationDistance"]))
                nxt_s = m.S * (1 - math.exp(-rise / lev["shortMeanLiquidationDistance"]))
                change = abs(nxt - ell) + abs(nxt_s - ell_s)
                ell = nxt
                ell_s = nxt_s
                if change <= 1e-12 * abs(ell + ell_s):
                    break
        m.L -= ell
        m.L += lev["rebuildPerDay"] * (lev["targetOpenInterestUsd"] - m.L)
        m.S -= ell_s
        m.S += lev["shortRebuildPerDay"] * (lev["shortTargetOpenInterestUsd"] - m.S)
        I = m.impact(q0 + ell - ell_s, v_eff)
        pf = mp["permanentFraction"]
        m.f -= pf * I + signal
        m.T += (1 - pf) * I
        close = math.exp(m.f - m.T)
        p_exec = p_pre * math.exp(-I / 2)
        m.r_prev = math.log(close / m.P)
        m.P = close
        m.peak = max(m.peak, close)
        # 8. settle
        for c in self.companies:
            sold = 0.0
            reserve_coins = c.sell.get("reserve", 0.0)
            for reason in sorted(c.sell):
                q = c.sell[reason]
                if q <= 0:
                    continue
                self.emit(t, c.ticker, "coinSale", reason=reason, coins=q, usd=q * p_exec, price=p_exec, announced=c.announcing)
                sold += q
                c.realized += q * (p_exec - c.K)
            if sold > 0:
                if sold > c.H * (1 + 1e-12):
                    raise Insane("sells more than it holds")
                c.H = max(0.0, c.H - sold)
                c.cash += sold * p_exec
                c.reserve += reserve_coins * p_exec
                c.coins_sold += sold
                c.last_sale = t
                if c.announcing:
                    c.pi -= c.pr["saleAnnouncementPenalty"]
            for ins in c.debt:
                pay = c.repay.get(ins.id, 0.0)
                if ins.id in c.lender:
                    pay += min(ins.principal - pay, c.lender[ins.id] * p_exec)
                if pay <= 0:
                    continue
                pay = min(pay, ins.principal)
                ins.principal -= pay
                c.cash -= pay
                if ins.principal <= 1e-6:
                    ins.principal = 0.0
                    ins.pledge = 0.0
                self.emit(t, c.ticker, "repayment", instrument=ins.id, usd=pay)
            if c.buyback > 0:
                B = c.buyback
                adv = c.stock["turnover"] * c.S * c.N
                dpi = c.stock["impactY"] * c.stock["impactVol"] / math.sqrt(252.0) * math.sqrt(B / adv)
                fill = c.S * math.exp(dpi / 2)
                shares = B / fill
                c.N -= shares
                c.cash -= B
                c.pi += dpi
                self.emit(t, c.ticker, "buyback", usd=B, shares=shares, price=fill)
            if c.buy > 0:
                q, cost = c.buy, c.buy * p_exec
                c.K = (c.K * c.H + cost) / (c.H + q)
                c.H += q
                c.cash -= cost
                self.emit(t, c.ticker, "coinPurchase", coins=q, usd=cost, price=p_exec)
            if c.buy_usd > 0:
                # accumulate: spends exactly what it raised, at P_exec (docs/model.md 3.2)
                u = c.buy_usd
                q = u / p_exec
                c.K = (c.K * c.H + u) / (c.H + q)
                c.H += q
                c.cash -= u
                self.emit(t, c.ticker, "coinPurchase", coins=q, usd=u, price=p_exec)
            if c.res and c.reserve > c.cash:
                c.reserve = max(c.cash, 0.0)
            # closing stock price: post-trade balance sheet at P_pre (docs/model.md §11)
            if biz:
                E, _, _ = c.value(p_pre, o)
                c.S = math.exp(c.pi) * E / c.N
                if c.S < 1:
                    raise Insane("stock below $1 (%s day %d S=%g): listing rules are outside the reference family" % (c.ticker, t, c.S))
        # 10. record (valuation figures at the close)
        row = {
            "day": t,
            "date": iso(o),
            "coinPrice": close,
            "preTradePrice": p_pre,
            "executionPrice": p_exec,
            "liquidationsUsd": ell,
            "openInterestUsd": m.L,
            "shortLiquidationsUsd": ell_s,
            "shortOpenInterestUsd": m.S,
            "companies": {},
        }
        for c in self.companies:
            E_close, _, _ = c.value(close, o)
            row["companies"][c.ticker] = {
                "stockPrice": c.S,
                "coins": c.H,
                "cashUsd": c.cash,
                "debtUsd": c.debt_usd(),
                "shares": c.N,
                "navPerShare": E_close / c.N,
                "mnav": c.S * c.N / (c.H * close) if c.H > 0 else None,
                "realizedPnlUsd": c.realized,
            }
            if c.res or c.pp or c.atm:
                row["companies"][c.ticker]["reserveUsd"] = c.reserve
                row["companies"][c.ticker]["preferredUsd"] = sum(i.principal for i in c.debt if i.kind == "preferred")
                row["companies"][c.ticker]["atmShelfLeftUsd"] = c.atm_left
        self.rows.append(row)

    # --- capital actions (docs/model.md 3 "Holder and lender behaviour", 4 "Dated actions") ---
    def can_pay(self, c, usd, p_pre):
        free = c.free_coins() - sum(c.sell.values())
        return max(c.cash, 0.0) + max(free, 0.0) * p_pre >= usd

    def amend(self, t, o, c, ins, cause):
        am = ins.amendment
        ins.amended = True
        ins.put_done = True
        new_mat = ordinal(am["newMaturityDate"])
        end = new_mat
        while not is_business(end, ins.holidays):
            end += 1
        ins.end = end
        ins.maturity = new_mat
        ins.schedule_on = ins.pledge > 0 and ordinal(am["saleEndDate"]) >= o
        self.emit(t, c.ticker, "amendment", instrument=ins.id, cause=cause)

    def holder_obligations(self, t, o, biz, c, p_pre):
        debt = c.debt_usd()
        for ins in c.debt:
            if ins.kind == "preferred" or ins.principal <= 0:
                continue
            am = ins.amendment
            # an end day that would be paid in cash, amended instead when the company cannot pay (or always)
            if ins.end == o and am and not ins.amended:
                converts = ins.kind == "convertible" and c.S >= ins.conv
                if not converts and (am["mode"] == "always" or not self.can_pay(c, ins.principal, p_pre)):
                    self.amend(t, o, c, ins, "endDay")
            put = ins.put
            if put and not ins.put_done:
                if ins.pledge > 0:
                    ltv = ins.principal / (ins.pledge * p_pre)
                else:
                    ltv = debt / (c.H * p_pre) if c.H > 0 else math.inf
                trig = None
                if ins.put_day == o:
                    trig = "date"
                elif put["ltvAbove"] > 0 and ltv > put["ltvAbove"]:
                    trig = "ltv"
                elif biz and put["stockBelowUsd"] > 0 and c.S < put["stockBelowUsd"]:
                    trig = "stockPrice"
                if trig:
                    ins.put_done = True
                    due = put["fraction"] * ins.principal
                    if am and not ins.amended and (am["mode"] == "always" or not self.can_pay(c, due, p_pre)):
                        self.emit(t, c.ticker, "holderPut", instrument=ins.id, usd=due)
                        self.amend(t, o, c, ins, trig)
                    else:
                        ins.principal -= due
                        ins.pledge *= 1 - put["fraction"]
                        if ins.principal <= 1e-6:
                            ins.principal = 0.0
                            ins.pledge = 0.0
                        c.cash -= due
                        debt -= due
                        self.emit(t, c.ticker, "holderPut", instrument=ins.id, usd=due)
                        self.emit(t, c.ticker, "repayment", instrument=ins.id, usd=due)
            if ins.schedule_on:
                end = ordinal(am["saleEndDate"])
                if o > end or ins.pledge <= 0 or ins.principal <= 0:
                    ins.schedule_on = False
                elif biz:
                    left = sum(1 for x in range(o, end + 1) if is_business(x, self.holidays))
                    usd = ins.principal - c.repay.get(ins.id, 0.0)
                    q = min(ins.pledge, usd / left / p_pre)
                    if q > 0:
                        ins.pledge -= q
                        c.sell["amendment"] = c.sell.get("amendment", 0.0) + q
                        c.repay[ins.id] = c.repay.get(ins.id, 0.0) + q * p_pre
                        c.forced_cover = True
                    if o == end:
                        ins.schedule_on = False

    def dated_actions(self, t, o, c, p_pre):
        for (day, _written, k, a) in c.actions:
            if day != o:
                continue
            kind = a["kind"]
            if kind == "raise":
                ins = next(i for i in c.debt if i.id == a["id"])
                ins.principal = a["usd"]
                c.cash += a["usd"]
                coins = a["usd"] / p_pre if a["useOfProceeds"] == "coins" else 0.0
                if ins.kind != "preferred" and ins.raise_collateral > 0:
                    free = c.free_coins() - sum(c.sell.values()) + coins
                    ins.pledge = min(ins.raise_collateral, max(free, 0.0))
                c.buy += coins
                self.emit(t, c.ticker, "raise", instrument=ins.id, usd=a["usd"])
            elif kind == "repay":
                ins = next(i for i in c.debt if i.id == a["instrument"])
                B = ins.principal - c.repay.get(ins.id, 0.0)
                if B <= 0:
                    continue
                A = a["usd"] if 0 < a["usd"] < B else B
                cash = max(c.cash, 0.0)
                free = max(c.free_coins() - sum(c.sell.values()), 0.0)
                L = ins.pledge
                if L * p_pre < B:
                    A = min(A, (cash + free * p_pre) / (1 - L * p_pre / B))
                if A <= 0:
                    continue
                ins.pledge = L * (1 - A / B)
                if A > cash:
                    c.sell["action"] = c.sell.get("action", 0.0) + (A - cash) / p_pre
                c.repay[ins.id] = c.repay.get(ins.id, 0.0) + A
                c.forced_cover = True  # deleverage the same day would size on principal: outside the family
            elif kind == "buyCoins":
                cash = c.cash - c.buy * p_pre
                q = min(a["coins"], max(cash, 0.0) / p_pre)
                if q > 0:
                    c.buy += q
            elif kind == "sellCoins":
                q = min(a["coins"], max(c.free_coins() - sum(c.sell.values()), 0.0))
                if q > 0:
                    c.sell["action"] = c.sell.get("action", 0.0) + q
            elif kind == "setPolicy":
                c.policy_now[a["policy"]] = a["settings"] if a["enabled"] else None
                self.emit(t, c.ticker, "policyChange")

    # --- policies (docs/model.md §7 and 11 'Policies') ---
    def policy_deleverage(self, t, c, pol, p_pre, adv):
        debt = c.debt_usd()
        if debt <= 0 or c.H <= 0 or debt / (c.H * p_pre) <= pol["trigger"]:
            return
        if c.forced_cover:
            # MODEL.md leaves open whether deleverage sizes on principal before or after that day's forced repayments.
            raise Insane("deleverage and a covenant cure or lender liquidation on the same day")
        f = pol["repayFraction"]
        q = f * debt / p_pre
        if q > c.H - sum(c.sell.values()):
            raise Insane("deleverage needs more coins than held")
        for ins in c.debt:
            if ins.kind == "preferred":
                continue
            c.repay[ins.id] = c.repay.get(ins.id, 0.0) + f * ins.principal
            ins.pledge *= 1 - f
        c.sell["deleverage"] = c.sell.get("deleverage", 0.0) + q

    def policy_stopLoss(self, t, c, pol, p_pre, adv):
        if not c.stop_latched and p_pre < c.K * (1 - pol["maxLoss"]):
            c.stop_latched = True
            c.stop_base = c.H
        if not c.stop_latched:
            return
        avail = c.free_coins() - sum(c.sell.values())
        q = min(pol["fractionPerDay"] * c.stop_base, avail)
        if q > 0:
            c.sell["stopLoss"] = c.sell.get("stopLoss", 0.0) + q

    def policy_buybackBelowNav(self, t, c, pol, p_pre, adv):
        if not (c.E > 0 and c.S < pol["navDiscountThreshold"] * c.E / c.N):
            return
        if pol["maxPriceUsd"] > 0 and c.S >= pol["maxPriceUsd"]:
            return
        B = min(pol["maxAdvFraction"] * adv, c.buyback_left)
        if not B >= 1.0:  # docs/model.md 3.4: no buyback under $1
            return
        avail = c.free_coins() - sum(c.sell.values())
        # v2 (docs/model.md 3.4): min(fraction x B, cash - reserve - floor - cash already used today) from cash;
        # free cash under $1 counts as none (a rounding residual, not money to spend)
        free_cash = c.cash - c.reserve - c.bb_min_cash - c.bb_cash
        cash_part = min(c.bb_cash_frac * B, free_cash) if (c.bb_cash_frac > 0 and free_cash >= 1.0) else 0.0
        coin_part = max(0.0, min(B - cash_part, avail * p_pre))
        B = cash_part + coin_part
        if not B > 0:
            return
        if coin_part > 0:
            c.sell["buyback"] = c.sell.get("buyback", 0.0) + coin_part / p_pre
        c.bb_cash += cash_part
        c.buyback += B
        c.buyback_left -= B

    # --- v2 capital actions (docs/model.md 3.2-3.3) ---
    def atm_room(self, c, adv):
        if not c.atm:
            return 0.0
        return max(0.0, min(c.atm_left, c.atm["maxAdvFraction"] * adv) - c.issue_today)

    def pref_room(self, c):
        if not c.pp:
            return 0.0
        cap = c.pref_left if c.pp["maxUsdPerDay"] <= 0 else min(c.pref_left, c.pp["maxUsdPerDay"])
        return max(0.0, cap - c.pref_today)

    def refill_reserve(self, t, c, p_pre, adv, o):
        # target = months x 365/12 x (interest + dividends per day); an excess is released
        annual = sum(i.principal * i.rate for i in c.debt if i.principal > 0)
        target = c.res["targetMonths"] * (365.0 / 12.0) * annual / 365.0
        if c.reserve >= target:
            c.reserve = target
            return
        gap = target - c.reserve
        if gap < 1.0:  # gaps under $1 are left (docs/model.md 3.3)
            return
        if c.res["maxFundingUsdPerDay"] > 0:
            gap = min(gap, c.res["maxFundingUsdPerDay"])
        mnav = c.S * c.N / (c.H * p_pre) if c.H > 0 else math.inf
        for src in c.res["fundWith"]:
            if gap <= 0:
                break
            x = 0.0
            if src == "cash":
                x = min(gap, c.cash - c.reserve)
                if x > 0:
                    c.reserve += x
            elif src == "atm":
                if not (c.atm and mnav > c.atm["minMnav"]):
                    continue
                x = min(gap, self.atm_room(c, adv))
                if x > 0:
                    c.issue_today += x
                    c.reserve += x
            elif src == "preferred":
                if not c.pp:
                    continue
                x = min(gap, self.pref_room(c))
                if x > 0:
                    c.pref_today += x
                    c.reserve += x
            elif src == "coins":
                q = min(max(c.free_coins() - sum(c.sell.values()), 0.0), gap / p_pre)
                if q > 0:
                    c.sell["reserve"] = c.sell.get("reserve", 0.0) + q
                    x = q * p_pre
            if x > 0:
                gap -= x
                self.emit(t, c.ticker, "reserveFunding", usd=x, source=src)

    def policy_accumulate(self, t, c, pol, p_pre, adv):
        mnav = c.S * c.N / (c.H * p_pre) if c.H > 0 else math.inf
        if c.atm and mnav > pol["mnavThreshold"]:
            u = self.atm_room(c, adv)
            if u > 0:
                c.issue_today += u
                c.buy_usd += u
        if c.pp and mnav > pol["preferredMnavThreshold"]:
            u = self.pref_room(c)
            if u > 0:
                c.pref_today += u
                c.buy_usd += u


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

PREMIUM = {
    "kappa": 2, "premiumVol": 0, "indexBeta": 1, "drawdownSensitivity": 1, "noticePenalty": 0.2,
    "otcPenalty": 0.7, "leveragePenalty": 1, "leverageFree": 0.2, "reverseSplitPenalty": 0.1,
    "saleAnnouncementPenalty": 0.1,
}
STOCK = {"impactY": 0.7, "impactVol": 1, "turnover": 0.05}


def market(**over):
    m = {
        "price0": 100000, "peakPrice": 120000, "mu": 0, "sigma": 0.5, "jumpsPerYear": 0, "jumpMean": 0, "jumpStd": 0,
        "impactLaw": "sqrt", "impactVol": 0.5, "impactY": 0.7, "lambdaPerBillion": 0.034, "dailyVolumeUsd": 20e9,
        "minLiquidityFraction": 0.3, "liquidityDrawdownSensitivity": 1, "permanentFraction": 0.5, "halfLifeDays": 5,
        "leverage": {"openInterestUsd": 0, "meanLiquidationDistance": 0.2, "targetOpenInterestUsd": 0, "rebuildPerDay": 0.05,
                     "shortOpenInterestUsd": 0, "shortMeanLiquidationDistance": 0.2, "shortTargetOpenInterestUsd": 0, "shortRebuildPerDay": 0.05},
        "etfFlow": {"aumUsd": 0, "phi": 0, "chase": 0, "flowVolUsd": 0},
        "scheduledFlows": [], "scriptedPath": [],
    }
    for k, v in over.items():
        m[k] = v
    return m


def lev(long_oi, long_m, long_target, long_rebuild, short_oi, short_m, short_target, short_rebuild):
    """Both books of a market's leverage (docs/model.md §4.4 and 12), every field explicit."""
    return {"openInterestUsd": long_oi, "meanLiquidationDistance": long_m, "targetOpenInterestUsd": long_target,
            "rebuildPerDay": long_rebuild, "shortOpenInterestUsd": short_oi, "shortMeanLiquidationDistance": short_m,
            "shortTargetOpenInterestUsd": short_target, "shortRebuildPerDay": short_rebuild}
def balance_sheet_penalty(pr, D, A, V):
    """Leverage and size terms of the premium target (docs/model.md 3, sim/premium.ts)."""
    pen = 0.0
    if A > 0:
        pen += pr["leveragePenalty"] * max(0.0, D / A - pr["leverageFree"])
    if pr.get("sizePenalty", 0) > 0:
        pen += pr["sizePenalty"] * max(0.0, math.log(pr["sizeRefUsd"] / max(V, 1.0)))
    return pen


def company(ticker, **over):
    c = {
        "ticker": ticker, "name": ticker + " Inc.", "coin": "BTC", "exchange": "nasdaq-cm",
        "coins": 10000, "costBasisUsd": 90000, "cashUsd": 0, "otherAssetsUsd": 0, "sharesOutstanding": 100e6,
        "stockPrice0": 10, "opexUsdPerYear": 0, "buybackAuthorizationUsd": 0, "saleSignalImpact": 0.002,
        "quietDays": 30, "saleAnnouncementMinFraction": 0.01, "premium": dict(PREMIUM), "stock": dict(STOCK), "debt": [],
        "fundingOrder": ["cash", "coins"], "policies": [{"kind": "hold"}],
    }
    for k, v in over.items():
        if k in ("premium", "stock"):
            c[k] = dict(c[k], **v)
        else:
            c[k] = v
    return c


def convertible(id, principal, maturity, conv, coupon=0.0, put=None, collateral=0, cov=0, liq=0, tgt=0.5):
    return {"kind": "convertible", "id": id, "principalUsd": principal, "couponRate": coupon, "maturityDate": maturity,
            "conversionPrice": conv, "putDate": put, "collateralCoins": collateral, "covenantLtv": cov,
            "liquidationLtv": liq, "targetLtv": tgt}


def loan(id, principal, maturity, rate=0.08, collateral=0, cov=0, liq=0, tgt=0.5):
    return {"kind": "loan", "id": id, "principalUsd": principal, "rate": rate, "maturityDate": maturity,
            "collateralCoins": collateral, "covenantLtv": cov, "liquidationLtv": liq, "targetLtv": tgt}


def scenario(id, markets, companies, start="2025-11-03", horizon=90, index_mu=0.08, index_sigma=0.2, holidays=None):
    return {
        "schemaVersion": 1, "id": id, "name": id, "description": "reference case " + id,
        "startDate": start, "horizonDays": horizon, "seed": "1", "holidays": holidays or [], "holidayCalendar": "none",
        "markets": markets, "equityIndex": {"name": "idx", "mu": index_mu, "sigma": index_sigma},
        "companies": companies,
    }


def script(start, days, total_log_move, price0, points=4):
    """A scripted path from day -1 at price0 over days+1 points (log-linear pieces with a kink)."""
    s = ordinal(start) - 1
    pts = []
    for k in range(points + 1):
        o = s + round(k * days / points)
        # zig-zag: down, down harder, up a bit, down
        frac = [0, 0.35, 0.9, 0.75, 1.0, 1.1, 1.2][k] if k <= 6 else 1.0
        pts.append({"date": iso(o), "price": price0 * math.exp(total_log_move * frac)})
    return pts


CASES = []


def case(name, sc, days, deterministic, note):
    CASES.append({"name": name, "scenario": sc, "days": days, "deterministic": deterministic, "note": note})


# 1. Drift only, square-root impact, cascade, scheduled flows, opex funded by
#    coin sales, and a stop-loss that latches part way down.
case(
    "drift-sqrt-stoploss",
    scenario("ref-drift-sqrt-stoploss", {"BTC": market(
        mu=-1.2, leverage=lev(5e9, 0.15, 6e9, 0.05, 2e9, 0.1, 3e9, 0.1),
        scheduledFlows=[{"startDate": "2025-11-10", "days": 5, "usdPerDay": 577.7e6, "label": "ETF redemptions"},
                        {"startDate": "2025-12-01", "days": 2, "usdPerDay": -400e6, "label": "whale buys"}],
    )}, [
        company("STOP", coins=20000, costBasisUsd=105000, cashUsd=0, opexUsdPerYear=40e6, stockPrice0=15,
                policies=[{"kind": "stopLoss", "maxLoss": 0.1, "fractionPerDay": 0.02}]),
    ]),
    80, True,
    "mu=-120%/yr drift, sqrt law with V thinning, $5B of longs at 15% mean distance, ETF redemptions, opex funded by coin sales, stopLoss at -10%",
)

# 2. Scripted fall (whole horizon), stochastic mode so Merton runs with s > 0,
#    linear impact, a collateralised convertible with a covenant, deleverage,
#    and a second company buying back stock below NAV.
START2 = "2025-10-27"
case(
    "script-linear-deleverage-buyback",
    scenario("ref-script-linear", {"BTC": market(
        price0=114000, peakPrice=126080, sigma=0.5, impactLaw="linear", lambdaPerBillion=0.034,
        scriptedPath=script(START2, 70, -0.35, 114000),
        leverage=lev(3e9, 0.12, 3e9, 0.1, 4e9, 0.08, 2e9, 0.05),
        scheduledFlows=[{"startDate": "2025-11-04", "days": 1, "usdPerDay": 577.7e6, "label": "ETF"}],
    )}, [
        company("DLEV", coins=3234, costBasisUsd=116900, cashUsd=30e6, sharesOutstanding=14.3e6, stockPrice0=7.1,
                opexUsdPerYear=81.6e6, buybackAuthorizationUsd=10e6,
                debt=[convertible("conv", 189e6, "2028-07-07", 21, coupon=0.02, collateral=3234)],
                policies=[{"kind": "deleverage", "trigger": 0.55, "repayFraction": 0.5},
                          {"kind": "buybackBelowNav", "navDiscountThreshold": 1, "maxAdvFraction": 0.25, "maxPriceUsd": 0}]),
        company("BUYB", coins=8000, costBasisUsd=95000, cashUsd=50e6, sharesOutstanding=200e6, stockPrice0=3.2,
                buybackAuthorizationUsd=200e6, opexUsdPerYear=10e6,
                policies=[{"kind": "buybackBelowNav", "navDiscountThreshold": 1, "maxAdvFraction": 0.25, "maxPriceUsd": 5}]),
    ], start=START2, index_sigma=0),
    70, False,
    "scripted -35% path over the horizon (no random numbers used), Merton with s>0, linear impact 3.4%/$1B, SQNS-like deleverage at 0.55 then buyback, FGNX-like buyback below NAV",
)

# 3. Covenant cure and lender liquidation on loans, a convertible that matures
#    in the horizon and is paid in cash (funding sales), preferred dividends.
case(
    "covenant-lender-maturity",
    scenario("ref-covenant", {"BTC": market(
        mu=-2.5, peakPrice=110000, liquidityDrawdownSensitivity=2, minLiquidityFraction=0.4,
        leverage=lev(2e9, 0.1, 2e9, 0.02, 1e9, 0.1, 1e9, 0.02),
        etfFlow={"aumUsd": 100e9, "phi": 0.5, "chase": 0.05, "flowVolUsd": 0},
    )}, [
        company("COVN", coins=5000, costBasisUsd=80000, cashUsd=30e6, stockPrice0=5, sharesOutstanding=120e6,
                opexUsdPerYear=20e6,
                debt=[loan("loanA", 150e6, "2027-01-15", rate=0.09, collateral=3000, cov=0.55, liq=0.0, tgt=0.4),
                      loan("loanB", 60e6, "2027-06-30", rate=0.1, collateral=1000, cov=0, liq=0.75),
                      convertible("cb", 40e6, "2025-12-13", 50, coupon=0.03),
                      {"kind": "preferred", "id": "pref", "liquidationPreferenceUsd": 25e6, "dividendRate": 0.1}]),
    ]),
    75, True,
    "mu=-250%/yr, ETF chase on, loan covenant at 55% LTV cured to 40%, lender liquidation above 75%, a convertible maturing on a Saturday (paid Monday) out of the money, preferred dividends",
)

# 4. Convertible put in the money (conversion), deleverage with a pledged loan,
#    stochastic mode on a rising script.
START4 = "2025-11-05"
case(
    "script-conversion",
    scenario("ref-conversion", {"BTC": market(
        price0=90000, peakPrice=126080, sigma=0.6, impactVol=0.6,
        scriptedPath=script(START4, 40, 0.25, 90000),
        leverage=lev(1e9, 0.12, 1e9, 0.05, 3e9, 0.1, 2.5e9, 0.08),
    )}, [
        company("CONV", coins=4000, costBasisUsd=70000, cashUsd=5e6, stockPrice0=6, sharesOutstanding=60e6,
                opexUsdPerYear=5e6,
                debt=[convertible("cv", 100e6, "2027-11-01", 5.5, coupon=0.01, put="2025-11-29"),
                      loan("ln", 120e6, "2026-12-01", rate=0.06, collateral=2500)],
                policies=[{"kind": "deleverage", "trigger": 0.58, "repayFraction": 0.25}]),
    ], start=START4, index_sigma=0, index_mu=0.1),
    40, False,
    "rising scripted path, a convertible with a put on Saturday 2025-11-29 converted on Monday (S >= conversion price), deleverage of a pledged loan",
)

# 5. Holidays (a loan due on Christmas is paid on the 26th), net buying against
#    a falling drift with heavy leverage (the square-root cascade crawls), two
#    companies selling into the same market on the same days.
case(
    "holidays-crawl-two-sellers",
    scenario("ref-holidays", {"BTC": market(
        mu=-0.8, price0=88000, peakPrice=126080, impactY=0.9,
        leverage=lev(8e9, 0.08, 7e9, 0.08, 5e9, 0.06, 6e9, 0.08),
        scheduledFlows=[{"startDate": "2025-12-23", "days": 3, "usdPerDay": -60e6, "label": "net buying"},
                        {"startDate": "2026-01-05", "days": 4, "usdPerDay": 2e9, "label": "redemptions"}],
    )}, [
        company("AAA", coins=15000, costBasisUsd=99000, cashUsd=0, opexUsdPerYear=30e6, stockPrice0=9,
                premium={"kappa": 5, "drawdownSensitivity": 0.5, "sizePenalty": 0.3, "sizeRefUsd": 2e9, "penaltiesFromStart": True},
                policies=[{"kind": "stopLoss", "maxLoss": 0.2, "fractionPerDay": 0.03}]),
        company("BBB", coins=6000, costBasisUsd=60000, cashUsd=10e6, stockPrice0=2.0, sharesOutstanding=200e6,
                buybackAuthorizationUsd=40e6, opexUsdPerYear=3e6,
                debt=[loan("bridge", 25e6, "2025-12-25", rate=0.12)],
                policies=[{"kind": "buybackBelowNav", "navDiscountThreshold": 0.9, "maxAdvFraction": 0.1, "maxPriceUsd": 0}]),
    ], start="2025-12-22", holidays=["2025-12-25", "2026-01-01"]),
    45, True,
    "holidays move a loan due on 2025-12-25 to 2025-12-26; a size term in the premium measured from the start; net buying meets a falling pre-trade price under the square-root law with $8B of longs; two sellers share one execution price",
)

# 6. Announcements after quiet periods: a buyback that exhausts its authorization,
#    two months without a sale, then a stop-loss (announced again); a company with
#    quietDays = 0 (every sale is news); preferred stock; a put date before the
#    start (ignored) on a convertible maturing after the horizon.
case(
    "quiet-periods-announcements",
    scenario("ref-quiet", {"BTC": market(
        mu=-1.0, impactY=0.8, permanentFraction=0.7, halfLifeDays=3,
        scheduledFlows=[{"startDate": "2025-12-15", "days": 10, "usdPerDay": 3e8, "label": "steady selling"}],
    )}, [
        company("QONE", coins=10000, costBasisUsd=95000, cashUsd=40e6, stockPrice0=6, buybackAuthorizationUsd=3e6,
                saleSignalImpact=0.004, premium={"saleAnnouncementPenalty": 0.05}, saleAnnouncementMinFraction=0,
                debt=[convertible("old", 50e6, "2027-03-01", 30, coupon=0.01, put="2025-06-01"),
                      {"kind": "preferred", "id": "pref", "liquidationPreferenceUsd": 100e6, "dividendRate": 0.08}],
                policies=[{"kind": "buybackBelowNav", "navDiscountThreshold": 1, "maxAdvFraction": 0.1, "maxPriceUsd": 0},
                          {"kind": "stopLoss", "maxLoss": 0.12, "fractionPerDay": 0.05}]),
        company("QTWO", coins=3000, costBasisUsd=130000, cashUsd=5e6, stockPrice0=40, sharesOutstanding=20e6, quietDays=0,
                saleAnnouncementMinFraction=0.03,
                premium={"saleAnnouncementPenalty": 0.01},
                saleSignalImpact=0.001, policies=[{"kind": "stopLoss", "maxLoss": 0.3, "fractionPerDay": 0.02}]),
    ]),
    100, True,
    "a buyback runs out of authorization, the company is quiet for two months and its stop-loss sale is announced again; quietDays=0 with a 3% announcement threshold makes none of QTWO's 2%-a-day sales news; preferred dividends; a put date before the start is ignored",
)

# 7. v2 capital actions (docs/model.md 3.2-3.4): a Strategy-like company accumulating
#    through an ATM programme (shelf, 8% of ADV, square-root impact) and a preferred
#    programme sold below par, with a 3-month reserve funded by preferred issuance;
#    an FGNX-like company buying back below NAV 60% from free cash, with a 6-month
#    reserve for its loan interest refilled by coin sales once the buybacks have
#    spent the free cash.
case(
    "capital-atm-preferred-reserve",
    scenario("ref-capital", {"BTC": market(
        mu=0.3, price0=100000, peakPrice=110000,
        leverage=lev(1e9, 0.2, 1e9, 0.05, 1e9, 0.2, 1e9, 0.05),
    )}, [
        company("ACCU", coins=20000, costBasisUsd=70000, cashUsd=5e6, sharesOutstanding=100e6, stockPrice0=30,
                saleSignalImpact=0.002,
                debt=[convertible("cb", 500e6, "2029-06-15", 60, coupon=0.01),
                      {"kind": "preferred", "id": "strk", "liquidationPreferenceUsd": 300e6, "dividendRate": 0.1}],
                atm={"shelfUsd": 150e6, "maxAdvFraction": 0.08, "minMnav": 1},
                preferredProgram={"id": "strc", "shelfUsd": 200e6, "dividendRate": 0.1, "pricePerPreference": 0.95, "maxUsdPerDay": 5e6},
                reserve={"targetMonths": 3, "initialUsd": 5e6, "fundWith": ["preferred"], "maxFundingUsdPerDay": 0},
                policies=[{"kind": "accumulate", "mnavThreshold": 1.2, "preferredMnavThreshold": 0}]),
        company("BUYC", coins=5000, costBasisUsd=110000, cashUsd=40e6, sharesOutstanding=50e6, stockPrice0=7,
                buybackAuthorizationUsd=100e6, buybackCashFraction=0.6, buybackMinCashUsd=0,
                debt=[loan("ln", 100e6, "2028-01-31", rate=0.08)],
                reserve={"targetMonths": 6, "initialUsd": 4e6, "fundWith": ["coins"], "maxFundingUsdPerDay": 0},
                policies=[{"kind": "buybackBelowNav", "navDiscountThreshold": 1, "maxAdvFraction": 0.25, "maxPriceUsd": 0}]),
    ]),
    70, True,
    "ATM shelf and ADV cap with square-root stock impact, preferred sold at 95% of preference (dividends become obligations), accumulate above mNAV 1.2, a reserve refilled by preferred issuance and one refilled by coin sales, buybacks 60% from free cash",
)


# 7. Capital actions (docs/model.md 3 and 4): dated raises into coins and cash, a dated partial
#    repayment funded by coins, dated coin sales and purchases, setPolicy on a stop-loss (changed,
#    then switched off), holder puts on LTV, stock price and date, an amendment after a put the
#    company cannot pay, and an amendment on an end day; falling drift with square-root impact.
def holder_put(ltv=0, stock=0, date=None, fraction=1):
    return {"ltvAbove": ltv, "stockBelowUsd": stock, "date": date, "fraction": fraction}


def amendment(sale_end, new_maturity, mode="ifShort"):
    return {"mode": mode, "saleEndDate": sale_end, "newMaturityDate": new_maturity}


def raise_action(date, instrument, usd, id, rate=0.0, maturity=None, conv=None, collateral=0, use="cash", put=None, amend=None):
    a = {"kind": "raise", "date": date, "instrument": instrument, "usd": usd, "id": id, "rate": rate, "useOfProceeds": use}
    if instrument in ("convertible", "loan"):
        a.update({"maturityDate": maturity, "collateralCoins": collateral, "covenantLtv": 0, "liquidationLtv": 0, "targetLtv": 0.5})
        if conv is not None:
            a["conversionPrice"] = conv
        if put:
            a["holderPut"] = put
        if amend:
            a["amendment"] = amend
    return a


STOP = {"kind": "stopLoss", "maxLoss": 0.1, "fractionPerDay": 0.004}
case(
    "capital-actions",
    scenario("ref-capital-actions", {"BTC": market(mu=-1.5, impactY=0.8)}, [
        company("RAIS", coins=4000, costBasisUsd=150000, cashUsd=20e6, stockPrice0=12, sharesOutstanding=60e6, opexUsdPerYear=8e6,
                debt=[convertible("old", 80e6, "2027-09-01", 40, coupon=0.02)],
                policies=[{"kind": "hold"}, dict(STOP)],
                actions=[
                    raise_action("2025-11-06", "loan", 30e6, "bridge", rate=0.09, maturity="2026-11-06", collateral=500, use="coins",
                                 put=holder_put(ltv=0.72)),
                    raise_action("2025-11-08", "preferred", 25e6, "prefA", rate=0.1),
                    {"kind": "repay", "date": "2025-11-13", "instrument": "old", "usd": 65e6},
                    {"kind": "sellCoins", "date": "2025-11-18", "coins": 120},
                    {"kind": "buyCoins", "date": "2025-11-24", "coins": 60},
                    {"kind": "setPolicy", "date": "2025-11-27", "policy": 1, "settings": dict(STOP, fractionPerDay=0.01), "enabled": True},
                    {"kind": "setPolicy", "date": "2025-12-10", "policy": 1, "settings": dict(STOP, fractionPerDay=0.01), "enabled": False},
                    {"kind": "repay", "date": "2025-12-15", "instrument": "prefA", "usd": 0},
                ]),
        company("AMND", coins=900, costBasisUsd=110000, cashUsd=3e6, stockPrice0=4, sharesOutstanding=30e6,
                debt=[dict(convertible("sec", 60e6, "2028-07-07", 21, coupon=0.0, collateral=900),
                           holderPut=holder_put(ltv=0.76), amendment=amendment("2025-12-19", "2027-01-07"))]),
        company("PUTS", coins=2500, costBasisUsd=90000, cashUsd=10e6, stockPrice0=9, sharesOutstanding=25e6, opexUsdPerYear=4e6,
                debt=[dict(loan("tl", 40e6, "2027-03-31", rate=0.07), holderPut=holder_put(stock=8.1)),
                      dict(loan("dl", 30e6, "2027-06-30", rate=0.05, collateral=600), holderPut=holder_put(date="2025-11-22", fraction=0.5))]),
        company("ENDA", coins=700, costBasisUsd=95000, cashUsd=1e6, stockPrice0=6, sharesOutstanding=15e6,
                debt=[dict(loan("bul", 30e6, "2025-11-20", rate=0.06, collateral=700), amendment=amendment("2025-12-05", "2026-06-30"))]),
    ]),
    60, True,
    "dated raises (loan into coins with a put, preferred), dated repay funded by coins, sell/buy coins, setPolicy on a stop-loss; holder puts on LTV, stock price and date (partial); amendments after a put and on an end day with collateral sale schedules",
)


def write_fixtures():
    for cs in CASES:
        ref = Reference(cs["scenario"], cs["days"], cs["deterministic"]).run()
        out = {
            "name": cs["name"],
            "note": cs["note"],
            "generatedBy": "python3 test/reference/reference.py",
            "days": cs["days"],
            "deterministic": cs["deterministic"],
            "scenario": cs["scenario"],
            "series": ref.rows,
            "events": ref.events,
        }
        path = os.path.join(HERE, cs["name"] + ".json")
        with open(path, "w") as fh:
            json.dump(out, fh, indent=1, allow_nan=False)
            fh.write("\n")
        kinds = {}
        for e in ref.events:
            k = e["kind"] + ("/" + e["reason"] if "reason" in e else "")
            kinds[k] = kinds.get(k, 0) + 1
        last = ref.rows[-1]
        print("%-34s coin %.2f -> %.2f  events %s" % (cs["name"], cs["scenario"]["markets"]["BTC"]["price0"], last["coinPrice"], kinds))
        for tk, v in last["companies"].items():
            print("    %s S=%.4f H=%.2f cash=%.0f debt=%.0f N=%.0f" % (tk, v["stockPrice"], v["coins"], v["cashUsd"], v["debtUsd"], v["shares"]))


if __name__ == "__main__":
    write_fixtures()
