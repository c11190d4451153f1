#!/usr/bin/env python3
"""Independent cross-check of the dates in test/listing-procedure.test.ts.

Holidays are the exchanges' PUBLISHED lists (typed from nyse.com/markets/hours-calendars
and jpx.co.jp), not computed by rule, so the check is independent of sim/holidays.ts.
Run: python3 test/reference/listing_dates.py
"""
import datetime as dt
D = dt.date.fromisoformat
US = {D(x) for x in """
2023-01-02 2023-01-16 2023-02-20 2023-04-07 2023-05-29 2023-06-19 2023-07-04 2023-09-04 2023-11-23 2023-12-25
2024-01-01 2024-01-15 2024-02-19 2024-03-29 2024-05-27 2024-06-19 2024-07-04 2024-09-02 2024-11-28 2024-12-25
2025-01-01 2025-01-09 2025-01-20 2025-02-17 2025-04-18 2025-05-26 2025-06-19 2025-07-04 2025-09-01 2025-11-27 2025-12-25
2026-01-01 2026-01-19 2026-02-16 2026-04-03 2026-05-25 2026-06-19 2026-07-03 2026-09-07 2026-11-26 2026-12-25
2027-01-01 2027-01-18 2027-02-15 2027-03-26 2027-05-31 2027-06-18 2027-07-05 2027-09-06 2027-11-25 2027-12-24
""".split()}
biz = lambda d: d.weekday() < 5 and d not in US
def nxt(d, n=1):
    for _ in range(n):
        d += dt.timedelta(1)
        while not biz(d): d += dt.timedelta(1)
    return d
def roll(d):
    while not biz(d): d += dt.timedelta(1)
    return d
def nth_biz(start, n):
    d = start if biz(start) else nxt(start)
    for _ in range(n - 1): d = nxt(d)
    return d
def months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    import calendar
    return dt.date(d.year + y, mo + 1, min(d.day, calendar.monthrange(d.year + y, mo + 1)[1]))
P = lambda *a: print(*a)
day = dt.timedelta
# Issue examples
for start in ('2023-07-31', '2023-05-01'):
    test = nth_biz(D(start), 30); letter = nxt(test); P('example', start, 'test', test, 'letter', letter, 'deadline', roll(letter + day(180)))
# CM/GM from 2026-01-05 at $0.80
test = nth_biz(D('2026-01-05'), 30); letter = nxt(test); d1 = roll(letter + day(180)); e1 = nxt(d1)
d2 = roll(d1 + day(180)); det = nxt(d2); w = det + day(7)
P('cm: test', test, 'letter', letter, 'deadline1', d1, 'expiry1', e1, 'deadline2', d2, 'determination', det, 'hearing deadline', w, 'suspension', nxt(w, 2))
P('gm no second period: determination', e1, 'stay end', e1 + day(180), 'suspension', nxt(e1 + day(180)), '| no hearing: window', e1 + day(7), 'suspension', nxt(e1 + day(7), 2), '| panel 0: decision', e1 + day(45), 'suspension', nxt(e1 + day(45)))
P('gm cure in stay: 1.20 from 2026-09-14 -> regained', nth_biz(D('2026-09-14'), 10))
P('cure 10 from', nxt(letter), '->', nth_biz(nxt(letter), 10), '; cure 20 ->', nth_biz(nxt(letter), 20))
pen = nth_biz(nxt(letter), 10); P('penny inPeriod: determination', pen, 'stay end', pen + day(180), 'suspension', nxt(pen + day(180)))
pa = nth_biz(D('2026-01-05'), 10); P('penny anyTime: determination', pa, 'window', pa + day(7), 'suspension', nxt(pa + day(7), 2))
for dec in ('2026-06-26', '2026-06-24', '2026-07-20'):
    x = D(dec); P('split decided', dec, '-> effective', roll(max(x + day(10), nxt(x, 2))))
eff = D('2026-07-30'); P('split effective', eff, 'cure from it ->', nth_biz(eff, 10))
# NYSE
test = nth_biz(D('2026-01-05'), 30); rec = nxt(test); dl = months(rec, 6)
P('nyse: test', test, 'receipt', rec, 'deadline', dl, 'expiry', nxt(dl if biz(dl) else dl - day(0)), 'intent due', nxt(rec, 10))
meet = D('2026-10-15'); P('meeting', meet, 'stage2 from', nxt(meet), 'prompt deadline', nxt(meet, 10), 'fail', nxt(nxt(meet, 10)))
P('meeting cure: exceeds 2026-10-19, 30 trading days above ->', nth_biz(nxt(D('2026-10-19')), 30))
# mid-story
for nd in ('2025-12-01', '2025-06-02'):
    x = D(nd); a = roll(x + day(180)); b = roll(a + day(180)); P('notice', nd, 'deadline1', a, 'deadline2', b)
b = roll(roll(D('2025-06-02') + day(180)) + day(180)); det = nxt(b); P('  determination', det, 'suspension', nxt(det + day(7), 2))
d = D('2026-01-05'); seq = []
while len(seq) < 35:
    d -= day(1)
    if biz(d): seq.append(d)
seq.reverse(); t = seq[29]; l = nxt(t); P('35 closes before start: 30th', t, 'letter', l, 'deadline', roll(l + day(180)), 'days left at start', (roll(l + day(180)) - D('2026-01-05')).days)
P('25 closes before start: 30th close', nth_biz(D('2026-01-05'), 5), 'letter', nxt(nth_biz(D('2026-01-05'), 5)))
