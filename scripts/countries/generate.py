#!/usr/bin/env python3
"""Generate src/lexicon/countries.toml from the `world-countries` dataset.

The dataset is mledoze/countries as published on npm (`world-countries`),
data licensed ODbL-1.0. It is fetched with `npm pack` at a pinned version
into a temporary directory (npm verifies the tarball against the registry's
integrity hash, and this script checks that hash against the pinned one), so
the output is reproducible. See src/lexicon/COUNTRIES.md.

Usage (from the repository root):

    python3 scripts/countries/generate.py            # fetch, write the file
    python3 scripts/countries/generate.py --check    # fail if the file is stale
    python3 scripts/countries/generate.py --json countries.json   # offline

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import unicodedata
from pathlib import Path

PACKAGE = "world-countries"
VERSION = "5.1.0"
INTEGRITY = (
    "sha512-CXR6EBvTbArDlDDIWU3gfKb7Qk0ck2WNZ234b/A0vuecPzIfzzxH+O6Ejnvg1sT8XuiZjVlzOH0h08ZtaO7g0w=="
)
LICENCE = "ODbL-1.0"
SOURCE = "https://github.com/mledoze/countries"

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TOML = ROOT / "src" / "lexicon" / "default.toml"
OUT = ROOT / "src" / "lexicon" / "countries.toml"

# The two UN General Assembly observer states. (The dataset marks the Vatican
# as a UN member, which it is not: it is selected here as an observer.)
OBSERVERS = {"VAT", "PSE"}

# Parties hand-curated in default.toml, by dataset code: not generated, but
# their aliases are checked against the dataset's names.
CURATED = {
    "CHN": "china",
    "KOR": "rok",
    "USA": "us",
    "JPN": "japan",
    "PRK": "dprk",
    "RUS": "russia",
    "AUS": "australia",
}

# Ids that differ from the slug of the dataset's common name.
ID_OVERRIDES = {
    "GBR": "uk",
    "ARE": "uae",
    "COD": "drc",
    "COG": "congo",  # ISO 3166 short name of the Republic of the Congo
    "VAT": "holy-see",
}

# Display names that differ from the dataset's common name.
NAME_OVERRIDES = {
    "VAT": "Holy See",
    "COD": "Democratic Republic of the Congo",
}

# Names (common or display) written with "the" in running text.
WITH_ARTICLE = {
    "Bahamas", "Gambia", "Netherlands", "Philippines", "Maldives", "Comoros",
    "Seychelles", "Solomon Islands", "Marshall Islands", "United Arab Emirates",
    "United Kingdom", "Central African Republic", "Dominican Republic",
    "Republic of the Congo", "Democratic Republic of the Congo", "Holy See",
    "Czech Republic",
}

# Alternative spellings taken from the dataset's altSpellings, besides its
# English long forms ("Republic of X", picked by LONG_FORM). Each must occur
# in the dataset: the generator fails otherwise. Upper-case ones are exact.
ALT_ALLOW = {
    "Great Britain", "UK", "UAE", "DRC", "DR Congo", "Congo-Kinshasa",
    "Congo-Brazzaville", "Democratic Republic of Congo", "Burma", "Holland",
    "Swaziland", "East Timor", "Viet Nam", "Brunei Darussalam", "Saudi",
    "Republic of Turkey", "Turkiye", "Cote d'Ivoire", "Ivory Coast",
    "Bosnia-Herzegovina", "Sao Tome and Principe", "Lao", "Vatican",
    "Vatican City State", "Maldive Islands",
}
LONG_FORM = re.compile(
    r"^(?:[A-Z][\w'-]* )*(?:Republic|Kingdom|State|States|Federation|Commonwealth|"
    r"Union|Principality|Sultanate|Duchy|Confederation)(?: of (?:the )?[A-Z][\w' -]*)?$"
)

# Names in common English use that the dataset does not list. Kept short.
EXTRA_ALIASES = {
    "GBR": ["Britain"],
    "TUR": ["Turkey"],
    "CIV": ["Côte d'Ivoire"],
    "CPV": ["Cabo Verde"],
    "VAT": ["Holy See"],
}
EXTRA_DEMONYMS = {"CPV": ["Cabo Verdean"], "KGZ": ["Kyrgyz"], "TJK": ["Tajik"]}
EXTRA_EXACT = {"GBR": ["U.K."]}

# Names and demonyms that are also ordinary lower-case English words: matched
# with case only ("Chad", not "chad"; "Polish", not "polish").
CASE_ONLY = {"Chad", "Turkey", "Guinea", "Chile", "Polish", "Panama"}

# Capitals not used as metonyms, with the reason (listed in COUNTRIES.md).
CAPITAL_EXCLUDED = {
    "Brussels": "the seat of the EU institutions: it names the party eu",
    "Jerusalem": "its status is disputed and readouts name it as a place",
    "Amsterdam": "the Dutch government sits in The Hague",
    "Victoria": "a given name, and places in Canada, Australia and Texas",
    "Kingston": "also a city in New York and Ontario",
    "Georgetown": "also the Washington neighbourhood and university",
    "Sofia": "a common given name",
    "Malé": "its ASCII spelling is the English word \"male\"",
    "San José": "its ASCII spelling is San Jose, California",
    "Saint John's": "a generic place name (Newfoundland, Antigua)",
    "St. George's": "a generic place name (Grenada, Bermuda)",
    "Bloemfontein": "South Africa's executive capital is Pretoria",
    "Cape Town": "South Africa's executive capital is Pretoria",
    "Washington D.C.": "the US is hand-curated (\"Washington\")",
}

# Acronyms in altSpellings not used, with the reason.
ACRONYM_EXCLUDED = {"RSA": "also a cryptosystem and other organisations"}

# Phrases that are not mentions of the party whose name they contain.
GUARDS = {
    "GIN": ["Gulf of Guinea", "New Guinea", "guinea pig", "guinea fowl"],
    "NER": ["Niger Delta", "Niger River"],
    "JOR": ["Jordan River", "Jordan Valley", "River Jordan"],
    "TCD": ["Lake Chad"],
    "COD": ["Congo River", "Congo Basin"],
    "FRA": ["Paris Agreement", "Paris Climate Agreement", "Paris Club", "Paris Principles"],
    "ITA": ["Rome Statute"],
    "AUT": ["Vienna Convention", "Vienna Document"],
    "BLR": ["Minsk agreements", "Minsk agreement", "Minsk Group"],
    "FIN": ["Helsinki Final Act"],
    "NOR": ["Oslo Accords", "Oslo Accord"],
    "PRT": ["Lisbon Treaty", "Treaty of Lisbon"],
    "POL": ["Warsaw Pact"],
    "QAT": ["Doha Round", "Doha Development Agenda"],
    "IND": ["Indian Ocean"],
    "IRL": ["Northern Ireland"],
    "MEX": ["New Mexico", "Gulf of Mexico"],
    "WSM": ["American Samoa"],
    "PAN": ["Panama Canal"],
}

EU = {
    "id": "eu",
    "name": "European Union",
    "aliases": [
        "European Union", "the European Union", "the EU", "the European side",
        "the EU side", "the European Union side",
    ],
    "exact": ["EU", "Brussels"],
    "guards": [],
    "examples": [
        "[The European side] stressed its position.",
        "[The EU] welcomed the agreement.",
    ],
    "counterexamples": ["The two sides discussed the EU's economy."],
}


def fold(text: str) -> str:
    """ASCII spelling of `text` (diacritics dropped)."""
    text = text.replace("’", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(name: str) -> str:
    s = fold(name).lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def fetch(tmp: Path) -> list[dict]:
    spec = f"{PACKAGE}@{VERSION}"
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(tmp)],
        cwd=tmp, check=True, capture_output=True, text=True,
    ).stdout
    meta = json.loads(out)[0]
    if meta["integrity"] != INTEGRITY:
        sys.exit(f"{spec}: integrity {meta['integrity']} is not the pinned {INTEGRITY}")
    with tarfile.open(tmp / meta["filename"]) as tar:
        tar.extractall(tmp, filter="data")
    return json.loads((tmp / "package" / "countries.json").read_text(encoding="utf-8"))


def demonyms(country: dict) -> list[str]:
    eng = country.get("demonyms", {}).get("eng", {})
    found = []
    for form in (eng.get("m"), eng.get("f")):
        for part in re.split(r", | or ", form or ""):
            if part and part not in found:
                found.append(part)
    return found


def with_article(name: str) -> str:
    return f"the {name}" if name in WITH_ARTICLE else name


def build(countries: list[dict], curated_terms: dict[str, set[str]]) -> tuple[list[dict], list[str]]:
    """The generated parties, and notes on what was left out."""
    notes: list[str] = []
    selected = [c for c in countries if (c.get("unMember") and c["cca3"] not in OBSERVERS)
                or c["cca3"] in OBSERVERS]
    members = [c for c in selected if c["cca3"] not in OBSERVERS]
    if len(members) != 193 or len(selected) != 195:
        sys.exit(f"expected 193 members and 2 observers, got {len(members)} and "
                 f"{len(selected) - len(members)}")
    all_alts = {a for c in countries for a in c.get("altSpellings", [])}
    missing = ALT_ALLOW - all_alts
    if missing:
        sys.exit(f"ALT_ALLOW spellings not in the dataset: {sorted(missing)}")

    parties = []
    for c in sorted(selected, key=lambda c: fold(NAME_OVERRIDES.get(c["cca3"], c["name"]["common"]))):
        code = c["cca3"]
        if code in CURATED:
            continue
        common = c["name"]["common"]
        name = NAME_OVERRIDES.get(code, common)
        official = c["name"]["official"]
        names = [name, common, official]
        names += [a for a in c.get("altSpellings", [])
                  if (a in ALT_ALLOW or LONG_FORM.match(a)) and "," not in a and not a.isupper()]
        names += EXTRA_ALIASES.get(code, [])
        names += [fold(n) for n in names]
        exact = [a for a in c.get("altSpellings", []) if a in ALT_ALLOW and a.isupper()]
        exact += EXTRA_EXACT.get(code, [])
        for a in c.get("altSpellings", []):
            if a in ACRONYM_EXCLUDED:
                notes.append(f"{code}: acronym {a!r} left out: {ACRONYM_EXCLUDED[a]}")
        aliases: list[str] = []
        for n in names:
            aliases.append(n)
        short = with_article(name)
        aliases += [f"the {name} side", f"the {name} government", f"the Government of {short}"]
        if common != name:
            aliases.append(f"the {common} side")
        for d in demonyms(c) + EXTRA_DEMONYMS.get(code, []):
            aliases += [d, f"the {d} side", f"the {d} government"]
        for cap in c.get("capital", []):
            if cap in CAPITAL_EXCLUDED:
                notes.append(f"{code}: capital {cap!r} left out: {CAPITAL_EXCLUDED[cap]}")
                continue
            exact.append(cap)
            if fold(cap) != cap:
                exact.append(fold(cap))
        # Readouts often use the typographic apostrophe ("People’s").
        aliases += [a.replace("'", "’") for a in aliases if "'" in a]
        exact += [e.replace("'", "’") for e in exact if "'" in e]
        # Move case-only words from aliases to exact.
        exact += [a for a in aliases if a in CASE_ONLY]
        aliases = [a for a in aliases if a not in CASE_ONLY]
        # "On Burma, the Secretary stressed ...": a sentence-initial "On X,"
        # names a subject of the talks, not a speaker. Names only, not the
        # long forms or demonyms.
        short_names = [name, common] + [a for a in c.get("altSpellings", [])
                                        if a in ALT_ALLOW and not a.isupper()]
        short_names += EXTRA_ALIASES.get(code, [])
        short_names += [fold(n) for n in short_names]
        framing = unique([f"On {with_article(n)}," for n in short_names])
        parties.append({
            "code": code,
            "id": ID_OVERRIDES.get(code, slug(common)),
            "name": name,
            "aliases": aliases,
            "exact": exact,
            "guards": GUARDS.get(code, []) + framing,
            "examples": [f"[The {name} side] stressed its position."],
            "counterexamples": [f"The two sides discussed {possessive(short)} economy."],
        })

    # De-duplicate within a party (any case; an exact term the aliases already
    # match in any case is dropped).
    for p in parties:
        p["aliases"] = unique(p["aliases"])
        folded = {a.lower() for a in p["aliases"]}
        p["exact"] = [e for e in unique(p["exact"], fold_case=False) if e.lower() not in folded]

    # A term naming two parties names neither: drop it everywhere, including
    # terms the hand-curated parties and the EU already use.
    owners: dict[str, set[str]] = {}
    for owner, terms in curated_terms.items():
        for t in terms:
            owners.setdefault(t.lower(), set()).add(owner)
    for t in EU["aliases"] + EU["exact"]:
        owners.setdefault(t.lower(), set()).add("eu")
    for p in parties:
        for t in p["aliases"] + p["exact"]:
            owners.setdefault(t.lower(), set()).add(p["id"])
    ambiguous = {t for t, o in owners.items() if len(o) > 1}
    for p in parties:
        for key in ("aliases", "exact"):
            dropped = [t for t in p[key] if t.lower() in ambiguous]
            for t in dropped:
                notes.append(f"{p['code']}: {t!r} left out: also names "
                             f"{', '.join(sorted(owners[t.lower()] - {p['id']}))}")
            p[key] = [t for t in p[key] if t.lower() not in ambiguous]

    ids = [p["id"] for p in parties] + ["eu"] + list(CURATED.values())
    if len(set(ids)) != len(ids):
        sys.exit("duplicate party ids")
    return parties, notes


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def unique(items: list[str], fold_case: bool = True) -> list[str]:
    seen, out = set(), []
    for i in items:
        key = i.lower() if fold_case else i
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def toml_list(key: str, items: list[str]) -> str:
    if not items:
        return ""
    one = f"{key} = [{', '.join(toml_str(i) for i in items)}]"
    if len(one) <= 100:
        return one + "\n"
    lines, line = [f"{key} = ["], "  "
    for i in items:
        piece = toml_str(i) + ","
        if len(line) + len(piece) + 1 > 100 and line.strip():
            lines.append(line.rstrip())
            line = "  "
        line += piece + " "
    lines.append(line.rstrip())
    lines.append("]")
    return "\n".join(lines) + "\n"


def render(parties: list[dict], notes: list[str]) -> str:
    out = [
        "# ---------------------------------------------------------------- countries",
        "#",
        "# GENERATED by scripts/countries/generate.py: do not edit by hand; change",
        "# the generator and run it again (see src/lexicon/COUNTRIES.md).",
        f"# Data: {PACKAGE} {VERSION} (npm), {SOURCE},",
        f"# licensed {LICENCE} (Open Database License 1.0).",
        "#",
        "# The 193 UN member states and the two observer states, less the seven",
        "# parties hand-curated in default.toml, plus the European Union. This file",
        "# is appended to default.toml to form the built-in lexicon.",
        "#",
        "# Left out:",
    ]
    out += [f"#   {n}" for n in notes]
    out.append("")
    for p in [EU] + parties:
        out.append("[[party]]")
        out.append(f"id = {toml_str(p['id'])}")
        out.append(f"name = {toml_str(p['name'])}")
        text = "".join(toml_list(k, p[k]) for k in
                       ("aliases", "exact", "guards", "examples", "counterexamples"))
        out.append(text.rstrip("\n"))
        out.append("")
    return "\n".join(out)


def curated_terms() -> dict[str, set[str]]:
    data = tomllib.loads(DEFAULT_TOML.read_text(encoding="utf-8"))
    return {p["id"]: set(p.get("aliases", [])) | set(p.get("exact", []))
            for p in data.get("party", [])}


def coverage(countries: list[dict]) -> list[str]:
    """Dataset names of the hand-curated parties that none of their terms matches."""
    data = tomllib.loads(DEFAULT_TOML.read_text(encoding="utf-8"))
    by_id = {p["id"]: p for p in data["party"]}
    gaps = []
    for c in countries:
        pid = CURATED.get(c["cca3"])
        if not pid:
            continue
        p = by_id[pid]
        terms = [t.lower() for t in p.get("aliases", [])] + p.get("exact", [])
        wanted = [c["name"]["common"], c["name"]["official"], *demonyms(c), *c.get("capital", [])]
        for w in wanted:
            if w.lower() not in terms and w not in terms:
                gaps.append(f"{pid}: {w!r} is not an alias")
    return gaps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, help="use this countries.json instead of fetching")
    ap.add_argument("--check", action="store_true", help="fail if the output file is stale")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.json:
        countries = json.loads(args.json.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            countries = fetch(Path(tmp))
    parties, notes = build(countries, curated_terms())
    text = render(parties, notes)
    for gap in coverage(countries):
        print(f"note: {gap}", file=sys.stderr)
    if args.check:
        if args.out.read_text(encoding="utf-8") != text:
            sys.exit(f"{args.out} is stale: run {Path(__file__).relative_to(ROOT)}")
        return
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(parties) + 1} parties", file=sys.stderr)


if __name__ == "__main__":
    main()
