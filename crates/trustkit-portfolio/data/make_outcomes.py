"""Regenerates sample-outcomes.csv: invented past renewal decisions for the sample's accounts, so
`trustkit calibrate` runs out of the box. Deterministic (a seeded generator).

The story: each account renews one add-on module (extra seats, a product line) at the end of
every month it has been a customer, from February to October 2026. Before each decision the CRM
recorded the account's health metrics and a few NPS answers. Those drift linearly from a common
"healthy" start (adoption 0.7, 3 open tickets, an executive meeting 60 days ago, seats at 100 %)
towards the account's state today (sample.json), with noise; NPS answers scatter around the
account's current answers.

A renewal shrinks to 60 % of its ARR (a downgrade, still a renewal) one time in six. The outcome
is drawn from this logistic model of the recorded evidence (invented, documented
here, and not trustkit's own model, which must learn what it can from the evidence):

    logit P(renew) = 1.4 + 5·(adoption − 0.6) − 0.15·(open_tickets − 4)
                   − 0.006·(days_since_exec_meeting − 60) − 2·|seat_usage − 1| + 2.5·NPS/100

Run: python3 make_outcomes.py > sample-outcomes.csv
"""
import json
import math
import random
from datetime import date

rng = random.Random(20261126)
sample = json.load(open(__file__.rsplit("/", 1)[0] + "/sample.json"))

START = {"adoption": 0.7, "open_tickets": 3, "days_since_exec_meeting": 60, "seat_usage": 1.0}
# Month ends February to October 2026.
DECISIONS = [date(2026, m + 1, 1).replace(day=1) for m in range(2, 11)]
DECISIONS = [date.fromordinal(d.toordinal() - 1) for d in DECISIONS]


def nps_score(answers):
    promoters = sum(a >= 9 for a in answers)
    detractors = sum(a <= 6 for a in answers)
    return 100.0 * (promoters - detractors) / len(answers)


print("account,decided_at,outcome,arr_before,arr_after,"
      "health.adoption,health.open_tickets,health.days_since_exec_meeting,health.seat_usage,nps")
for a in sample["accounts"]:
    now = a["health"]
    for k, decided in enumerate(DECISIONS):
        frac = (k + 1) / (len(DECISIONS) + 1)
        h = {}
        for metric, start in START.items():
            if metric not in now:
                continue
            x = start + (now[metric] - start) * frac
            noise = {"adoption": 0.05, "open_tickets": 1.0, "days_since_exec_meeting": 10.0, "seat_usage": 0.05}[metric]
            x += rng.gauss(0, noise)
            if metric in ("open_tickets", "days_since_exec_meeting"):
                x = max(0, round(x))
            else:
                x = round(min(max(x, 0.0), 2.0), 2)
            h[metric] = x
        base = a.get("nps", [7])
        answers = [min(10, max(0, round(rng.choice(base) + rng.gauss(0, 1)))) for _ in range(3)]
        logit = (1.4 + 5 * (h.get("adoption", 0.6) - 0.6) - 0.15 * (h.get("open_tickets", 4) - 4)
                 - 0.006 * (h.get("days_since_exec_meeting", 60) - 60) - 2 * abs(h.get("seat_usage", 1.0) - 1.0)
                 + 2.5 * nps_score(answers) / 100)
        renewed = rng.random() < 1 / (1 + math.exp(-logit))
        arr = int(round(a["arr"] * 0.05, -2))
        # One renewal in six shrinks: the customer stays with fewer seats (a downgrade).
        if not renewed:
            outcome, after = "churned", 0
        elif rng.random() < 1 / 6:
            outcome, after = "downgraded", int(round(arr * 0.6, -2))
        else:
            outcome, after = "renewed", arr
        cells = [a["id"], decided.isoformat(), outcome, str(arr), str(after)]
        cells += [str(h[m]) if m in h else "" for m in START]
        cells.append(" ".join(map(str, answers)))
        print(",".join(cells))
