#!/usr/bin/env python3
"""Which fraud cards a model could have found, against those it found (Card Precision@k).

    vigil evaluate ... --scores scores.csv
    bench/quality/fraud_signals.py transactions.csv scores.csv [--k 100]

transactions.csv is the simulated history (`vigil simulate`, AFD's CSV format with label times);
scores.csv is `vigil evaluate --scores`: every test payment of every fold with its probability.

A test day's fraud card is *knowable* when one of its fraud payments that day carries a signal
that existed at the payment's time:
  - its amount is over 220 (the Handbook's scenario 1, a fixed rule);
  - its terminal had a fraud in the 35 days before whose label was already known (labels come
    a week after the payment, so a terminal compromised less than a week ago shows nothing);
  - its amount, or one of the card's in the 14 days before, is over 2.5 times the card's mean
    over the 30 days before (a card whose amounts were multiplied: the Handbook's scenario 3).
Otherwise nothing known then distinguishes it from a legitimate payment of the same card. A model
can still find a few of those, when another payment of the card that day scores high. And one
known fraud at a terminal is a weak signal (most are a compromised card's, paid at an ordinary
terminal): the table printed last shows how weak, the share of fraud among the payments at
terminals with 0, 1, 2 or more known frauds, against the probability of a day's k-th card.

Per fold it prints: test days, fraud cards per day not yet found (as Card Precision@k counts
them), those without a signal, the Card Precision@k of a ranking that puts every fraud card with a
signal first, and the model's Card Precision@k from the scores, with how many of the fraud cards
with a signal it ranked below k and the median probability of a day's k-th card. Standard library only.
"""
import argparse
import bisect
import collections
import csv
import datetime
import statistics


def parse_time(text):
    return datetime.datetime.fromisoformat(text.rstrip("Z"))


def read_history(path):
    """Payments by (card, timestamp text); fraud payments by terminal; amounts by card."""
    payments = {}
    terminal_frauds = collections.defaultdict(list)  # terminal -> [(time, label time)]
    card_amounts = collections.defaultdict(list)     # card -> [(time, amount)], in time order
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            when = parse_time(row["EVENT_TIMESTAMP"])
            amount = float(row["tx_amount"])
            fraud = row["EVENT_LABEL"] == "fraud"
            payments[(row["ENTITY_ID"], row["EVENT_TIMESTAMP"])] = (row["terminal_id"], amount, when)
            card_amounts[row["ENTITY_ID"]].append((when, amount))
            if fraud:
                terminal_frauds[row["terminal_id"]].append((when, parse_time(row["LABEL_TIMESTAMP"])))
    for frauds in terminal_frauds.values():
        frauds.sort()
    for amounts in card_amounts.values():
        amounts.sort()
    return payments, terminal_frauds, card_amounts


def known_terminal_frauds(terminal, when, terminal_frauds):
    """The terminal's frauds of the 35 days before `when` whose labels were known by then."""
    frauds = terminal_frauds.get(terminal, [])
    start = bisect.bisect_left(frauds, (when - datetime.timedelta(days=35),))
    return sum(label <= when for _, label in frauds[start:bisect.bisect_left(frauds, (when,))])


def knowable(card, terminal, amount, when, terminal_frauds, card_amounts):
    if amount > 220:
        return True
    if known_terminal_frauds(terminal, when, terminal_frauds) >= 1:
        return True
    amounts = card_amounts[card]
    end = bisect.bisect_right(amounts, (when, amount))
    begin = bisect.bisect_left(amounts, (when - datetime.timedelta(days=14),))
    return any(unusual(amounts, i) for i in range(begin, end))


def unusual(amounts, i):
    """Whether the card's payment i is over 2.5 times its mean of the 30 days before."""
    when, amount = amounts[i]
    begin = bisect.bisect_left(amounts, (when - datetime.timedelta(days=30),))
    before = [a for _, a in amounts[begin:i]]
    return bool(before) and amount > 2.5 * sum(before) / len(before)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("transactions")
    parser.add_argument("scores")
    parser.add_argument("--k", type=int, default=100)
    args = parser.parse_args()
    payments, terminal_frauds, card_amounts = read_history(args.transactions)

    # fold -> day -> card -> [max probability, fraud, knowable]
    folds = collections.defaultdict(lambda: collections.defaultdict(dict))
    by_known = collections.Counter()  # (known frauds at the terminal, capped at 3; fraud)
    with open(args.scores, newline="") as f:
        for row in csv.DictReader(f):
            card, stamp = row["entity_id"], row["event_timestamp"]
            terminal, amount, when = payments[(card, stamp)]
            fraud = row["fraud"] == "1"
            if amount <= 220:
                by_known[(min(known_terminal_frauds(terminal, when, terminal_frauds), 3), fraud)] += 1
            entry = folds[row["fold"]][when.date()].setdefault(card, [0.0, False, False])
            entry[0] = max(entry[0], float(row["probability"]))
            if fraud:
                entry[1] = True
                entry[2] = entry[2] or knowable(card, terminal, amount, when, terminal_frauds,
                                                card_amounts)

    print(f"{'fold':>4}  {'days':>4}  {'fraud_cards/day':>15}  {'no_signal/day':>13}  "
          f"{'signal_cp@' + str(args.k):>13}  {'model_cp@' + str(args.k):>12}  "
          f"{'signal_missed/day':>17}")
    totals = collections.Counter()
    kth = []  # the probability of each day's k-th card
    for fold in sorted(folds, key=int):
        days = folds[fold]
        model_found, ceiling_found, fraud_cards, unknowable, missed = 0, 0, 0, 0, 0
        model_seen, ceiling_seen = set(), set()
        for day in sorted(days):
            cards = days[day]
            # The model's ranking, as Card Precision@k counts it (ml/metrics.h).
            ranked = sorted((c for c in cards if c not in model_seen),
                            key=lambda c: (-cards[c][0], int(c) if c.isdigit() else c))
            top = set(ranked[:args.k])
            if len(ranked) >= args.k:
                kth.append(cards[ranked[args.k - 1]][0])
            for c in ranked:
                if cards[c][1]:
                    fraud_cards += 1
                    unknowable += not cards[c][2]
                    if c in top:
                        model_found += 1
                        model_seen.add(c)
                    elif cards[c][2]:
                        missed += 1
            # The knowable ceiling: every knowable fraud card first.
            best = [c for c in cards if c not in ceiling_seen and cards[c][1] and cards[c][2]]
            for c in best[:args.k]:
                ceiling_found += 1
                ceiling_seen.add(c)
        n = len(days)
        print(f"{fold:>4}  {n:>4}  {fraud_cards / n:>15.1f}  {unknowable / n:>13.1f}  "
              f"{ceiling_found / n / args.k:>13.3f}  {model_found / n / args.k:>12.3f}  "
              f"{missed / n:>17.2f}")
        for key, value in (("days", n), ("fraud", fraud_cards), ("unknowable", unknowable),
                           ("ceiling", ceiling_found / n / args.k),
                           ("model", model_found / n / args.k), ("missed", missed)):
            totals[key] += value
    n, count = totals["days"], len(folds)
    print(f"mean  {n:>4}  {totals['fraud'] / n:>15.1f}  {totals['unknowable'] / n:>13.1f}  "
          f"{totals['ceiling'] / count:>13.3f}  {totals['model'] / count:>12.3f}  "
          f"{totals['missed'] / n:>17.2f}")
    if kth:
        print(f"median probability of a day's card number {args.k}: {statistics.median(kth):.4f}")
    print(f"\ntest payments of 220 or less, by their terminal's known frauds of the 35 days before")
    print(f"{'known':>5}  {'payments/day':>12}  {'frauds/day':>10}  {'fraud share':>11}")
    for known in range(4):
        legit, fraud = by_known[(known, False)], by_known[(known, True)]
        print(f"{str(known) + ('+' if known == 3 else ''):>5}  {(legit + fraud) / n:>12.1f}  "
              f"{fraud / n:>10.2f}  {fraud / max(1, legit + fraud):>11.4f}")


if __name__ == "__main__":
    main()
