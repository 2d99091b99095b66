"""Regenerates sample.json, the bundled sample portfolio. Deterministic: no randomness.

Each account tells a story; the numbers are invented for illustration.
Run: python3 make_sample.py > sample.json
"""
import json
from datetime import datetime, timedelta

START = datetime(2026, 1, 5, 9, 0, 0)

# Standard instrument item ids by dimension, and the reverse-coded ones.
ITEMS = {
    "understands_needs": ["needs.problem", "needs.urgency", "needs.outcomes", "needs.segment", "needs.current_state"],
    "keeps_commitments": ["commit.approach", "commit.risks", "commit.proof", "commit.tracking", "commit.one_company"],
    "has_what_it_takes": ["capability.valued_problems", "capability.product_claims", "capability.consistency",
                          "capability.value_gaps", "capability.closing_gaps"],
    "fair_and_accountable": ["fair.pricing", "fair.alternatives", "fair.skin_in_game", "fair.self_interest", "fair.our_risks"],
}
REVERSED = {"commit.tracking", "fair.self_interest"}


def response(who, role, day, levels):
    """levels: agreement 1-5 per dimension (u, k, h, f); items vary by -1/0/+1 around it."""
    answers = {}
    for dim, level in zip(ITEMS, levels):
        for j, item in enumerate(ITEMS[dim]):
            a = max(1, min(5, level + (0, 1, 0, -1, 0)[j]))
            answers[item] = 6 - a if item in REVERSED else a
    return {"respondent": who, "role": role,
            "answered_at": (START + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ"), "answers": answers}


def experiences(rows):
    out = []
    for day, reward, promised, moment, kind in rows:
        e = {"reward": reward, "at": (START + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ"), "kind": kind}
        if promised is not None:
            e["promised"] = promised
        if moment is not None:
            e["moment"] = moment
        out.append(e)
    return out


def eq(c, r, i, s):
    return {"credibility": c, "reliability": r, "intimacy": i, "self_orientation": s}


FULL_JOURNEY = [["onboarding", ["connection", "power"]], ["adoption", ["power", "wow"]],
                ["value", ["proof"]], ["renewal", ["truth", "proof"]], ["expansion", ["proof"]],
                ["advocacy", ["connection"]]]

accounts = [
    {"id": "acme-logistics", "name": "Acme Logistics", "segment": "enterprise", "stage": "renewal",
     "story": "The betrayed champion: two broken go-live promises just before renewal.",
     "equation": [eq(7, 4, 6, 4), eq(6, 3, 7, 5)],
     "responses": [response("dana@acme", "champion", 300, (4, 2, 3, 3)), response("lee@acme", "economic_buyer", 301, (3, 2, 3, 2))],
     "prior": 0.6,
     "experiences": experiences([(0, 0.8, 0.8, "connection", "routine"), (40, 0.85, 0.9, "proof", "promise_kept"),
                                 (90, 0.8, None, "wow", "surprise"), (150, 0.75, 0.8, "proof", "promise_kept"),
                                 (250, 0.15, 0.9, "truth", "promise_broken"), (280, 0.1, 0.9, "truth", "promise_broken")]),
     "health": {"adoption": 0.55, "open_tickets": 9, "days_since_exec_meeting": 100, "seat_usage": 0.9},
     "previous_health": 68, "nps": [9, 6, 5, 7],
     "market": {"product_value": 0.6, "switching_cost": 0.4, "alternatives": 0.65, "respect": 0.7, "newcomer_trust": 0.55}},
    {"id": "borealis-health", "name": "Borealis Health", "segment": "enterprise", "stage": "expansion",
     "story": "Power user at risk: heavy use, but they think we overcharge.",
     "equation": [eq(8, 8, 6, 4)],
     "responses": [response("kim@borealis", "user", 200, (4, 4, 5, 2)), response("ola@borealis", "procurement", 201, (3, 4, 4, 1))],
     "prior": 0.55,
     "experiences": experiences([(0, 0.8, None, "power", "routine"), (30, 0.85, 0.8, "proof", "promise_kept"),
                                 (60, 0.9, None, "wow", "surprise"), (120, 0.8, 0.8, "proof", "promise_kept"),
                                 (180, 0.85, None, None, "routine")]),
     "health": {"adoption": 0.92, "open_tickets": 3, "days_since_exec_meeting": 50, "seat_usage": 1.3},
     "previous_health": 80, "nps": [8, 7, 9, 6],
     "market": {"product_value": 0.85, "switching_cost": 0.5, "alternatives": 0.6, "respect": 0.8, "newcomer_trust": 0.6}},
    {"id": "cobalt-retail", "name": "Cobalt Retail", "segment": "mid-market", "stage": "onboarding",
     "story": "New account with a glowing reference: started trusting, so far so good.",
     "responses": [response("sam@cobalt", "sponsor", 40, (4, 4, 4, 4))],
     "prior": 0.75,
     "experiences": experiences([(0, 0.9, 0.85, "connection", "promise_kept"), (20, 0.85, None, "power", "routine"),
                                 (35, 0.95, None, "wow", "surprise")]),
     "health": {"adoption": 0.45, "open_tickets": 2, "days_since_exec_meeting": 20, "seat_usage": 0.85},
     "nps": [10, 9],
     "market": {"product_value": 0.7, "switching_cost": 0.2, "alternatives": 0.5, "respect": 0.75},
     "journey": [["onboarding", ["connection", "power"]], ["adoption", ["wow"]], ["value", ["proof"]]]},
    {"id": "delta-foods", "name": "Delta Foods", "segment": "mid-market", "stage": "renewal",
     "story": "Price-sensitive and procurement-led: every renewal is an RFP.",
     "equation": [eq(6, 6, 3, 6)],
     "responses": [response("pat@delta", "procurement", 320, (3, 3, 3, 2)), response("ray@delta", "user", 321, (3, 4, 4, 3))],
     "prior": 0.45,
     "experiences": experiences([(0, 0.6, None, None, "routine"), (90, 0.65, 0.7, "proof", "promise_kept"),
                                 (180, 0.55, None, None, "routine"), (270, 0.6, 0.6, "proof", "promise_kept")]),
     "health": {"adoption": 0.6, "open_tickets": 5, "days_since_exec_meeting": 150, "seat_usage": 0.95},
     "previous_health": 55, "nps": [7, 6, 8],
     "market": {"product_value": 0.55, "switching_cost": 0.25, "alternatives": 0.7, "respect": 0.5, "newcomer_trust": 0.5}},
    {"id": "ember-energy", "name": "Ember Energy", "segment": "enterprise", "stage": "adoption",
     "story": "Quiet decline: nobody complains, usage is sliding, experiences get worse.",
     "prior": 0.6,
     "experiences": experiences([(0, 0.7, None, None, "routine"), (45, 0.6, None, None, "routine"),
                                 (90, 0.55, None, None, "routine"), (135, 0.45, None, None, "routine"),
                                 (180, 0.4, None, None, "routine"), (225, 0.35, None, None, "routine")]),
     "health": {"adoption": 0.2, "open_tickets": 4, "days_since_exec_meeting": 200, "seat_usage": 0.5},
     "previous_health": 41, "nps": [6, 7],
     "market": {"product_value": 0.45, "switching_cost": 0.5, "alternatives": 0.5, "respect": 0.5}},
    {"id": "fjord-bank", "name": "Fjord Bank", "segment": "enterprise", "stage": "advocacy",
     "story": "Trusted advisor: years of kept promises, a reference customer.",
     "equation": [eq(9, 9, 8, 2), eq(8, 9, 8, 2)],
     "responses": [response("eva@fjord", "sponsor", 330, (5, 5, 4, 4)), response("ian@fjord", "champion", 331, (4, 5, 5, 4))],
     "prior": 0.7,
     "experiences": experiences([(0, 0.9, 0.9, "proof", "promise_kept"), (60, 0.85, None, "wow", "surprise"),
                                 (120, 0.9, 0.9, "proof", "promise_kept"), (200, 0.95, None, "wow", "surprise"),
                                 (280, 0.9, 0.9, "proof", "promise_kept")]),
     "health": {"adoption": 0.88, "open_tickets": 1, "days_since_exec_meeting": 30, "seat_usage": 1.0},
     "previous_health": 90, "nps": [10, 10, 9, 9, 8],
     "market": {"product_value": 0.85, "switching_cost": 0.6, "alternatives": 0.4, "respect": 0.9, "newcomer_trust": 0.5},
     "journey": FULL_JOURNEY},
    {"id": "granite-manufacturing", "name": "Granite Manufacturing", "segment": "mid-market", "stage": "value",
     "story": "Recovered after an outage: a moment of truth handled well.",
     "equation": [eq(7, 6, 7, 3)],
     "prior": 0.55,
     "experiences": experiences([(0, 0.8, None, None, "routine"), (50, 0.1, 0.9, "truth", "promise_broken"),
                                 (55, 0.9, 0.8, "truth", "service_recovery"), (100, 0.85, 0.8, "proof", "promise_kept"),
                                 (150, 0.85, None, "wow", "surprise"), (200, 0.8, 0.8, "proof", "promise_kept")]),
     "health": {"adoption": 0.75, "open_tickets": 2, "days_since_exec_meeting": 40, "seat_usage": 1.0},
     "previous_health": 70, "nps": [9, 8, 9],
     "market": {"product_value": 0.7, "switching_cost": 0.4, "alternatives": 0.5, "respect": 0.75}},
    {"id": "helios-media", "name": "Helios Media", "segment": "mid-market", "stage": "adoption",
     "story": "Seen as self-serving: every call turns into an upsell.",
     "equation": [eq(7, 7, 5, 8), eq(6, 7, 4, 7)],
     "prior": 0.5,
     "experiences": experiences([(0, 0.7, None, None, "routine"), (60, 0.65, None, None, "routine"),
                                 (120, 0.7, None, None, "routine")]),
     "health": {"adoption": 0.65, "open_tickets": 3, "days_since_exec_meeting": 60, "seat_usage": 0.95},
     "nps": [7, 6, 6, 8],
     "market": {"product_value": 0.65, "switching_cost": 0.3, "alternatives": 0.55, "respect": 0.6}},
    {"id": "iris-insurance", "name": "Iris Insurance", "segment": "enterprise", "stage": "renewal",
     "story": "The sponsor left: liked by users, no longer respected upstairs.",
     "equation": [eq(6, 8, 8, 3)],
     "responses": [response("joe@iris", "user", 310, (4, 4, 4, 4)), response("new-cfo@iris", "economic_buyer", 312, (3, 4, 3, 3))],
     "prior": 0.65,
     "experiences": experiences([(0, 0.8, None, None, "routine"), (100, 0.8, 0.8, "proof", "promise_kept"),
                                 (200, 0.75, None, None, "routine")]),
     "health": {"adoption": 0.7, "open_tickets": 2, "days_since_exec_meeting": 170, "seat_usage": 0.9},
     "previous_health": 72, "nps": [8, 9, 7],
     "market": {"product_value": 0.7, "switching_cost": 0.5, "alternatives": 0.5, "respect": 0.35, "newcomer_trust": 0.5}},
    {"id": "juniper-telecom", "name": "Juniper Telecom", "segment": "smb", "stage": "adoption",
     "story": "Unknown quantity: we only have usage data and a few NPS answers.",
     "health": {"adoption": 0.5, "open_tickets": 6},
     "nps": [8, 7, 9, 5, 10],
     "market": {"product_value": 0.6, "switching_cost": 0.2, "alternatives": 0.6, "respect": 0.5}},
    {"id": "kestrel-pharma", "name": "Kestrel Pharma", "segment": "enterprise", "stage": "expansion",
     "story": "Over-licensed and under water: seats far past the licence, tickets piling up.",
     "equation": [eq(7, 5, 6, 4)],
     "prior": 0.6,
     "experiences": experiences([(0, 0.75, None, None, "routine"), (60, 0.6, 0.7, "proof", "routine"),
                                 (120, 0.55, None, None, "routine")]),
     "health": {"adoption": 0.35, "open_tickets": 18, "days_since_exec_meeting": 90, "seat_usage": 1.8},
     "previous_health": 35, "nps": [6, 5, 7],
     "market": {"product_value": 0.55, "switching_cost": 0.6, "alternatives": 0.45, "respect": 0.6}},
    {"id": "lumen-education", "name": "Lumen Education", "segment": "smb", "stage": "value",
     "story": "Says yes, does no: warm survey answers, but promised value keeps slipping.",
     "responses": [response("amy@lumen", "champion", 150, (4, 4, 4, 4))],
     "prior": 0.6,
     "experiences": experiences([(0, 0.5, 0.8, "proof", "routine"), (40, 0.45, 0.8, "proof", "routine"),
                                 (80, 0.4, 0.8, "proof", "routine"), (120, 0.45, 0.8, "proof", "routine")]),
     "health": {"adoption": 0.6, "open_tickets": 4, "days_since_exec_meeting": 70, "seat_usage": 1.0},
     "nps": [9, 9],
     "market": {"product_value": 0.5, "switching_cost": 0.3, "alternatives": 0.5, "respect": 0.6}},
]

for a in accounts:
    a.pop("story")
# CRM facts a team works by: owner, ARR and the renewal date (fictional figures).
CRM = {
    "acme-logistics": ("dana", 420000, "2027-01-31"),
    "borealis-health": ("dana", 310000, "2027-06-30"),
    "cobalt-retail": ("lee", 95000, "2027-09-30"),
    "delta-foods": ("lee", 120000, "2027-02-28"),
    "ember-energy": ("sam", 260000, "2027-03-31"),
    "fjord-bank": ("sam", 680000, "2027-10-31"),
    "granite-manufacturing": ("lee", 140000, "2027-05-31"),
    "helios-media": ("lee", 88000, "2027-04-30"),
    "iris-insurance": ("dana", 350000, "2027-08-31"),
    "juniper-telecom": ("sam", 24000, "2027-01-15"),
    "kestrel-pharma": ("sam", 510000, "2027-02-15"),
    "lumen-education": ("dana", 36000, "2027-07-31"),
}
for a in accounts:
    owner, arr, renews = CRM[a["id"]]
    a["owner"], a["arr"], a["currency"], a["renewal_date"] = owner, arr, "USD", renews

print(json.dumps({"schema_version": 1, "name": "trustkit sample portfolio", "scorecard": None, "units": {}, "accounts": accounts}, indent=2))
