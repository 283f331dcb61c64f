#!/usr/bin/env python3
"""Writes the synthetic NCT07289048 example trial (python3 standard library only).

The trial: IBI363 in extensive-stage small-cell lung cancer (ES-SCLC) after immunotherapy.
38 patients (the last three with pseudoprogression or its confirmation, for iRECIST), each designed to follow one course (see COURSES below), read twice:
  * INVESTIGATOR: the site's measurements, with the investigator's own recorded overall response per
    time point (`reported`) and best overall responses (investigator_bor.csv). They mostly agree with
    RECIST 1.1, but a handful of realistic errors are planted on purpose, of every category that
    `recist compare` names; each is listed in planted_errors.csv.
  * READER2: an independent central reader who measures the same scans with small inter-reader
    differences (and, for a few patients, sees things differently: a new lesion seen one visit
    earlier, a non-target progression not called, a borderline PR). READER2 records no responses.

Schedule (the protocol's shape): C1D1 = start_date; baseline scan within 28 days before C1D1;
cycle 1 lasts 28 days, then 21-day cycles; tumour assessments every 6 weeks from C1D1 (day 42, 84,
... which fall on day 15 of cycles 2, 4, 6, ...), each within a few days of its target day. Visits
are labelled SCREENING, W6, W12, ..., and UNS1, UNS2 ... for unscheduled scans. Sites: lungs,
mediastinal and hilar lymph nodes, liver, adrenal, bone, brain (brain lesions by MRI).

Everything is decided by the fixed seed below, so running this script again rewrites the same
files byte for byte:
    python3 data/generate_trial.py            # writes data/nct07289048/*.csv, then data/sdtm/nct07289048/
                                              # (the same trial as SDTM, by data/sdtm/make_sdtm.py)
    python3 data/generate_trial.py --check    # exits 1 if the checked-in files differ

Files written to data/nct07289048/:
  measurements.csv    native measurements (SPEC 4.1), both readers
  investigator_bor.csv  subject, reader, bor, confirmed_bor: the investigator's recorded best
                      overall responses (unconfirmed and confirmed)
  planted_errors.csv  subject, reader, date, level, category: the investigator's planted errors
                      (level `timepoint` with the scan date, or `bor` / `confirmed_bor`, date blank);
                      categories are those of `recist compare`

To write the `reported` responses the script reckons RECIST 1.1 by itself (the function `assess`
below: R6-R13 and R14-R15 of SPEC §3, the trial's profile data/profiles/nct07289048.ini); the
engine is the reference, and the end-to-end tests check that the two agree except at the planted
errors.
"""
import csv
import datetime as dt
import io
import subprocess
import os
import random
import sys

SEED = 7289048
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "nct07289048")

# The trial's profile (data/profiles/nct07289048.ini).
CONFIRM_MIN_DAYS = 28
SD_MIN_DAYS = 35
MAX_NE_BETWEEN = 1
TOO_SMALL = 500  # hundredths of a millimetre

FIRST_C1D1 = dt.date(2025, 3, 3)
CUTOFF = dt.date(2026, 6, 30)  # data cut-off: no scan after it

# ---------------------------------------------------------------------------------------------
# Course description.


class L:
    """A lesion at baseline: id, site, baseline diameter (mm; short axis for nodes)."""

    def __init__(self, lid, site, mm=None, node=False, method=None, slice_mm=None, irradiated="N"):
        self.id, self.site, self.mm, self.node = lid, site, mm, node
        self.method = method or ("MRI" if site == "BRAIN" else "CT")
        self.slice_mm = slice_mm or ("1" if self.method == "MRI" else "5")
        self.irradiated = irradiated


class V:
    """One follow-up scan.

    f: every target's diameter is its baseline times f (each with a little measurement noise);
    t: per-target override: a number (exact mm), "ABSENT", "TOO_SMALL", "MERGED", "NE",
       ("FRAGMENT", mm, mm, ...), or None for "no row";
    nt: per-non-target status (default PRESENT): "ABSENT", "PD", "NE", None (no row);
    new: {id: (site, "UNEQUIVOCAL" | "EQUIVOCAL")};
    visit: label for an unscheduled scan (then `day` is its day from C1D1);
    skip: the scheduled scan was missed (nothing recorded; the visit number moves on).
    """

    def __init__(self, f=None, t=None, nt=None, new=None, visit=None, day=None, skip=False):
        self.f, self.t, self.nt, self.new = f, t or {}, nt or {}, new or {}
        self.visit, self.day, self.skip = visit, day, skip


class Course:
    def __init__(self, subject, what, targets, non_targets, visits, planted=(), bor_error=None, reader2=None):
        self.subject, self.what = subject, what
        self.targets, self.non_targets, self.visits = targets, non_targets, visits
        # planted: (visit index (0 = first follow-up), category, wrong recorded response)
        self.planted = planted
        # bor_error: (category, recorded bor or None, recorded confirmed_bor or None)
        self.bor_error = bor_error
        # reader2: {visit index: V overriding fields for READER2}
        self.reader2 = reader2 or {}


LN = "LYMPH NODE"
MED, HIL = "MEDIASTINAL " + LN, "HILAR " + LN

COURSES = [
    Course("01-001", "confirmed PR, durable, ongoing",
           [L("T1", "RIGHT LUNG", 38), L("T2", "LIVER", 26)], [L("NT1", MED, node=True), L("NT2", "BONE")],
           [V(.60), V(.52), V(.48), V(.47), V(.50), V(.49)]),
    Course("01-002", "confirmed PR, late PD by target growth from the nadir",
           [L("T1", "LEFT LUNG", 45), L("T2", HIL, 19, node=True)], [L("NT1", "LIVER")],
           [V(.64), V(.55), V(.50), V(.58), V(.74)]),
    Course("01-003", "CR with a nodal target below 10 mm (sum not 0); investigator calls one CR a PR",
           [L("T1", "RIGHT LUNG", 22), L("T2", MED, 17, node=True)], [L("NT1", HIL, node=True)],
           [V(t={"T1": 9.0, "T2": 11.0}), V(t={"T1": "ABSENT", "T2": 8.5}, nt={"NT1": "ABSENT"}),
            V(t={"T1": "ABSENT", "T2": 8.0}, nt={"NT1": "ABSENT"}), V(t={"T1": "ABSENT", "T2": 7.5}, nt={"NT1": "ABSENT"})],
           planted=[(1, "NODAL_CR", "PR")]),
    Course("01-004", "unconfirmed PR, then PD by a new lesion; investigator records a confirmed PR",
           [L("T1", "LIVER", 52), L("T2", "LEFT ADRENAL", 24)], [L("NT1", MED, node=True)],
           [V(.64), V(.70, new={"N1": ("LIVER", "UNEQUIVOCAL")})],
           bor_error=("CONFIRMATION", None, "PR")),
    Course("01-005", "early PD at the first scan (targets and a new brain lesion)",
           [L("T1", "RIGHT LUNG", 41), L("T2", MED, 23, node=True)], [L("NT1", "BONE")],
           [V(1.35, new={"N1": ("BRAIN", "UNEQUIVOCAL")})]),
    Course("01-006", "SD, late PD by target growth; READER2 sees a new lesion one visit earlier",
           [L("T1", "LIVER", 33), L("T2", "LEFT LUNG", 27)], [L("NT1", "BONE")],
           [V(.92), V(.88), V(.95), V(1.14)],
           reader2={2: V(new={"N1": ("LIVER", "UNEQUIVOCAL")})}),
    Course("01-007", "SD, then PD by unequivocal non-target progression; READER2 calls PD one visit later",
           [L("T1", "RIGHT LUNG", 30)], [L("NT1", "LIVER"), L("NT2", "BONE")],
           [V(.85), V(.80), V(.82, nt={"NT1": "PD"}), V(.95, nt={"NT1": "PD"}, new={"N1": ("BONE", "UNEQUIVOCAL")})],
           reader2={2: V(nt={"NT1": "PRESENT"})}),
    Course("01-008", "equivocal new lesion confirmed at the next scan: PD backdated (R12)",
           [L("T1", "LEFT LUNG", 28), L("T2", "RIGHT ADRENAL", 20)], [L("NT1", HIL, node=True)],
           [V(.86), V(.84, new={"N1": ("LIVER", "EQUIVOCAL")}), V(.85, new={"N1": ("LIVER", "UNEQUIVOCAL")})]),
    Course("01-009", "PR, missed W12 scan, PR confirmed at W18, then a not-evaluated liver target (NE)",
           [L("T1", "LIVER", 40), L("T2", "RIGHT LUNG", 22)], [L("NT1", "BONE")],
           [V(.66), V(skip=True), V(.62), V(.60, t={"T1": "NE"}), V(.60)]),
    Course("02-001", "brain-only target lesion: brain excluded from targets (R3), fails R5",
           [L("T1", "BRAIN", 18)], [L("NT1", MED, node=True)],
           [V(.85), V(.80), V(.82)]),
    Course("02-002", "only target previously irradiated, not progressed (R4), fails R5",
           [L("T1", "RIGHT LUNG", 32, irradiated="Y")], [L("NT1", HIL, node=True)],
           [V(.90), V(.86), V(.88)]),
    Course("02-003", "confirmed PR with a lung target too small to measure (TOO_SMALL, 5 mm)",
           [L("T1", "LEFT LUNG", 16), L("T2", "LIVER", 35), L("T3", MED, 18, node=True)], [L("NT1", "BONE")],
           [V(.60), V(.50, t={"T1": "TOO_SMALL"}), V(.48, t={"T1": "TOO_SMALL"})]),
    Course("02-004", "confirmed PR; a liver target splits into fragments",
           [L("T1", "LIVER", 48), L("T2", "RIGHT LUNG", 20)], [L("NT1", HIL, node=True)],
           [V(.62), V(t={"T1": ("FRAGMENT", 14.0, 9.0), "T2": 11.0}), V(t={"T1": ("FRAGMENT", 12.0, 8.0), "T2": 10.0})]),
    Course("02-005", "SD, then PD with two liver targets merged into one",
           [L("T1", "LIVER", 25), L("T2", "LIVER", 18), L("T3", "LEFT ADRENAL", 15)], [],
           [V(.95), V(t={"T1": 52.0, "T2": "MERGED", "T3": 17.0})]),
    Course("02-006", "long stable disease; READER2 measures PD at the last scan",
           [L("T1", "RIGHT LUNG", 50), L("T2", MED, 20, node=True)], [L("NT1", "LIVER")],
           [V(.90), V(.85), V(.88), V(.90), V(.92)],
           reader2={4: V(t={"T1": 52.0, "T2": 20.0})}),
    Course("02-007", "SD at the only follow-up, then off study",
           [L("T1", "LIVER", 29), L("T2", HIL, 16, node=True)], [L("NT1", "BONE")],
           [V(.94)]),
    Course("02-008", "SD at an early scan (day 30), then no more scans: NE by the 35-day minimum; "
           "investigator records BOR SD",
           [L("T1", "LEFT LUNG", 35)], [L("NT1", MED, node=True)],
           [V(.95, visit="UNS1", day=30)],
           bor_error=("CONFIRMATION", "SD", "SD")),
    Course("02-009", "PR, a not-evaluated target (NE), PR: confirmed with one NE between",
           [L("T1", "RIGHT LUNG", 36), L("T2", "LIVER", 30)], [],
           [V(.62), V(.58, t={"T1": "NE"}), V(.55)]),
    Course("03-001", "PR, PR at an unscheduled scan 3 weeks later, PD at W12; investigator confirms the PR",
           [L("T1", "LIVER", 46), L("T2", MED, 21, node=True)], [L("NT1", "BONE")],
           [V(.62), V(.60, visit="UNS1", day=63), V(.64, new={"N1": ("BRAIN", "UNEQUIVOCAL")})],
           bor_error=("CONFIRMATION", None, "PR")),
    Course("03-002", "deep PR, then PD judged from the nadir; investigator judges from baseline",
           [L("T1", "RIGHT LUNG", 42), L("T2", "LIVER", 28)], [L("NT1", HIL, node=True)],
           [V(.46), V(.44), V(t={"T1": 33.0, "T2": 12.0}), V(.80)],
           planted=[(2, "WRONG_REFERENCE", "PR")]),
    Course("03-003", "SD, then PR from baseline; investigator compares with the nadir",
           [L("T1", "LEFT LUNG", 33), L("T2", "RIGHT ADRENAL", 22)], [L("NT1", "BONE")],
           [V(t={"T1": 27.0, "T2": 18.0}), V(t={"T1": 22.0, "T2": 14.5}), V(.60), V(.58)],
           planted=[(1, "WRONG_REFERENCE", "SD")]),
    Course("03-004", "small disease, +20% from the nadir but under 5 mm; investigator calls PD",
           [L("T1", "RIGHT LUNG", 12), L("T2", "LEFT ADRENAL", 10)], [],
           [V(t={"T1": 10.5, "T2": 8.5}), V(t={"T1": 9.5, "T2": 7.5}), V(t={"T1": 11.5, "T2": 9.0})],
           planted=[(2, "ABSOLUTE_5MM", "PD")]),
    Course("03-005", "PR with a nodal target at 11 mm; investigator calls it CR",
           [L("T1", "LEFT LUNG", 24), L("T2", HIL, 18, node=True)], [],
           [V(t={"T1": 10.0, "T2": 13.0}), V(t={"T1": "ABSENT", "T2": 11.0}), V(t={"T1": "ABSENT", "T2": 10.5})],
           planted=[(1, "NODAL_CR", "CR")]),
    Course("03-006", "unequivocal non-target progression missed by the investigator",
           [L("T1", "LIVER", 30), L("T2", "RIGHT LUNG", 18)], [L("NT1", "BONE"), L("NT2", MED, node=True)],
           [V(.80), V(.78, nt={"NT1": "PD"}), V(.85, nt={"NT1": "PD"}, new={"N1": ("LIVER", "UNEQUIVOCAL")})],
           planted=[(1, "NON_TARGET", "SD")]),
    Course("03-007", "target CR with a non-target still present (PR), then CR; investigator calls CR early",
           [L("T1", "RIGHT LUNG", 20)], [L("NT1", "LIVER")],
           [V(t={"T1": 8.0}), V(t={"T1": "ABSENT"}), V(t={"T1": "ABSENT"}, nt={"NT1": "ABSENT"}),
            V(t={"T1": "ABSENT"}, nt={"NT1": "ABSENT"})],
           planted=[(1, "NON_TARGET", "CR")]),
    Course("04-001", "unequivocal new liver lesion missed by the investigator",
           [L("T1", "LEFT LUNG", 36), L("T2", "RIGHT ADRENAL", 21)], [L("NT1", HIL, node=True)],
           [V(.75), V(.72, new={"N1": ("LIVER", "UNEQUIVOCAL")}),
            V(.90, new={"N1": ("LIVER", "UNEQUIVOCAL"), "N2": ("BONE", "UNEQUIVOCAL")})],
           planted=[(1, "NEW_LESION", "SD")]),
    Course("04-002", "equivocal new bone lesion treated as PD by the investigator (then off study)",
           [L("T1", "RIGHT LUNG", 30), L("T2", MED, 16, node=True)], [],
           [V(.80), V(.77, new={"N1": ("BONE", "EQUIVOCAL")})],
           planted=[(1, "NEW_LESION", "PD")]),
    Course("04-003", "a target not evaluated (liver MRI not done): NE; investigator records SD",
           [L("T1", "LIVER", 44), L("T2", "LEFT LUNG", 25)], [L("NT1", "BONE")],
           [V(.80), V(.78, t={"T1": "NE"}), V(.80), V(.85)],
           planted=[(1, "NE_HANDLING", "SD")]),
    Course("04-004", "PR with a non-target not evaluated (still PR); investigator records NE",
           [L("T1", "RIGHT LUNG", 40), L(  "T2", MED, 22, node=True)], [L("NT1", "BONE")],
           [V(.62), V(.55, nt={"NT1": "NE"}), V(.52)],
           planted=[(1, "NE_HANDLING", "NE")]),
    Course("04-005", "SD at -26%; investigator records PR (sum miscalculated)",
           [L("T1", "LIVER", 36), L("T2", "LEFT LUNG", 28)], [L("NT1", MED, node=True)],
           [V(t={"T1": 26.5, "T2": 21.0}), V(.72), V(.80)],
           planted=[(0, "ARITHMETIC", "PR")]),
    Course("04-006", "PR at -34% at the first scan; investigator records SD (sum miscalculated)",
           [L("T1", "RIGHT LUNG", 31), L("T2", "LIVER", 27)], [L("NT1", "BONE")],
           [V(t={"T1": 20.0, "T2": 18.0}), V(.60), V(.58)],
           planted=[(0, "ARITHMETIC", "SD")]),
    Course("04-007", "rapid PD: non-target progression and a new bone lesion at the first scan",
           [L("T1", "LIVER", 60)], [L("NT1", "BONE"), L("NT2", "LEFT ADRENAL")],
           [V(1.10, nt={"NT1": "PD"}, new={"N1": ("BONE", "UNEQUIVOCAL")})]),
    Course("05-001", "confirmed PR, then PD by a new brain lesion",
           [L("T1", "LEFT LUNG", 42), L("T2", MED, 25, node=True), L("T3", "LIVER", 31)], [L("NT1", "BONE")],
           [V(.55), V(.45), V(.40), V(.42, new={"N1": ("BRAIN", "UNEQUIVOCAL")})]),
    Course("05-002", "unconfirmed PR, then SD; READER2 measures the PR confirmed",
           [L("T1", "RIGHT LUNG", 34), L("T2", "LIVER", 24)], [L("NT1", HIL, node=True)],
           [V(t={"T1": 21.0, "T2": 16.0}), V(t={"T1": 25.0, "T2": 18.5}), V(.80)],
           reader2={1: V(t={"T1": 23.0, "T2": 16.5})}),
    Course("05-003", "confirmed PR, ongoing",
           [L("T1", "LIVER", 39), L("T2", "RIGHT ADRENAL", 19)], [L("NT1", "BONE")],
           [V(.65), V(.58), V(.55)]),
    # Pseudoprogression under immunotherapy (issue 19, iRECIST): appended after the first 35 so that
    # their random draws come after, and the patients before stay as they were.
    Course("06-001", "pseudoprogression: targets +30% at W6 (RECIST PD; iRECIST iUPD), then a confirmed iPR",
           [L("T1", "RIGHT LUNG", 40), L("T2", "LIVER", 30)], [L("NT1", MED, node=True)],
           [V(1.30), V(.60), V(.55)]),
    Course("06-002", "pseudoprogression with a new lesion at W6 (iUPD), then the targets shrink to a confirmed iPR",
           [L("T1", "LEFT LUNG", 36), L("T2", "RIGHT ADRENAL", 22)], [L("NT1", "BONE")],
           [V(.95, new={"N1": ("LIVER", "UNEQUIVOCAL")}), V(.62, new={"N1": ("LIVER", "UNEQUIVOCAL")}),
            V(.58, new={"N1": ("LIVER", "UNEQUIVOCAL")})]),
    Course("06-003", "true progression: targets +30% at W6 (iUPD), growing again at W12 (iCPD)",
           [L("T1", "LIVER", 42), L("T2", MED, 24, node=True)], [L("NT1", "BONE")],
           [V(1.30), V(1.55)]),
]

# ---------------------------------------------------------------------------------------------
# RECIST 1.1 as the investigator should have applied it (SPEC §3), in hundredths of a millimetre.

ORDER = {"CR": 0, "PR": 1, "SD": 2, "NON-CR/NON-PD": 3}


def overall(target, non_target, new):
    """R13: guideline tables 1 and 2."""
    if target == "PD" or non_target == "PD" or new:
        return "PD"
    if target == "NA":
        return {"CR": "CR", "NON-CR/NON-PD": "NON-CR/NON-PD"}.get(non_target, "NE")
    if target == "CR":
        return "CR" if non_target in ("CR", "NA") else "PR"
    return target  # PR, SD, NE


def confirmation(tps, first, level):
    """R15: index of the time point confirming tps[first] at `level`, or None."""
    ne = 0
    for j in range(first + 1, len(tps)):
        r = tps[j]["overall"]
        good = r == "CR" if level == "CR" else r in ("CR", "PR")
        if good:
            if tps[j]["day_from"](tps[first]) >= CONFIRM_MIN_DAYS:
                return j
            continue
        if r == "NE":
            ne += 1
            if ne <= MAX_NE_BETWEEN:
                continue
        return None
    return None


def best_response(tps):
    """R14 and R15 from time points [{overall, day, date}]: (bor, confirmed_bor)."""
    window = []
    for tp in tps:
        window.append(tp)
        if tp["overall"] == "PD":
            break
    if not window:
        return "NE", "NE"

    def stable(cr_pr_as_sd):
        best = None
        for tp in window:
            r = tp["overall"]
            if cr_pr_as_sd and r in ("CR", "PR"):
                r = "SD"
            if r in ("SD", "NON-CR/NON-PD") and tp["day"] >= SD_MIN_DAYS:
                if best is None or ORDER[r] < ORDER[best]:
                    best = r
        if best:
            return best
        return "PD" if any(tp["overall"] == "PD" for tp in window) else "NE"

    responses = [tp["overall"] for tp in window if tp["overall"] in ("CR", "PR")]
    bor = min(responses, key=ORDER.get) if responses else stable(False)
    for tp in window:
        tp["day_from"] = lambda other, tp=tp: (tp["date"] - other["date"]).days
    confirmed = None
    for level in ("CR", "PR"):
        for i, tp in enumerate(window):
            if tp["overall"] == "CR" or (level == "PR" and tp["overall"] == "PR"):
                if confirmation(window, i, level) is not None:
                    confirmed = level
                    break
        if confirmed:
            break
    return bor, confirmed or stable(True)


def assess(rows, start):
    """R6-R13 of one track from its rows; returns its follow-up time points in date order."""
    dates = sorted({r["date"] for r in rows})
    lesions = {}
    for r in rows:
        lesions.setdefault(r["lesion"], r)  # the first row (baseline for targets/non-targets)
    base = dates[0]
    targets = [l for l, r in lesions.items() if r["role"] == "TARGET"]
    non_targets = [l for l, r in lesions.items() if r["role"] == "NON-TARGET"]
    news = [l for l, r in lesions.items() if r["role"] == "NEW"]
    node = {l: lesions[l]["node"] == "Y" for l in lesions}

    def rows_at(d, lesion):
        return [r for r in rows if r["date"] == d and r["lesion"] == lesion]

    def value(d, lesion):
        rs = rows_at(d, lesion)
        if not rs:
            return None
        s = rs[0]["status"]
        if s == "" or s == "FRAGMENT":
            return sum(hundredths(r["diameter_mm"]) for r in rs)
        return {"ABSENT": 0, "MERGED": 0, "TOO_SMALL": TOO_SMALL}.get(s)

    baseline_sum = sum(value(base, t) for t in targets)
    nadir = baseline_sum
    follow = dates[1:]
    # R12: the follow-up where an equivocal new lesion was first seen, when later unequivocal.
    backdated = set()
    for n in news:
        seen = [(d, rows_at(d, n)[0]["status"]) for d in follow if rows_at(d, n)]
        if seen and seen[0][1] == "EQUIVOCAL" and any(s == "UNEQUIVOCAL" for _, s in seen[1:]):
            backdated.add(seen[0][0])
    out, last, confirmed_pr = [], None, False
    for d in follow:
        vals = [value(d, t) for t in targets]
        evaluated = [v for v in vals if v is not None]
        total = sum(evaluated)
        if not targets:
            target = "NA"
        elif 100 * total >= 120 * nadir and total - nadir >= 500:
            target = "PD"
        elif len(evaluated) < len(vals):
            target = "NE"
        elif all((v < 1000) if node[t] else v == 0 for t, v in zip(targets, vals)):
            target = "CR"
        elif 100 * total <= 70 * baseline_sum:
            target = "PR"
        else:
            target = "SD"
        statuses = [(rows_at(d, n)[0]["status"] if rows_at(d, n) else "NE") for n in non_targets]
        if not non_targets:
            non_target = "NA"
        elif "PD" in statuses:
            non_target = "PD"
        elif "NE" in statuses:
            non_target = "NE"
        elif all(s == "ABSENT" for s in statuses):
            non_target = "CR"
        else:
            non_target = "NON-CR/NON-PD"
        if last == "CR":  # R10: reappearance after an overall CR
            if any(v is not None and (v >= 1000 if node[t] else v > 0) for t, v in zip(targets, vals)):
                target = "PD"
            if any(s in ("PRESENT", "PD") for s in statuses):
                non_target = "PD"
        new_states = [rows_at(d, n)[0]["status"] for n in news if rows_at(d, n)]
        result = overall(target, non_target, "UNEQUIVOCAL" in new_states)
        if d in backdated:
            result = "PD"
        if result == "SD" and confirmed_pr:  # R9a
            result = "PR"
        if targets and len(evaluated) == len(vals) and total < nadir:
            nadir = total
        if result != "NE":
            last = result
        out.append({"date": d, "day": (d - start).days, "overall": result, "target": target})
        if not confirmed_pr:
            probe = [dict(tp) for tp in out]
            for tp in probe:
                tp["day_from"] = lambda other, tp=tp: (tp["date"] - other["date"]).days
            before_pd = []
            for tp in probe:
                if tp["overall"] == "PD":
                    break
                before_pd.append(tp)
            confirmed_pr = any(tp["overall"] in ("CR", "PR") and confirmation(probe, i, "PR") is not None
                               for i, tp in enumerate(before_pd))
    return out


def hundredths(text):
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


# ---------------------------------------------------------------------------------------------
# Writing the rows.

COLUMNS = ["subject", "reader", "date", "visit", "start_date", "lesion", "role", "site", "node", "diameter_mm",
           "status", "method", "slice_mm", "irradiated", "reported"]


def mm_text(x):
    return f"{x:.1f}"


def make_rows(course, reader, start, baseline_date, visit_dates, rng, noise):
    """The measurement rows of one track. `noise` is the reader's relative measurement noise."""
    rows = []

    def row(date, visit, lesion, **kw):
        r = {c: "" for c in COLUMNS}
        r.update(subject=course.subject, reader=reader, date=date, visit=visit, start_date=start.isoformat(),
                 lesion=lesion)
        r.update(kw)
        rows.append(r)

    def jitter(x):
        return round(x * (1 + rng.uniform(-noise, noise)), 1)

    baseline_mm = {}
    for l in course.targets:
        baseline_mm[l.id] = l.mm if reader == "INVESTIGATOR" else jitter(l.mm)
        row(baseline_date, "SCREENING", l.id, role="TARGET", site=l.site, node="Y" if l.node else "N",
            diameter_mm=mm_text(baseline_mm[l.id]), method=l.method, slice_mm=l.slice_mm, irradiated=l.irradiated)
    for l in course.non_targets:
        row(baseline_date, "SCREENING", l.id, role="NON-TARGET", site=l.site, node="Y" if l.node else "N",
            status="PRESENT", method=l.method, slice_mm=l.slice_mm, irradiated=l.irradiated)
    seen_new = set()
    for k, (v, date, visit) in enumerate(visit_dates):
        if v.skip:
            continue
        over = course.reader2.get(k) if reader == "READER2" else None
        t = dict(v.t, **(over.t if over else {}))
        nt = dict(v.nt, **(over.nt if over else {}))
        new = dict(v.new, **(over.new if over else {}))
        for l in course.targets:
            spec = t.get(l.id, "scale")
            if spec == "scale":
                row(date, visit, l.id, diameter_mm=mm_text(jitter(baseline_mm[l.id] * v.f)))
            elif isinstance(spec, float):
                exact = reader == "INVESTIGATOR" or (over is not None and l.id in over.t)
                row(date, visit, l.id, diameter_mm=mm_text(spec if exact else jitter(spec)))
            elif isinstance(spec, tuple):
                for piece in spec[1:]:
                    row(date, visit, l.id, status="FRAGMENT", diameter_mm=mm_text(piece))
            elif spec is not None:
                row(date, visit, l.id, status=spec)
        for l in course.non_targets:
            status = nt.get(l.id, "PRESENT")
            if status is not None:
                row(date, visit, l.id, status=status)
        for lid, (site, status) in new.items():
            first = lid not in seen_new
            seen_new.add(lid)
            row(date, visit, lid, role="NEW" if first else "", site=site if first else "", status=status)
    return rows


def schedule(course, start, rng):
    """(V, date, visit label) of each follow-up: every 6 weeks from C1D1 with a few days' jitter."""
    out, week = [], 0
    for v in course.visits:
        if v.visit:
            out.append((v, start + dt.timedelta(days=v.day), v.visit))
            continue
        week += 6
        day = 7 * week + rng.randint(-3, 4)
        out.append((v, start + dt.timedelta(days=day), f"W{week}"))
    return out


def generate():
    rng = random.Random(SEED)
    rows, bors, planted = [], [], []
    for i, course in enumerate(COURSES):
        start = FIRST_C1D1 + dt.timedelta(days=6 * i + rng.randint(0, 4))
        baseline_date = start - dt.timedelta(days=rng.randint(3, 27))  # within 28 days before C1D1
        visits = schedule(course, start, rng)
        assert all(d <= CUTOFF for _, d, _ in visits), course.subject
        dates = [(v, d.isoformat(), label) for v, d, label in visits]
        inv = make_rows(course, "INVESTIGATOR", start, baseline_date.isoformat(), dates, rng, 0.03)
        r2 = make_rows(course, "READER2", start, baseline_date.isoformat(), dates, rng, 0.03)

        # The investigator's records: RECIST as it should be, then the planted errors.
        parsed = [dict(r, date=dt.date.fromisoformat(r["date"])) for r in inv]
        tps = assess(parsed, start)
        recorded = [dict(tp) for tp in tps]
        for index, category, wrong in course.planted:
            assert recorded[index]["overall"] != wrong, (course.subject, index, wrong)
            recorded[index]["overall"] = wrong
            planted.append((course.subject, "INVESTIGATOR", recorded[index]["date"].isoformat(), "timepoint", category))
        by_date = {tp["date"].isoformat(): tp["overall"] for tp in recorded}
        for r in inv:
            r["reported"] = by_date.get(r["date"], "")
        bor, confirmed = best_response(recorded)
        if course.bor_error:
            category, wrong_bor, wrong_confirmed = course.bor_error
            if wrong_bor:
                assert wrong_bor != bor, course.subject
                bor = wrong_bor
                planted.append((course.subject, "INVESTIGATOR", "", "bor", category))
            if wrong_confirmed:
                assert wrong_confirmed != confirmed, course.subject
                confirmed = wrong_confirmed
                planted.append((course.subject, "INVESTIGATOR", "", "confirmed_bor", category))
        bors.append((course.subject, "INVESTIGATOR", bor, confirmed))
        rows += inv + r2
    return rows, bors, planted


def to_csv(header, records):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(records)
    return buf.getvalue()


def main():
    rows, bors, planted = generate()
    files = {
        "measurements.csv": to_csv(COLUMNS, [[r[c] for c in COLUMNS] for r in rows]),
        "investigator_bor.csv": to_csv(["subject", "reader", "bor", "confirmed_bor"], bors),
        "planted_errors.csv": to_csv(["subject", "reader", "date", "level", "category"], planted),
    }
    check = "--check" in sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    stale = []
    for name, text in files.items():
        target = os.path.join(OUT, name)
        if check:
            old = open(target, encoding="utf-8").read() if os.path.exists(target) else None
            if old != text:
                stale.append(name)
        else:
            with open(target, "w", encoding="utf-8", newline="") as f:
                f.write(text)
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python3 data/generate_trial.py)", file=sys.stderr)
        return 1
    if not check:
        # The same trial as CDISC SDTM (CSV, SAS XPORT, Dataset-XML), from the file just written.
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, os.path.join(here, "sdtm", "make_sdtm.py"),
                        os.path.join(OUT, "measurements.csv"), os.path.join(here, "sdtm", "nct07289048")],
                       check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
