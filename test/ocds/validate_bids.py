#!/usr/bin/python3
"""Validate svtoms.ocds_bids output against the OCDS bids extension.

Usage: validate_bids.py EXTENSION_DIR FILE...

Each FILE holds one `bids` object.  It is checked against the extension's
release-schema.json (its Bid and Statistic definitions), with the OCDS 1.1
core definitions the extension refers to (OrganizationReference, Value,
Item, Period, Document) written out below, and against the closed codelist
bidStatus.csv and the statistic.csv codes.  Prints "ok FILE" or
"not ok FILE: reason" per file; exits 1 if any file fails.
"""
import csv
import json
import os
import sys

import jsonschema

# OCDS 1.1 core definitions referenced by the bids extension (release
# schema 1.1): the fields svtoms writes, with their types.
CORE = {
    "OrganizationReference": {
        "type": "object",
        "properties": {
            "name": {"type": ["string", "null"], "minLength": 1},
            "id": {"type": ["string", "integer"], "minLength": 1},
            "identifier": {"type": "object"},
            "address": {"type": "object"},
            "additionalIdentifiers": {"type": "array"},
            "contactPoint": {"type": "object"},
        },
    },
    "Value": {
        "type": "object",
        "properties": {
            "amount": {"type": ["number", "null"]},
            "currency": {"type": ["string", "null"]},
        },
    },
    "Item": {"type": "object"},
    "Period": {"type": "object"},
    "Document": {"type": "object"},
}


def codes(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def main():
    ext, files = sys.argv[1], sys.argv[2:]
    with open(os.path.join(ext, "release-schema.json"), encoding="utf-8") as f:
        release = json.load(f)
    schema = dict(release["properties"]["bids"])
    schema["definitions"] = dict(CORE, **release["definitions"])
    schema["$schema"] = "http://json-schema.org/draft-04/schema#"
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.FormatChecker())
    statuses = codes(os.path.join(ext, "codelists", "bidStatus.csv"))
    measures = codes(os.path.join(ext, "codelists", "statistic.csv"))

    failed = 0
    for name in files:
        with open(name, encoding="utf-8") as f:
            bids = json.load(f)
        problems = [
            "%s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message)
            for e in validator.iter_errors(bids)
        ]
        for i, bid in enumerate(bids.get("details", [])):
            if bid.get("status") not in statuses:
                problems.append("details/%d/status: %r not in bidStatus.csv"
                                % (i, bid.get("status")))
            if bid.get("hasRank") and not isinstance(bid.get("rank"), int):
                problems.append("details/%d: hasRank without a rank" % i)
        for i, stat in enumerate(bids.get("statistics", [])):
            if stat.get("measure") not in measures:
                problems.append("statistics/%d/measure: %r not in statistic.csv"
                                % (i, stat.get("measure")))
        if problems:
            failed += 1
            print("not ok %s: %s" % (name, "; ".join(problems)))
        else:
            print("ok %s" % name)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
