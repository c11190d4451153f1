"""Builds scenarios/outcomes/replay-2025.json and its CSV twin (run from the repository root:
python3 scenarios/outcomes/build.py). Every row is a dated fact from ../shared/facts/scenario-facts.md
(section number and tag in its source), dated from 2025-10-06 (the forecast date of
scenarios/replay-2025.json) to 2025-11-21. The README's "dat-sim backtest" section documents the format."""
import json, csv, io
coin = [
 ("BTC","2025-10-06",124752,"facts §13: ATH ~$126,080-126,272 on Oct 6, day close $124,752 [N] https://www.blocmates.com/news-posts/bull-run-back-on-bitcoin-hits-new-ath-of-126-080-over-365m-in-liquidations-recorded"),
 ("BTC","2025-10-11",106000,"facts §13: $122k -> ~$105-107k on Oct 10-11 (middle of the range) [N] https://yellow.com/research/trump-100-china-tariff-how-one-announcement-liquidated-dollar19-billion-in-crypto"),
 ("BTC","2025-11-04",101000,"facts §13: ~$100-102k on Nov 4 [N] https://coinalertnews.com/news/2025/11/04/dce7c71317ca3cba41bebfa95c43eb75"),
 ("BTC","2025-11-17",93426,"facts §13: low $89,253.78, rebound $93,426 on Nov 17 [N] https://cryptovideos.net/2025/11/19/record-2-5-billion-flees-bitcoin-etfs-as-blackrocks-ibit-sheds-1-6-billion"),
 ("BTC","2025-11-21",84000,"facts §13: intraday low $80,553, ~$84k later on Nov 21 [N] https://allthe.news/yo/articles/bitcoin-hits-seven-month-low-in-broader-crypto-selloff"),
 ("ETH","2025-10-06",4700,"facts §13: ETH ~$4,700 on Oct 6 [N] https://pixelation.org/bitcoins-highest-ever-price-what-really-happened-at-126000-223s"),
 ("ETH","2025-10-11",3700,"facts §13: ETH -14% to -16% on Oct 10-11, to ~$3,700 [N] https://bitcointalk.org/index.php?topic=5512334.msg65492094"),
 ("ETH","2025-11-17",3100,"facts §13: ETH ~$3,100 on Nov 17 [N] https://cryptovideos.net/2025/11/19/record-2-5-billion-flees-bitcoin-etfs-as-blackrocks-ibit-sheds-1-6-billion"),
 ("ETH","2025-11-21",2700,"facts §13: ETH < $2,700 on Nov 21 (-8.9% on the day) [N] https://allthe.news/yo/articles/bitcoin-hits-seven-month-low-in-broader-crypto-selloff"),
]
events = [
 dict(ticker="SQNS",kind="coinSale",date="2025-11-04",coins=970,occurred=True,source="facts §1: sold 970 BTC to redeem half of its debentures, announced Nov 4 [F via news] https://www.gncrypto.news/news/sequans-sells-bitcoin-to-halve-debt-shares-fall"),
 dict(ticker="FGNX",kind="coinSale",date="2025-11-19",coins=10922,occurred=True,source="facts §2: sold 10,922 ETH, disclosed Nov 20 as of Nov 19 [F via news] https://www.mitrade.com/au/insights/news/live-news/article-3-1284154-20251121"),
 dict(ticker="FGNX",kind="buyback",date="2025-11-19",occurred=True,source="facts §2: ~3.4M shares repurchased at an average $3.45 by Nov 19 [F via news] https://www.mitrade.com/au/insights/news/live-news/article-3-1284154-20251121"),
 dict(ticker="FGNX",kind="notice",date="2025-11-21",occurred=False,source="facts §2: Nasdaq bid-price notice: none found (stock > $1 in the window) [?]"),
 dict(ticker="ETHZ",kind="reverseSplit",date="2025-10-20",occurred=True,source="facts §7: 1-for-10 reverse split effective Oct 20 [N] https://www.ainvest.com/news/ethzilla-1-10-reverse-stock-split-strategic-gambit-institutional-necessity-2510"),
 dict(ticker="ETHZ",kind="coinSale",date="2025-10-27",occurred=True,source="facts §7: ~$40M of ETH sold to fund buybacks, announced ~Oct 27 (date approximate) [N] https://allthe.news/zh/articles/ethzilla-sells-74-5-million-in-ether-to-trim-debt"),
 dict(ticker="BMNR",kind="coinSale",date="2025-11-21",occurred=False,source="facts §3: no coin sales (equity-funded, no debt) [N] https://yellow.com/news/tom-lees-bitmine-faces-dollar6-8b-loss-as-ethereum-falls-below-dollar2000"),
 dict(ticker="BMNR",kind="notice",date="2025-11-21",occurred=False,source="facts §3: listing notice none; NYSE American has no bright-line $1 rule [F]"),
 dict(ticker="SBET",kind="coinSale",date="2025-11-21",occurred=False,source="facts §6: coin sales none confirmed (an Arkham-flagged 4,364 ETH transfer was denied by the company) [N] https://billdillon.com/2025/11/why-sharplinks-4364-eth-transfer-is-a-reality-check-for-ethereum-investors/?amp=1"),
 dict(ticker="SBET",kind="coinPurchase",date="2025-10-17",occurred=True,source="facts §6: bought 19,271 ETH at avg $3,892 (Oct 17) [F via news] https://coinalertnews.com/news/2025/10/21/5055789eee44b1dc4c0408bdb74a31ff"),
 dict(ticker="BMNR",kind="coinPurchase",date="2025-11-09",occurred=True,source="facts §3: bought 110,288 ETH in the week to Nov 9 [F via news] https://www.ainvest.com/news/ethereum-news-today-bitmine-ethereum-hoard-governance-signal-institutional-blockchain-bet-2511"),
 dict(ticker="MSTR",kind="coinPurchase",date="2025-11-17",occurred=True,source="facts §4: bought 8,178 BTC for $835.6M (Nov 17) [F]"),
]
figures = [
 dict(ticker="SQNS",kind="stockPrice",date="2025-11-04",value=5.92,source="facts §1: $5.92 close, -16.6% on the sale news [N] https://news.tarebhtoday.online/2025/11/04/49108"),
 dict(ticker="SQNS",kind="mnav",date="2025-11-04",value=0.37,source="facts §1: ~14.3M ADS x $5.92 / (2,264 BTC x ~$102k) [E]"),
 dict(ticker="SQNS",kind="coins",date="2025-11-04",value=2264,source="facts §1: holdings 3,234 -> 2,264 BTC [F via news] https://www.gncrypto.news/news/sequans-sells-bitcoin-to-halve-debt-shares-fall"),
 dict(ticker="FGNX",kind="stockPrice",date="2025-11-20",value=2.41,source="facts §2: $2.41 after -7% on Nov 20 [N] https://cvj.ai/summarized/crypto-news/fg-nexus-sells-31m-eth-for-share-buyback-stock-dips-7"),
 dict(ticker="FGNX",kind="mnav",date="2025-11-20",value=0.76,source="facts §2: ~36.2M x $2.41 / ETH ~$115M [E]"),
 dict(ticker="FGNX",kind="coins",date="2025-11-19",value=40005,source="facts §2: 40,005 ETH on Nov 19 [F] https://secwatch.observer/filing/0001493152-25-024549.md"),
 dict(ticker="BMNR",kind="mnav",date="2025-11-20",value=0.77,source="facts §3: 0.77 basic (10x Research, Nov 20) [N] https://coinness.com/mn/news/1143680"),
 dict(ticker="BMNR",kind="stockPrice",date="2025-11-21",value=26,source="facts §3: below $26 in the week of Nov 17-21 [N] https://demo.decrypt.co/357114/tom-lee-bitmine-7-month-stock-low-ethereum-paper-losses-8-billion"),
 dict(ticker="BMNR",kind="coins",date="2025-11-17",value=3560000,source="facts §3: 3.56M ETH (Nov 17 release) [F via news] https://cointeeth.com/news/after-its-stock-price-plummeted-by-80-is-there-a"),
 dict(ticker="MSTR",kind="stockPrice",date="2025-11-17",value=195.42,source="facts §4: $195.42 on Nov 17 [N]"),
 dict(ticker="MSTR",kind="coins",date="2025-11-17",value=649870,source="facts §4: 649,870 BTC after the Nov 17 purchase [F]"),
 dict(ticker="MSTR",kind="mnav",date="2025-11-21",value=1.0,source="facts §4: basic mNAV briefly < 1 on Nov 21 [N] https://www.xtb.com/int/market-analysis/news-and-research/microstrategy-in-trouble-shares-down-67-from-the-highs"),
 dict(ticker="3350.T",kind="mnav",date="2025-10-17",value=0.88,source="facts §5: mNAV low 0.88 on Oct 17 [F via news] https://bitbo.io/news/metaplanet-share-buyback-mnav"),
 dict(ticker="3350.T",kind="mnav",date="2025-10-28",value=1.03,source="facts §5: mNAV 1.03 on Oct 28 [F via news] https://bitbo.io/news/metaplanet-share-buyback-mnav"),
 dict(ticker="SBET",kind="coins",date="2025-11-09",value=861251,source="facts §6: 861,251 ETH on Nov 9 [F via summary] https://fintool.com/app/research/companies/SBET/earnings/Q3%202025"),
]
doc = {
 "outcomesVersion": 1,
 "description": "What happened between the forecast date 2025-10-06 (scenarios/replay-2025.json) and 2025-11-21, from ../shared/facts (scenario-facts.md; section numbers in each source). Coin prices are dated closes or the middle of a reported range; events are sales, purchases, buybacks, splits and listing notices that did or did not happen by their date; figures are reported stock prices, mNAVs and coin holdings. Tags: [F] filing, [N] news, [E] arithmetic from cited inputs, [?] uncertain.",
 "coinPrices": [dict(coin=c,date=d,price=p,source=s) for c,d,p,s in coin],
 "events": events,
 "figures": figures,
}
open("scenarios/outcomes/replay-2025.json","w").write(json.dumps(doc, indent=2, ensure_ascii=False)+"\n")
buf = io.StringIO(); w = csv.writer(buf, lineterminator="\r\n")
w.writerow(["section","date","subject","kind","value","from","occurred","source"])
for c,d,p,s in coin: w.writerow(["coinPrice",d,c,"price",p,"","",s])
for e in events: w.writerow(["event",e["date"],e["ticker"],e["kind"],e.get("coins",""),e.get("from",""),"true" if e["occurred"] else "false",e["source"]])
for f in figures: w.writerow(["figure",f["date"],f["ticker"],f["kind"],f["value"],"","",f["source"]])
open("scenarios/outcomes/replay-2025.csv","w").write(buf.getvalue())
