#!/usr/bin/env python3
"""Write a native measurements CSV (SPEC 4.1) as CDISC SDTM TU, TR, RS, DM and SUPPTU datasets.

    python3 data/sdtm/make_sdtm.py NATIVE.csv OUTDIR [--study STUDYID] [--defects]

writes OUTDIR/csv/*.csv, OUTDIR/xpt/*.xpt (SAS XPORT version 5) and OUTDIR/xml/*.xml (CDISC
Dataset-XML 1.0), the same records in each format, so that `recist assess OUTDIR/csv` (or xpt, xml)
gives the same results as `recist assess NATIVE.csv`. Python 3 standard library only.

The mapping is the one the engine reads (schemas/sdtm-mapping.md):
- A track (subject, reader) becomes USUBJID and the evaluator: a reader named INVESTIGATOR,
  INDEPENDENT ASSESSOR or ADJUDICATION COMMITTEE is --EVAL; any other reader is --EVALID, with
  --EVAL INDEPENDENT ASSESSOR.
- Each lesion is one TU record (TUTESTCD TUMIDENT, role in TUORRES/TUSTRESC, site in TULOC,
  method in TUMETHOD), written at its first assessment; the fragments of a split target are TU
  records TUSPLIT with TULNKID LESION.n and TUGRPID LESION. Irradiation and slice thickness go to
  SUPPTU (TUPREVIR, TUPREISP, TUSLCTHK).
- Each native row becomes TR records: a diameter (LDIAM, or LPERP for a lymph node) and/or a
  state (TUMSTATE, or LNSTATE for a nodal non-target). ABSENT targets are 0 mm with TUMSTATE
  ABSENT; TOO_SMALL is TRORRES TOO SMALL TO MEASURE (standardized 5); MERGED is TRORRES MERGED
  (standardized 0); NE is TRSTAT NOT DONE.
- Each date of a track is one visit. VISITNUM numbers the visit names in the order of their mean
  day in the trial; a date with no name, or with a name its track already used, gets an
  unscheduled number (the previous one + 0.01).
- A `reported` value is an RS OVRLRESP record; `start_date` is DM RFXSTDTC.
Tracks keep the order in which they first appear in the native file; output is deterministic.
"""
import argparse
import csv
import math
import os
import struct
import sys
from collections import OrderedDict
from datetime import date
from xml.sax.saxutils import quoteattr

EVAL_TERMS = ("INVESTIGATOR", "INDEPENDENT ASSESSOR", "ADJUDICATION COMMITTEE")
METHOD_TERMS = {"CT": "CT SCAN", "MRI": "MRI", "XRAY": "X-RAY", "CALIPER": "CALIPER"}
CREATED = "2026-01-01T00:00:00"  # fixed, so that the files are reproducible

# Variables of each dataset, in order, with their labels (SDTMIG v3.4).
VARIABLES = {
    "TU": [("STUDYID", "Study Identifier"), ("DOMAIN", "Domain Abbreviation"), ("USUBJID", "Unique Subject Identifier"),
           ("TUSEQ", "Sequence Number"), ("TUGRPID", "Group ID"), ("TULNKID", "Link ID"),
           ("TUTESTCD", "Tumor/Lesion ID Short Name"), ("TUTEST", "Tumor/Lesion ID Test Name"),
           ("TUORRES", "Tumor/Lesion ID Result"), ("TUSTRESC", "Tumor/Lesion ID Result Std. Format"),
           ("TULOC", "Location of the Tumor/Lesion"), ("TUMETHOD", "Method of Identification"),
           ("TUEVAL", "Evaluator"), ("TUEVALID", "Evaluator Identifier"), ("VISITNUM", "Visit Number"),
           ("VISIT", "Visit Name"), ("TUDTC", "Date/Time of Tumor/Lesion Identification"),
           ("TUDY", "Study Day of Tumor/Lesion Identification")],
    "TR": [("STUDYID", "Study Identifier"), ("DOMAIN", "Domain Abbreviation"), ("USUBJID", "Unique Subject Identifier"),
           ("TRSEQ", "Sequence Number"), ("TRGRPID", "Group ID"), ("TRLNKID", "Link ID"),
           ("TRTESTCD", "Tumor/Lesion Assessment Short Name"), ("TRTEST", "Tumor/Lesion Assessment Test Name"),
           ("TRORRES", "Result or Finding in Original Units"), ("TRORRESU", "Original Units"),
           ("TRSTRESC", "Character Result/Finding in Std Format"), ("TRSTRESN", "Numeric Result/Finding in Standard Units"),
           ("TRSTRESU", "Standard Units"), ("TRSTAT", "Completion Status"),
           ("TRREASND", "Reason Tumor/Lesion Assessment Not Done"), ("TRMETHOD", "Method Used to Identify the Tumor/Lesion"),
           ("TREVAL", "Evaluator"), ("TREVALID", "Evaluator Identifier"), ("VISITNUM", "Visit Number"),
           ("VISIT", "Visit Name"), ("TRDTC", "Date/Time of Tumor/Lesion Measurement"),
           ("TRDY", "Study Day of Tumor/Lesion Measurement")],
    "RS": [("STUDYID", "Study Identifier"), ("DOMAIN", "Domain Abbreviation"), ("USUBJID", "Unique Subject Identifier"),
           ("RSSEQ", "Sequence Number"), ("RSTESTCD", "Assessment Short Name"), ("RSTEST", "Assessment Name"),
           ("RSCAT", "Category for Assessment"), ("RSORRES", "Result or Finding in Original Units"),
           ("RSSTRESC", "Character Result/Finding in Std Format"), ("RSEVAL", "Evaluator"),
           ("RSEVALID", "Evaluator Identifier"), ("VISITNUM", "Visit Number"), ("VISIT", "Visit Name"),
           ("RSDTC", "Date/Time of Assessment"), ("RSDY", "Study Day of Assessment")],
    "DM": [("STUDYID", "Study Identifier"), ("DOMAIN", "Domain Abbreviation"), ("USUBJID", "Unique Subject Identifier"),
           ("RFSTDTC", "Subject Reference Start Date/Time"), ("RFXSTDTC", "Date/Time of First Study Treatment")],
    "SUPPTU": [("STUDYID", "Study Identifier"), ("RDOMAIN", "Related Domain Abbreviation"),
               ("USUBJID", "Unique Subject Identifier"), ("IDVAR", "Identifying Variable"),
               ("IDVARVAL", "Identifying Variable Value"), ("QNAM", "Qualifier Variable Name"),
               ("QLABEL", "Qualifier Variable Label"), ("QVAL", "Data Value"), ("QORIG", "Origin")],
}
NUMERIC = {"TUSEQ", "TRSEQ", "RSSEQ", "VISITNUM", "TRSTRESN", "TUDY", "TRDY", "RSDY"}
LABELS = {"TU": "Tumor/Lesion Identification", "TR": "Tumor/Lesion Results", "RS": "Disease Response",
          "DM": "Demographics", "SUPPTU": "Supplemental Qualifiers for TU"}


def fail(message):
    sys.exit(f"make_sdtm.py: {message}")


# ---------------------------------------------------------------------------------------------
# Reading the native file into tracks.

def read_native(path):
    """Tracks in order of first appearance: {(subject, reader): [row dict, ...]} with a line each."""
    tracks = OrderedDict()
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        reader.fieldnames = [n.strip().lower() for n in reader.fieldnames]
        for line, row in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in row.items()}
            row["_line"] = line
            key = (row["subject"], row.get("reader") or "INVESTIGATOR")
            tracks.setdefault(key, []).append(row)
    for rows in tracks.values():
        rows.sort(key=lambda r: r["date"])  # stable: the engine's order within a date
    return tracks


def evaluator(reader):
    """(--EVAL, --EVALID) of a reader."""
    return (reader, "") if reader in EVAL_TERMS else ("INDEPENDENT ASSESSOR", reader)


def study_day(day, start):
    """CDISC --DY of an ISO date: no day 0; "" without a start date."""
    if not start:
        return ""
    d = (date.fromisoformat(day) - date.fromisoformat(start)).days
    return d + 1 if d >= 0 else d


def number(value):
    """A numeric variable's value: int when whole, else float; "" stays missing."""
    if value == "" or value is None:
        return ""
    f = float(value)
    return int(f) if f == int(f) else f


def visit_numbers(tracks):
    """{(track key, date): VISITNUM}: named visits numbered by their mean day; the rest unscheduled."""
    days = OrderedDict()
    for rows in tracks.values():
        first = date.fromisoformat(rows[0]["date"])
        for d, label in assessments(rows):
            if label:
                days.setdefault(label, []).append((date.fromisoformat(d) - first).days)
    order = sorted(days, key=lambda l: sum(days[l]) / len(days[l]))  # stable: ties by appearance
    scheduled = {label: i + 1 for i, label in enumerate(order)}
    numbers = {}
    for key, rows in tracks.items():
        used, previous = set(), 0
        for d, label in assessments(rows):
            n = scheduled.get(label)
            if n is None or n in used:
                k = 1
                while round(previous + 0.01 * k, 2) in used:
                    k += 1
                n = round(previous + 0.01 * k, 2)
            used.add(n)
            numbers[(key, d)] = n
            previous = n
    return numbers


def assessments(rows):
    """[(date, visit name)] of a track's rows sorted by date; the name is the first one given."""
    out = OrderedDict()
    for r in rows:
        if r["date"] not in out or not out[r["date"]]:
            out[r["date"]] = out.get(r["date"]) or r.get("visit", "")
    return list(out.items())


# ---------------------------------------------------------------------------------------------
# Building the records.

def build(tracks, study):
    tu, tr, rs, dm, supp = [], [], [], [], []
    visitnum = visit_numbers(tracks)
    seq = {}  # --SEQ per domain and subject
    start_of = OrderedDict()
    for (subject, reader), rows in tracks.items():
        starts = {r["start_date"] for r in rows if r.get("start_date")}
        if len(starts) > 1:
            fail(f"track {subject}/{reader} has several start_date values {sorted(starts)}")
        start = starts.pop() if starts else ""
        if subject in start_of and start != start_of[subject]:
            if start and start_of[subject]:
                fail(f"subject {subject} has start_date {start_of[subject]} and {start}: DM has one per subject")
            print(f"make_sdtm.py: warning: subject {subject} has a start_date for some readers only; DM RFXSTDTC "
                  "gives it to all of them", file=sys.stderr)
        if not start_of.get(subject):
            start_of[subject] = start

    def next_seq(domain, subject):
        seq[(domain, subject)] = seq.get((domain, subject), 0) + 1
        return seq[(domain, subject)]

    for (subject, reader), rows in tracks.items():
        start = start_of[subject]
        eval_, evalid = evaluator(reader)
        labels = dict(assessments(rows))
        lesions = OrderedDict()  # id -> attributes from the lesion's first row
        fragments_made = set()
        reported_done = set()
        fragment_count = {}
        for r in rows:
            lid, d = r["lesion"], r["date"]
            vnum, vname = visitnum[((subject, reader), d)], labels[d]
            timing = {"VISITNUM": vnum, "VISIT": vname}
            if lid not in lesions:
                node = (r.get("node") or "N").upper() == "Y"
                site = r["site"].upper()
                if not node and ("LYMPH" in site or "NODE" in site):
                    print(f"make_sdtm.py: warning: line {r['_line']}: lesion {lid} at {site} has node=N, but SDTM "
                          "readers take a lymph-node location as nodal", file=sys.stderr)
                lesions[lid] = {"role": r["role"].upper(), "site": site, "node": node,
                                "method": METHOD_TERMS[(r.get("method") or "CT").upper()]}
                seq_n = next_seq("TU", subject)
                tu.append({"STUDYID": study, "DOMAIN": "TU", "USUBJID": subject, "TUSEQ": seq_n, "TUGRPID": "",
                           "TULNKID": lid, "TUTESTCD": "TUMIDENT", "TUTEST": "Tumor Identification",
                           "TUORRES": lesions[lid]["role"], "TUSTRESC": lesions[lid]["role"], "TULOC": site,
                           "TUMETHOD": lesions[lid]["method"], "TUEVAL": eval_, "TUEVALID": evalid,
                           "TUDTC": d, "TUDY": study_day(d, start), **timing})
                qualifiers = []
                irradiated = (r.get("irradiated") or "N").upper()
                if irradiated in ("Y", "Y_PROGRESSED"):
                    qualifiers.append(("TUPREVIR", "Previously Irradiated", "Y"))
                if irradiated == "Y_PROGRESSED":
                    qualifiers.append(("TUPREISP", "Irradiated, then Progressed", "Y"))
                if r.get("slice_mm"):
                    qualifiers.append(("TUSLCTHK", "Slice Thickness (mm)", r["slice_mm"]))
                for qnam, qlabel, qval in qualifiers:
                    supp.append({"STUDYID": study, "RDOMAIN": "TU", "USUBJID": subject, "IDVAR": "TUSEQ",
                                 "IDVARVAL": str(seq_n), "QNAM": qnam, "QLABEL": qlabel, "QVAL": qval, "QORIG": "CRF"})
            lesion = lesions[lid]
            status = (r.get("status") or "").upper()
            diameter = r.get("diameter_mm", "")
            nodal = lesion["node"]
            common = {"STUDYID": study, "DOMAIN": "TR", "USUBJID": subject, "TRGRPID": lesion["role"],
                      "TRLNKID": lid, "TRMETHOD": lesion["method"], "TREVAL": eval_, "TREVALID": evalid,
                      "TRDTC": d, "TRDY": study_day(d, start), **timing}
            dtest = ("LPERP", "Longest Perpendicular") if nodal else ("LDIAM", "Longest Diameter")

            def measure(value, test=dtest, link=lid, orres=None):
                tr.append({**common, "TRSEQ": next_seq("TR", subject), "TRLNKID": link, "TRTESTCD": test[0],
                           "TRTEST": test[1], "TRORRES": orres or value, "TRORRESU": "mm", "TRSTRESC": value,
                           "TRSTRESN": number(value), "TRSTRESU": "mm"})

            def state(value, test=("TUMSTATE", "Tumor State"), not_done=False):
                tr.append({**common, "TRSEQ": next_seq("TR", subject), "TRTESTCD": test[0], "TRTEST": test[1],
                           "TRORRES": "" if not_done else value, "TRSTRESC": "" if not_done else value,
                           "TRSTAT": "NOT DONE" if not_done else "",
                           "TRREASND": "NOT EVALUABLE" if not_done else ""})

            def not_done():
                tr.append({**common, "TRSEQ": next_seq("TR", subject), "TRTESTCD": dtest[0], "TRTEST": dtest[1],
                           "TRSTAT": "NOT DONE", "TRREASND": "NOT EVALUABLE"})

            role = lesion["role"]
            if role == "TARGET":
                if status == "":
                    measure(diameter)
                elif status == "ABSENT":
                    measure(diameter or "0")
                    state("ABSENT")
                elif status == "TOO_SMALL":
                    measure("5", orres="TOO SMALL TO MEASURE")
                elif status == "MERGED":
                    measure("0", orres="MERGED")
                elif status == "NE":
                    not_done()
                elif status == "FRAGMENT":
                    n = fragment_count.get((lid, d), 0) + 1
                    fragment_count[(lid, d)] = n
                    link = f"{lid}.{n}"
                    if link in lesions:
                        fail(f"line {r['_line']}: fragment id {link} is also a lesion id")
                    if link not in fragments_made:
                        fragments_made.add(link)
                        tu.append({"STUDYID": study, "DOMAIN": "TU", "USUBJID": subject,
                                   "TUSEQ": next_seq("TU", subject), "TUGRPID": lid, "TULNKID": link,
                                   "TUTESTCD": "TUSPLIT", "TUTEST": "Tumor Split", "TUORRES": "TARGET",
                                   "TUSTRESC": "TARGET", "TULOC": lesion["site"], "TUMETHOD": lesion["method"],
                                   "TUEVAL": eval_, "TUEVALID": evalid, "TUDTC": d, "TUDY": study_day(d, start),
                                   **timing})
                    measure(diameter, link=link)
                else:
                    fail(f"line {r['_line']}: status {status!r} of target {lid}")
            elif role == "NON-TARGET":
                test = ("LNSTATE", "Lymph Node State") if nodal else ("TUMSTATE", "Tumor State")
                terms = {"": "PRESENT", "PRESENT": "PRESENT", "ABSENT": "ABSENT", "PD": "UNEQUIVOCAL PROGRESSION"}
                if nodal:
                    terms.update({"": "PATHOLOGICAL", "PRESENT": "PATHOLOGICAL", "ABSENT": "NON-PATHOLOGICAL"})
                if status == "NE":
                    state("", test, not_done=True)
                elif status in terms:
                    state(terms[status], test)
                else:
                    fail(f"line {r['_line']}: status {status!r} of non-target {lid}")
                if diameter:
                    measure(diameter)
            else:
                if status not in ("", "UNEQUIVOCAL", "EQUIVOCAL"):
                    fail(f"line {r['_line']}: status {status!r} of new lesion {lid}")
                state(status or "UNEQUIVOCAL")
                if diameter:
                    measure(diameter)
            if r.get("reported") and d not in reported_done:
                reported_done.add(d)
                rs.append({"STUDYID": study, "DOMAIN": "RS", "USUBJID": subject, "RSSEQ": next_seq("RS", subject),
                           "RSTESTCD": "OVRLRESP", "RSTEST": "Overall Response", "RSCAT": "RECIST 1.1",
                           "RSORRES": r["reported"].upper(), "RSSTRESC": r["reported"].upper(), "RSEVAL": eval_,
                           "RSEVALID": evalid, "RSDTC": d, "RSDY": study_day(d, start), **timing})
    for subject, start in start_of.items():
        dm.append({"STUDYID": study, "DOMAIN": "DM", "USUBJID": subject, "RFSTDTC": start, "RFXSTDTC": start})
    return {"TU": tu, "TR": tr, "RS": rs, "DM": dm, "SUPPTU": supp}


def add_defects(datasets):
    """--defects: what real SDTM holds and recist tolerates (README "Real SDTM", issue 28), so that a
    large study exercises those paths: TULOC empty on every second non-target and new lesion; both
    axes on every measured target (the other axis with four decimals) and DIAMETER beside the
    RECIST axis; every fifth TUMSTATE record repeated but for TRSEQ; and in every 50th track the
    second visit's TRDTC and RSDTC without their day (read with --impute-partial-dates admiral)."""
    others = 0
    for rec in datasets["TU"]:
        if rec["TUTESTCD"] == "TUMIDENT" and rec["TUORRES"] != "TARGET":
            others += 1
            if others % 2 == 0:
                rec["TULOC"] = ""
    tr = []
    states = 0
    for rec in datasets["TR"]:
        tr.append(rec)
        test = rec["TRTESTCD"]
        if rec["TRGRPID"] == "TARGET" and test in ("LDIAM", "LPERP") and "." not in rec["TRLNKID"] \
                and rec.get("TRORRES") not in (None, "", "MERGED", "TOO SMALL TO MEASURE") and not rec.get("TRSTAT"):
            value = float(rec["TRSTRESC"])
            other = ("LPERP", "Longest Perpendicular") if test == "LDIAM" else ("LDIAM", "Longest Diameter")
            axis = f"{value * 0.7713:.4f}"
            tr.append({**rec, "TRTESTCD": other[0], "TRTEST": other[1], "TRORRES": axis, "TRSTRESC": axis,
                       "TRSTRESN": float(axis)})
            tr.append({**rec, "TRTESTCD": "DIAMETER", "TRTEST": "Diameter"})
        if test == "TUMSTATE":
            states += 1
            if states % 5 == 0:
                tr.append(dict(rec))
    visits_of = OrderedDict()  # track -> its visit numbers, tracks in order
    for rec in tr:
        visits_of.setdefault((rec["USUBJID"], rec["TREVAL"], rec["TREVALID"]), set()).add(float(rec["VISITNUM"]))
    partial = set()
    for i, (key, visits) in enumerate(visits_of.items()):
        if i % 50 == 49 and len(visits) > 1:
            partial.add((*key, sorted(visits)[1]))
    for domain, prefix in (("TR", "TR"), ("RS", "RS")):
        for rec in tr if domain == "TR" else datasets["RS"]:
            if (rec["USUBJID"], rec[prefix + "EVAL"], rec[prefix + "EVALID"], float(rec["VISITNUM"])) in partial:
                rec[prefix + "DTC"] = rec[prefix + "DTC"][:7]
                rec[prefix + "DY"] = ""
    seq = {}
    for rec in tr:
        seq[rec["USUBJID"]] = seq.get(rec["USUBJID"], 0) + 1
        rec["TRSEQ"] = seq[rec["USUBJID"]]
    datasets["TR"] = tr


# ---------------------------------------------------------------------------------------------
# Writing: CSV, SAS XPORT v5, Dataset-XML.

def text(value):
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(path, domain, records):
    names = [n for n, _ in VARIABLES[domain]]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for rec in records:
            w.writerow([text(rec.get(n, "")) for n in names])


def ibm_float(value):
    """8-byte IBM System/370 hexadecimal float (big-endian) of a number; "" is SAS missing (.)."""
    if value == "" or value is None:
        return b"\x2e" + b"\x00" * 7
    if value == 0:
        return b"\x00" * 8
    sign = 0x80 if value < 0 else 0
    m, e = math.frexp(abs(value))  # abs(value) = m * 2**e, 0.5 <= m < 1
    e16 = -((-e) // 4)  # ceil(e / 4): value = f * 16**e16 with 1/16 <= f < 1
    shift = 4 * e16 - e  # 0..3
    mantissa = int(m * (1 << 53)) << (3 - shift)  # 56-bit fraction of f, exact
    if not 0 <= e16 + 64 < 128:
        fail(f"number {value} out of the IBM float range")
    return bytes([sign | (e16 + 64)]) + mantissa.to_bytes(7, "big")


def xpt_datetime():
    d = date.fromisoformat(CREATED[:10])
    return f"{d.day:02d}{d.strftime('%b').upper()}{d.year % 100:02d}:{CREATED[11:19]}".encode("ascii")


def write_xpt(path, domain, records):
    """One dataset as a SAS XPORT version 5 transport file (SAS TS-140)."""
    variables = VARIABLES[domain]

    def header(kind, tail="000000000000000000000000000000  "):
        return f"HEADER RECORD*******{kind:<8}HEADER RECORD!!!!!!!{tail}".encode("ascii")

    lengths = []
    for name, _ in variables:
        if name in NUMERIC:
            lengths.append(8)
        else:
            lengths.append(max([1] + [len(text(r.get(name, "")).encode("ascii")) for r in records]))
            if lengths[-1] > 200:
                fail(f"{domain}.{name}: a value longer than 200 characters")
    stamp = xpt_datetime()
    out = bytearray()
    out += header("LIBRARY")
    out += b"SAS     SAS     SASLIB  9.4     X64_LIN " + b" " * 24 + stamp
    out += stamp + b" " * 64
    out += header("MEMBER", "000000000000000001600000000140  ")
    out += header("DSCRPTR")
    out += b"SAS     " + domain.ljust(8).encode("ascii") + b"SASDATA 9.4     X64_LIN " + b" " * 24 + stamp
    out += stamp + b" " * 16 + LABELS[domain].ljust(40).encode("ascii") + b" " * 8
    out += header("NAMESTR", f"000000{len(variables):04d}00000000000000000000  ")
    namestrs = bytearray()
    position = 0
    for i, ((name, label), length) in enumerate(zip(variables, lengths)):
        numeric = name in NUMERIC
        namestrs += struct.pack(">hhhh8s40s8shhh2s8shhi52s", 1 if numeric else 2, 0, length, i + 1,
                                name.ljust(8).encode("ascii"), label[:40].ljust(40).encode("ascii"),
                                b" " * 8, 0, 0, 0, b"\x00\x00", b" " * 8, 0, 0, position, b"\x00" * 52)
        position += length
    out += namestrs + b" " * (-len(namestrs) % 80)
    out += header("OBS")
    data = bytearray()
    for rec in records:
        for (name, _), length in zip(variables, lengths):
            value = rec.get(name, "")
            if name in NUMERIC:
                data += ibm_float(value)
            else:
                data += text(value).encode("ascii").ljust(length)
    out += data + b" " * (-len(data) % 80)
    with open(path, "wb") as f:
        f.write(out)


def write_dataset_xml(path, domain, records, study):
    names = [n for n, _ in VARIABLES[domain]]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:data="http://www.cdisc.org/ns/Dataset-XML/v1.0"'
             f' ODMVersion="1.3.2" FileType="Snapshot" FileOID={quoteattr(study + "." + domain)}'
             f' CreationDateTime="{CREATED}" data:DatasetXMLVersion="1.0.0">',
             f'  <ClinicalData StudyOID={quoteattr(study)} MetaDataVersionOID={quoteattr("MDV." + study)}>']
    for seq, rec in enumerate(records, start=1):
        lines.append(f'    <ItemGroupData ItemGroupOID="IG.{domain}" data:ItemGroupDataSeq="{seq}">')
        for n in names:
            value = text(rec.get(n, ""))
            if value != "":  # a null value has no ItemData
                lines.append(f'      <ItemData ItemOID="IT.{domain}.{n}" Value={quoteattr(value)}/>')
        lines.append("    </ItemGroupData>")
    lines += ["  </ClinicalData>", "</ODM>", ""]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("native", help="native measurements CSV (SPEC 4.1)")
    parser.add_argument("outdir", help="folder for csv/, xpt/ and xml/")
    parser.add_argument("--study", help="STUDYID (default: the output folder's name, upper case)")
    parser.add_argument("--defects", action="store_true",
                        help="add the defects of real SDTM that recist tolerates (README \"Real SDTM\")")
    args = parser.parse_args()
    study = args.study or os.path.basename(os.path.normpath(args.outdir)).upper()
    datasets = build(read_native(args.native), study)
    if args.defects:
        add_defects(datasets)
    for kind in ("csv", "xpt", "xml"):
        os.makedirs(os.path.join(args.outdir, kind), exist_ok=True)
    for domain, records in datasets.items():
        name = domain.lower()
        for kind in ("csv", "xpt", "xml"):
            path = os.path.join(args.outdir, kind, f"{name}.{kind}")
            if not records:  # an optional domain with nothing to say is left out
                if os.path.exists(path):
                    os.unlink(path)
                continue
            if kind == "csv":
                write_csv(path, domain, records)
            elif kind == "xpt":
                write_xpt(path, domain, records)
            else:
                write_dataset_xml(path, domain, records, study)
    counts = ", ".join(f"{d} {len(r)}" for d, r in datasets.items())
    print(f"make_sdtm.py: {args.outdir}: {counts} records")


if __name__ == "__main__":
    main()
