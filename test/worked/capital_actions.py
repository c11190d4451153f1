#!/usr/bin/env python3
"""Worked examples for test/capital-actions.test.ts, computed by hand rules
(docs/model.md 3 "Holder and lender behaviour", 4 "Dated actions") without the
engine. Market: BTC flat at $100,000 (mu 0, deterministic, impactY 0, so every
trade fills at $100,000) or a scripted log-linear path; premium frozen
(kappa 0, no index, drawdown or leverage terms), so S = exp(pi0) E / N with
E = A - D (deterministic mode: Merton with zero volatility).
Run: python3 test/worked/capital_actions.py
"""
import datetime as dt, math

P = 100_000.0

def example_a():
    print("A. dated raise of a convertible into coins, then a dated partial repay")
    H, cash, N, S0 = 1000.0, 40e6, 100e6, 1.0
    E0 = H * P + cash                      # no debt at the start
    pi0 = math.log(S0 * N / E0)
    # day 2 (Wed 2025-11-05): raise $50M convertible at 10%, proceeds into coins
    H += 50e6 / P                          # 500 coins at $100k
    debt = 50e6
    E = H * P + cash - debt
    print("  day 2 close: H=%.6f cash=%.2f debt=%.0f S=%.12f" % (H, cash, debt, math.exp(pi0) * E / N))
    coupon = debt * 0.10 / 365             # accrues from day 3 (step 5 runs before step 6)
    cash -= 7 * coupon                     # days 3..9
    print("  day 9 cash before the repay: %.6f" % cash)
    need = 45e6 - cash                     # repay $45M: cash first, then coins
    sold = need / P
    H -= sold
    cash = 0.0
    debt = 5e6
    print("  day 9: coins sold %.9f, H=%.9f, debt=%.0f" % (sold, H, debt))
    c2 = debt * 0.10 / 365
    print("  day 10..: coupon %.9f USD/day -> funding sale %.12f coins/day" % (c2, c2 / P))
    E = H * P - debt
    print("  day 9 close S=%.12f" % (math.exp(pi0) * E / N))

def ordinal(s): return dt.date.fromisoformat(s).toordinal()

def script_price(points, o):
    pts = [(ordinal(d), math.log(p)) for d, p in points]
    if o <= pts[0][0]: return math.exp(pts[0][1])
    for (a, la), (b, lb) in zip(pts, pts[1:]):
        if o <= b:
            w = (o - a) / (b - a)
            return math.exp((1 - w) * la + w * lb)
    return math.exp(pts[-1][1])

PATH = [("2025-11-02", 100_000), ("2025-11-22", 60_000)]
START = ordinal("2025-11-03")

def is_biz(o): return dt.date.fromordinal(o).weekday() < 5

def example_b():
    print("B. holder put on LTV > 0.8: $60M loan on 1,000 pledged BTC, path 100k -> 60k over 20 days")
    for t in range(20):
        p = script_price(PATH, START + t)
        ltv = 60e6 / (1000 * p)
        if ltv > 0.8:
            print("  put day %d (%s) P=%.6f LTV=%.12f" % (t, dt.date.fromordinal(START + t), p, ltv))
            # PUTC: 1,500 coins, cash 5M: pays from cash, then sells (60M - 5M)/P of the released coins
            print("  PUTC funding sale %.9f coins; H after %.9f" % ((60e6 - 5e6) / p, 1500 - (60e6 - 5e6) / p))
            return t

def example_c(put_day):
    print("C. same put, company holds only the 1,000 pledged coins and $5M: amendment, sales until 2025-11-28")
    B, L = 60e6, 1000.0
    end = ordinal("2025-11-28")
    biz_left = lambda t: sum(1 for o in range(START + t, end + 1) if is_biz(o))
    rows = []
    for t in range(put_day, 26):
        o = START + t
        if not is_biz(o) or o > end: continue
        p = script_price(PATH, o)
        q = min(L, B / biz_left(t) / p)
        L -= q
        B -= q * p
        rows.append((t, q, B, L))
    for t, q, B_, L_ in rows:
        print("  day %2d %s sold %.9f coins, principal %.6f, pledge %.9f" % (t, dt.date.fromordinal(START + t), q, B_, L_))

def example_b2():
    print("B2. stock trigger: PUTS (1,500 BTC, $5M cash, $60M unsecured loan, 10M shares at $10): put when S < $6")
    pi0 = math.log(10 * 10e6 / (1500 * 100_000 + 5e6 - 60e6))
    for t in range(20):
        o = START + t
        if not is_biz(o): continue
        S = math.exp(pi0) * (1500 * script_price(PATH, o) + 5e6 - 60e6) / 10e6
        if S < 6:
            print("  put day %d (%s) step-4 S=%.9f" % (t, dt.date.fromordinal(o), S))
            return
    print("  date trigger: 2025-11-08 is a Saturday -> Monday 2025-11-10, day %d" % (ordinal("2025-11-10") - START))

def example_d():
    print("D. reverseSplit policy: below $1, target $5, ratio cap 50")
    # SPLT: 100 BTC, no debt, 10M shares at $1.20: S = 1.2 P / 100,000 while the premium is frozen
    for t in range(20):
        o = START + t
        if not is_biz(o): continue
        S = 1.2 * script_price(PATH, o) / 100_000
        if S < 1:
            print("  first business day with S < 1: day %d (%s) S=%.9f, ceil(5/S)=%d" % (t, dt.date.fromordinal(o), S, math.ceil(5 / S)))
            d = t
            break
    # with a prior 1-for-50 split 400 days before the start: nasdaq-cm limit 250 over 730 days
    print("  cap with a prior 1-for-50: largest whole r with 50 r < 250 = %d" % (math.ceil(250 / 50) - 1))
    # split notice of 10 days: decided day d, effective on the first business day on or after d + 10
    e = d + 10
    while not is_biz(START + e): e += 1
    print("  notice 10 days: decided day %d, effective day %d (%s)" % (d, e, dt.date.fromordinal(START + e)))

if __name__ == "__main__":
    example_a()
    d = example_b()
    example_c(d)
    example_b2()
    example_d()
