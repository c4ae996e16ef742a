#!/usr/bin/env python3
"""Generate assets/calendar/holidays.toml: Thai government-office holidays, 2025-2030.

What it does
    Asks the PyPI package `holidays` (https://github.com/vacanza/holidays; last run
    with holidays==0.109) for Thailand's PUBLIC and GOVERNMENT categories in Thai
    (language="th"), keeps the days government offices are closed, labels each day
    with its kind and writes TOML to stdout, one [[holiday]] per date, sorted by date.
    The package computes the lunar Buddhist days (Thai lunisolar calendar) and the
    substitution days (วันหยุดชดเชย); this script only selects and labels.

Rules (what a government office, e.g. an educational service area office, observes)
    * Kept: PUBLIC holidays (fixed dates, the four lunar days, their substitution
      days, the cabinet's extra days วันหยุดราชการเพิ่มเป็นกรณีพิเศษ) and GOVERNMENT
      holidays (the package's GOVERNMENT category holds only วันพืชมงคล, the Royal
      Ploughing Ceremony, observed by government offices only).
    * Left out: วันแรงงานแห่งชาติ (Labour Day, 1 May; private and financial sector
      only), its substitution day (ชดเชยวันแรงงานแห่งชาติ), and วันเด็กแห่งชาติ
      (Children's Day, second Saturday of January; not a day off).
    * Not used: BANK, ARMED_FORCES (วันกองทัพไทย), SCHOOL (วันครู, 16 Jan; schools and
      teachers of the Ministry of Education) and WORKDAY (observances, not days off).
      An office that closes on one of them adds it in the app as kind "office".
    * Weekend holidays stay in the file (harmless, shown on the calendar).
    * Royal Ploughing: the date is set each year by the court astrologers; the package
      lists it up to 2026 only (2025-05-09, 2026-05-13). Years after that have no
      วันพืชมงคล row until the package (or HAND_ADDED below) gets the date.
    * Cabinet extra days: the package lists them in
      ThailandStaticHolidays.special_public_holidays (name วันหยุดพิเศษ (เพิ่มเติม)).
      2 Jan 2026 is there (with 2 Jun and 11 Aug 2025: มติ ครม. 12 พฤศจิกายน 2567),
      so HAND_ADDED is empty. On 2 Dec 2025 the cabinet withdrew a proposal for more
      2026 extra days (2 Jun, 31 Jul 2026), so 2 Jan is the only 2026 one.

last_announced_year
    The largest year that has an entry in the package's special_public_holidays table
    (cabinet extra days, special in-lieu days, election days...) or in HAND_ADDED.
    In 0.109 that table ends at 2026; the package's own notes say it is "only 100%
    accurate for 1997-2025; any future dates are up to the Royal Thai Government
    Gazette which updates on a year-by-year basis", and the Royal Ploughing table
    also ends at 2026. Rows for later years are the regular holidays only.

Re-run it each year (around December, after the cabinet announces next year's extra
days and the palace the Royal Ploughing date):
    pip install -U holidays
    python3 assets/calendar/generate_holidays.py > assets/calendar/holidays.toml
then compare the diff, update the version above and the README. If the package does
not yet have an announced day, add it to HAND_ADDED with its cabinet resolution.
Warnings (stderr) flag anything the rules above do not cover.
"""

import datetime
import json
import sys

import holidays
from holidays.constants import GOVERNMENT, PUBLIC
from holidays.countries.thailand import ThailandStaticHolidays

YEARS = range(2025, 2031)
TESTED_VERSION = "0.109"

# Left out: days government offices work (see the rules above).
EXCLUDED = {"วันแรงงานแห่งชาติ", "วันเด็กแห่งชาติ"}
# The package's substitution label is "ชดเชย%s" (Thailand.observed_label).
OBSERVED_PREFIX = "ชดเชย"
SPECIAL_IN_LIEU = ThailandStaticHolidays.thai_special_in_lieu_holidays  # วันหยุดชดเชย
LUNAR = {"วันมาฆบูชา", "วันวิสาขบูชา", "วันอาสาฬหบูชา", "วันเข้าพรรษา"}
ROYAL_PLOUGHING = "วันพืชมงคล"
# (month, day) of every holiday of kind "fixed"; anything else unexpected is an error.
FIXED_DATES = {
    (1, 1), (4, 6), (4, 13), (4, 14), (4, 15), (5, 4), (6, 3), (7, 28),
    (8, 12), (10, 13), (10, 23), (12, 5), (12, 10), (12, 31),
}
# Cabinet resolutions behind the package's extra days (for the source column).
CABINET_RESOLUTIONS = {
    datetime.date(2025, 6, 2): "มติ ครม. วันที่ 12 พฤศจิกายน 2567",
    datetime.date(2025, 8, 11): "มติ ครม. วันที่ 12 พฤศจิกายน 2567",
    datetime.date(2026, 1, 2): "มติ ครม. วันที่ 12 พฤศจิกายน 2567",
}
# Days the package lacks: (date, Thai name, kind, source = the cabinet resolution).
# Example: (datetime.date(2027, 1, 4), "วันหยุดราชการเพิ่มเป็นกรณีพิเศษ",
#           "cabinet_extra", "มติ ครม. วันที่ … (hand-added)")
HAND_ADDED = []


def warn(msg):
    print(f"warning: {msg}", file=sys.stderr)


def special_days(year):
    """(month, day) -> name from the package's special_public_holidays for year."""
    entry = ThailandStaticHolidays.special_public_holidays.get(year, ())
    if entry and not isinstance(entry[0], tuple):
        entry = (entry,)
    return {(m, d): name for m, d, name in entry}


def classify(day, name, category):
    """Kind of one package holiday, or None when it is left out."""
    if name in EXCLUDED:
        return None
    if name.startswith(OBSERVED_PREFIX) and name.removeprefix(OBSERVED_PREFIX) in EXCLUDED:
        return None
    if name.startswith(OBSERVED_PREFIX) or name == SPECIAL_IN_LIEU:
        return "substitution"
    if category == GOVERNMENT:
        if name != ROYAL_PLOUGHING:
            raise SystemExit(f"{day}: unknown GOVERNMENT holiday {name!r}; update the script")
        return "royal_ploughing"
    if (day.month, day.day) in special_days(day.year):
        return "cabinet_extra"
    if name in LUNAR:
        return "lunar"
    if (day.month, day.day) in FIXED_DATES:
        return "fixed"
    raise SystemExit(f"{day}: unexpected PUBLIC holiday {name!r}; update the script")


def collect():
    version = holidays.__version__
    rows = {}  # date -> [kind, [names], source]
    dropped = []

    def add(day, name, kind, source):
        if day in rows:
            if rows[day][0] != kind:
                raise SystemExit(f"{day}: kinds {rows[day][0]} and {kind} on one date")
            if name not in rows[day][1]:
                rows[day][1].append(name)
        else:
            rows[day] = [kind, [name], source]

    for category, label in ((PUBLIC, "PUBLIC"), (GOVERNMENT, "GOVERNMENT")):
        cal = holidays.country_holidays(
            "TH", years=list(YEARS), categories=(category,), language="th"
        )
        for day in sorted(cal):
            for name in cal.get_list(day):
                kind = classify(day, name, category)
                if kind is None:
                    dropped.append(day)
                    continue
                source = f"holidays {version} ({label})"
                if kind == "cabinet_extra" and day in CABINET_RESOLUTIONS:
                    source += f"; {CABINET_RESOLUTIONS[day]}"
                add(day, name, kind, source)

    for day, name, kind, source in HAND_ADDED:
        if day in rows:
            warn(f"{day} is hand-added but the package now has it: remove it from HAND_ADDED")
        add(day, name, kind, source)

    # A left-out day (Labour Day) could have pushed another substitution day later.
    for gone in dropped:
        for day, (kind, names, _) in rows.items():
            if kind == "substitution" and 0 < (day - gone).days <= 3:
                warn(f"{day} {names}: substitution close to left-out {gone}; check by hand")

    return version, rows


def last_announced_year():
    years = set(ThailandStaticHolidays.special_public_holidays)
    years |= {day.year for day, *_ in HAND_ADDED}
    return max(years)


def royal_ploughing_years(rows):
    return sorted({d.year for d, (kind, *_) in rows.items() if kind == "royal_ploughing"})


def main():
    version, rows = collect()
    if version != TESTED_VERSION:
        warn(f"run with holidays {version}, last checked with {TESTED_VERSION}: review the diff")
    q = lambda s: json.dumps(s, ensure_ascii=False)  # JSON strings are valid TOML strings
    known_rp = royal_ploughing_years(rows)
    missing_rp = [y for y in YEARS if y not in known_rp]
    out = [
        f"# Generated by assets/calendar/generate_holidays.py from holidays=={version}"
        " — do not edit by hand; edit the script.",
        f"# Years {YEARS[0]}–{YEARS[-1]}. Cabinet extra days are announced yearly;"
        " the last year with announced extra days:",
        f"last_announced_year = {last_announced_year()}",
        "# The package calls its Thai data exact for 1997–2025 only; later years follow the",
        "# standing rules (fixed days, lunar days, substitution days) without unannounced extras.",
        "# Royal Ploughing (วันพืชมงคล) date known for: "
        + ", ".join(map(str, known_rp))
        + (f"; not in holidays {version} for: " + ", ".join(map(str, missing_rp)) if missing_rp else "")
        + ".",
        "# Left out: วันแรงงานแห่งชาติ (1 May) and its substitution, วันเด็กแห่งชาติ.",
    ]
    year = None
    for day in sorted(rows):
        kind, names, source = rows[day]
        if day.year != year:
            year = day.year
            out += ["", f"# ---- {year} (พ.ศ. {year + 543}) ----"]
        out += [
            "",
            "[[holiday]]",
            f"date = {q(day.isoformat())}  # {day.strftime('%a')}",
            f"name = {q('; '.join(names))}",
            f"kind = {q(kind)}",
            f"source = {q(source)}",
        ]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
