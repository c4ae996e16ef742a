#!/usr/bin/env python3
"""Find (and remove) the spaces that the PDF conversion left inside wrapped table cells.

The manual's standards tables (๙. รายละเอียด โครงสร้างส่วนประกอบมาตรฐานงาน) were converted
from PDF: where a cell's text wrapped onto a new line, the conversion put a space, often in the
middle of a Thai word or compound ("แผนพัฒนา คุณภาพ", "ดิจิทัล แพลตฟอร์ม", "มี ประสิทธิภาพ").
Thai separates phrases, not words, with spaces, so a space cannot be judged by itself; this
script decides only the cases where the manual's own text proves the space is a wrap.

Scope: the TOML string values that come from standards-table cells: in every [[flows.rows]]
`detail`, `duration`, `quality`, `responsible`; every [[flows]] `title`; the top-level `kpi`
(the table's ตัวชี้วัด line). Prose fields (objectives, scope, steps, forms, references,
definitions) are not looked at. The Mermaid `pages` are the flowchart: they are never changed;
`--report` lists the node-label spaces the same rule would call certain, for a person to judge.

THE RULE. A space S in a cell, with the maximal runs of Thai letters L (left of S) and R (right
of S), is CERTAIN (a wrap to be removed) when all of these hold:

  1. Thai on both sides: the characters next to S are Thai letters or marks (U+0E01–U+0E4E), not
     Thai digits and not ฯ or ๆ (Thai puts a space around those on purpose); and neither run
     touches a "." (abbreviations such as ผอ.สพท. keep the space before them).
  2. Joined in the manual: the manual contains, inside one whitespace-free run of text (prose or
     table), the letters l+r with no space, where l is the last 6 letters of L and r the first
     6 letters of R (the whole run when it is shorter; "letters" counts base characters, a
     tone mark or vowel sign goes with its letter). So the manual does write these letters
     together somewhere.
  3. Never spaced in prose: outside the standards tables the manual never writes l3 + " " + r3,
     where l3 is the last 3 letters of L and r3 the first 3 letters of R. (Every text outside the
     standards tables counts as prose here, the appendix's tables included.) A pair of words
     the prose does write spaced keeps its space.
  4. Not at a phrase boundary the prose uses: R does not begin with, and L does not end with,
     one of the linking words below (และ หรือ ของ ที่ ใน ได้ เพื่อ ให้ ตาม โดย ซึ่ง จาก กับ แก่
     ต่อ เป็น ว่า ทั้ง รวมถึง ตลอดจน) when the manual's prose writes that word after a space
     (for R) or before a space (for L) at least 5 times. Thai style puts a space before และ,
     เพื่อ, ให้ … on purpose, so such a space is left for a person even when rule 2 holds.
  5. Not a list of short words: the whole space-separated words on the two sides are not both
     7 letters or shorter. Thai lists short words with spaces ("ถูกต้อง ครบถ้วน สมบูรณ์",
     "สรุป ประเมิน"), and the manual writes some such pairs both ways, so the text cannot
     tell a wrap from a list separator there.

Anything else is left alone. A space that fails rule 1's abbreviation test or rule 3 is KEPT
(the manual shows such a space is real); one that fails rule 2 (never written joined), rule 4
(next to a linking word) or rule 5 (short words side by side) is UNDECIDED: it may be a wrap,
but the text cannot prove it. `--fix` repeats the rule until nothing certain is left (removing a
space lengthens the neighbouring runs), so `--check` passes right after it.

Usage:
  python3 assets/processes/find_wrapped_spaces.py            list certain, undecided, kept spaces
  python3 assets/processes/find_wrapped_spaces.py --check    exit 1 if any certain space is left
  python3 assets/processes/find_wrapped_spaces.py --fix      remove the certain spaces in place
  python3 assets/processes/find_wrapped_spaces.py --report   also list Mermaid label spaces

`--fix` edits only the quoted value on the line of each affected key, keeps everything else in
the file byte for byte, and re-reads every file with tomllib to check that nothing but those
values changed. The manual is looked for at $DLICT_MANUAL, then in shared/manual/ beside the
repository, then /work/shared/manual/ (operations-manual.th.txt); without it the script says so
and exits 2.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANUAL_NAME = "operations-manual.th.txt"

# Fields of the standards table, by the TOML table they sit in.
ROW_KEYS = ("detail", "duration", "quality", "responsible")
FLOW_KEYS = ("title",)
TOP_KEYS = ("kpi",)

JOIN_WINDOW = 6  # rule 2: letters each side that must be found joined
PROSE_WINDOW = 3  # rule 3: letters each side that must never be found spaced in prose
LINK_MIN = 5  # rule 4: prose uses of "␣word" / "word␣" that make a word a phrase boundary
SHORT_WORD = 7  # rule 5: words this short on both sides make a list, not a wrap
LINK_WORDS = (
    "และ", "หรือ", "ของ", "ที่", "ใน", "ได้", "เพื่อ", "ให้", "ตาม", "โดย", "ซึ่ง", "จาก",
    "กับ", "แก่", "ต่อ", "เป็น", "ว่า", "ทั้ง", "รวมถึง", "ตลอดจน",
)

COMBINING = {chr(0x0E31)} | {chr(c) for c in range(0x0E34, 0x0E3B)} | {
    chr(c) for c in range(0x0E47, 0x0E4F)
}


def is_thai_letter(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e4e" and c not in "ฯๆ"


def letters(s: str) -> int:
    """How many letters s has (marks not counted)."""
    return sum(1 for c in s if c not in COMBINING)


def tail(s: str, n: int) -> str:
    """The last n letters of s (a letter with its marks), or all of s."""
    count, i = 0, len(s)
    while i > 0:
        i -= 1
        if s[i] not in COMBINING:
            count += 1
            if count == n:
                return s[i:]
    return s


def head(s: str, n: int) -> str:
    """The first n letters of s (a letter with its marks), or all of s."""
    count, i = 0, 0
    while i < len(s):
        if s[i] not in COMBINING:
            count += 1
            if count > n:
                return s[:i]
        i += 1
    return s


def find_manual() -> Path | None:
    env = os.environ.get("DLICT_MANUAL")
    candidates = [Path(env)] if env else []
    candidates += [
        HERE.parents[2] / "shared" / "manual" / MANUAL_NAME,  # shared/ beside the repo
        Path("/work/shared/manual") / MANUAL_NAME,
    ]
    for c in candidates:
        if c.is_file():
            return c
    return None


class Manual:
    def __init__(self, text: str):
        lines = text.split("\n")
        in_table = False
        prose, table = [], []
        for line in lines:
            if line.startswith("๙. รายละเอียด โครงสร้างส่วนประกอบมาตรฐานงาน"):
                in_table = True
            (table if in_table else prose).append(line)
            if in_table and "อธิบายสัญลักษณ์" in line:
                in_table = False
        self.prose = "\n".join(prose)
        # Whitespace-free runs of the whole manual, joined by a separator no cell contains.
        self.runs = "\x00".join(text.split())
        self.link_before = {
            w for w in LINK_WORDS
            if len(re.findall(r"[\u0e01-\u0e4e] " + w, self.prose)) >= LINK_MIN
        }
        self.link_after = {
            w for w in LINK_WORDS
            if len(re.findall(w + r" [\u0e01-\u0e4e]", self.prose)) >= LINK_MIN
        }

    def judge(self, s: str, i: int) -> tuple[str, str, str, str]:
        """(verdict, reason, L, R) for the space s[i].

        verdict: "certain" (a wrap), "kept" (the manual shows it is a real space: the prose
        writes the pair spaced, or it stands before/after an abbreviation), "undecided" (no
        proof either way: never written joined, or next to a linking word), "skip" (not
        between two Thai letters)."""
        if i == 0 or i + 1 >= len(s) or not (is_thai_letter(s[i - 1]) and is_thai_letter(s[i + 1])):
            return "skip", "not Thai on both sides", "", ""
        a = i
        while a > 0 and is_thai_letter(s[a - 1]):
            a -= 1
        b = i + 1
        while b < len(s) and is_thai_letter(s[b]):
            b += 1
        left, right = s[a:i], s[i + 1 : b]
        if (a > 0 and s[a - 1] == ".") or (b < len(s) and s[b] == "."):
            return "kept", "next to an abbreviation", left, right
        if (tail(left, JOIN_WINDOW) + head(right, JOIN_WINDOW)) not in self.runs:
            return "undecided", "never written joined", left, right
        if (tail(left, PROSE_WINDOW) + " " + head(right, PROSE_WINDOW)) in self.prose:
            return "kept", "spaced in prose", left, right
        for w in self.link_before:
            if right.startswith(w):
                return "undecided", f"space before “{w}”", left, right
        for w in self.link_after:
            if left.endswith(w):
                return "undecided", f"space after “{w}”", left, right
        before = s.rfind(" ", 0, i) + 1
        after = s.find(" ", i + 1)
        word_l, word_r = s[before:i], s[i + 1 : after if after >= 0 else len(s)]
        if letters(word_l) <= SHORT_WORD and letters(word_r) <= SHORT_WORD:
            return "undecided", "two short words side by side", left, right
        return "certain", "", left, right

    def certain_positions(self, s: str) -> list[int]:
        return [i for i, c in enumerate(s) if c == " " and self.judge(s, i)[0] == "certain"]

    def fix(self, s: str) -> tuple[str, int]:
        """s with every certain space removed, repeated until none is left; and the count."""
        removed = 0
        while True:
            found = self.certain_positions(s)
            if not found:
                return s, removed
            # Remove from the right so earlier positions stay valid; the next round re-judges.
            for i in reversed(found):
                s = s[:i] + s[i + 1 :]
            removed += len(found)


# A line holding one of the keys, with a plain one-line basic string (no escapes).
KEY_LINE = re.compile(r'^(?P<key>[a-z_]+) = "(?P<value>[^"\\]*)"(?P<rest>\s*(#.*)?)$')


def cells(path: Path):
    """(line index, key, value) for every table-cell string in the file."""
    section = "top"
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
        stripped = line.strip()
        if stripped.startswith("["):
            section = {"[[flows]]": "flow", "[[flows.rows]]": "row"}.get(stripped, "other")
            continue
        m = KEY_LINE.match(line)
        if not m:
            continue
        key = m.group("key")
        if (
            (section == "row" and key in ROW_KEYS)
            or (section == "flow" and key in FLOW_KEYS)
            or (section == "top" and key in TOP_KEYS)
        ):
            yield n, key, m.group("value")


def mermaid_labels(path: Path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for fi, flow in enumerate(data.get("flows", [])):
        for pi, page in enumerate(flow.get("pages", [])):
            for m in re.finditer(r"[\[({]+([^\])}]*)[\])}]+", page):
                yield fi, pi, m.group(1)


def process_files() -> list[Path]:
    return sorted(HERE.glob("p[0-9][0-9].toml"))


def show(s: str, i: int, width: int = 14) -> str:
    return f"{s[max(0, i - width):i]}␣{s[i + 1:i + 1 + width]}"


def strip_cells(data: dict) -> dict:
    """The parsed file with the table-cell values blanked, to compare everything else."""
    data = dict(data)
    for k in TOP_KEYS:
        data.pop(k, None)
    flows = []
    for f in data.get("flows", []):
        f = {k: v for k, v in f.items() if k not in FLOW_KEYS}
        f["rows"] = [{k: v for k, v in r.items() if k not in ROW_KEYS} for r in f.get("rows", [])]
        flows.append(f)
    data["flows"] = flows
    return data


def main(argv: list[str]) -> int:
    mode = argv[1] if len(argv) > 1 else ""
    if mode not in ("", "--check", "--fix", "--report"):
        print(__doc__.split("\n\n")[0])
        print("usage: find_wrapped_spaces.py [--check | --fix | --report]", file=sys.stderr)
        return 2
    manual_path = find_manual()
    if manual_path is None:
        print(f"{MANUAL_NAME} not found (set DLICT_MANUAL)", file=sys.stderr)
        return 2
    manual = Manual(manual_path.read_text(encoding="utf-8"))

    certain, undecided, kept, removed = [], [], [], 0
    for path in process_files():
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        changed = False
        for n, key, value in cells(path):
            if mode == "--fix":
                new, count = manual.fix(value)
                if count:
                    lines[n] = lines[n].replace(f'"{value}"', f'"{new}"', 1)
                    removed += count
                    changed = True
                    value = new
            for i, c in enumerate(value):
                if c != " ":
                    continue
                verdict, reason, _, _ = manual.judge(value, i)
                where = f"{path.name}:{n + 1} {key}"
                if verdict == "certain":
                    certain.append(f"{where}: {show(value, i)}")
                elif verdict == "undecided":
                    undecided.append(f"{where}: {show(value, i)}  ({reason})")
                elif verdict == "kept":
                    kept.append(f"{where}: {show(value, i)}  ({reason})")
        if changed:
            new_text = "\n".join(lines)
            before, after = tomllib.loads(text), tomllib.loads(new_text)
            if strip_cells(before) != strip_cells(after):
                print(f"{path.name}: refusing to write, something besides a cell changed", file=sys.stderr)
                return 2
            path.write_text(new_text, encoding="utf-8")

    if mode == "--report":
        for path in process_files():
            for fi, pi, label in mermaid_labels(path):
                for i, c in enumerate(label):
                    if c == " " and manual.judge(label, i)[0] == "certain":
                        print(f"mermaid {path.name} flow {fi + 1} page {pi + 1}: {show(label, i)}")

    if mode == "--fix":
        print(f"removed {removed} wrapped spaces")
    if mode in ("", "--report"):
        for line in kept:
            print(f"kept {line}")
        for line in undecided:
            print(f"undecided {line}")
    for line in certain:
        print(f"certain {line}")
    print(f"{len(certain)} certain, {len(undecided)} undecided, {len(kept)} kept as real spaces")
    if mode == "--check" and certain:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
