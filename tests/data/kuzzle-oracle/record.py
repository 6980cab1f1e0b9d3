#!/usr/bin/env python3
"""Run cases.json (from generate.py) through the Kuzzle oracle and write verdicts.json.

    python3 generate.py > cases.json
    python3 record.py /path/to/oracle < cases.json > verdicts.json

The oracle runs Kuzzle 2.56.0's own code offline (roles admin/default/anonymous and the test
roles r1/r2, profiles admin/default/anonymous, no plugin besides the core authentication
plugin). Only the verdict is kept: accepted or not, Kuzzle's error id, its warnings."""
import json, subprocess, sys

oracle = sys.argv[1]
cases = json.load(sys.stdin)
oracle_cases = []
for c in cases:
    r = dict(c["request"])
    oc = {"label": c["label"], "controller": r.pop("controller"), "action": r.pop("action")}
    for k in ["_id", "body"]:
        if k in r:
            oc[k] = r.pop(k)
    if r:
        oc["args"] = r
    oracle_cases.append(oc)
out = subprocess.run(["node", "oracle.js", "-"], cwd=oracle, input=json.dumps(oracle_cases),
                     capture_output=True, text=True, check=True).stdout
results = {r["label"]: r for r in json.loads(out)}
verdicts = []
for c in cases:
    r = results[c["label"]]
    verdicts.append({**c, "kuzzle": {"accepted": r["accepted"], "error_id": r.get("error_id"),
                                      "warnings": r.get("warnings") or []}})
print(json.dumps(verdicts, indent=1, ensure_ascii=False))
