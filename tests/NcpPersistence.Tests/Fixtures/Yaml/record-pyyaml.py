#!/usr/bin/env python3
"""Records PyYAML's (libyaml's) verdict on every differential/*.yaml input into differential/pyyaml.json.

The differential test (YamlDifferentialTests) compares the analyzer's YAML reader with this record, so CI
needs no Python. Run it again after adding an input:  python3 tests/NcpPersistence.Tests/Fixtures/Yaml/record-pyyaml.py
Each document is recorded as composed nodes (no type resolution, aliases followed, merge keys kept as keys):
a scalar is ["=", value, line, column], a sequence ["[", item, ...], a mapping ["{", [key, value], ...];
lines and columns are 1-based.
"""
import json, os, sys
import yaml

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "differential")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def node(n):
    if isinstance(n, yaml.ScalarNode):
        return ["=", n.value, n.start_mark.line + 1, n.start_mark.column + 1]
    if isinstance(n, yaml.SequenceNode):
        return ["["] + [node(i) for i in n.value]
    return ["{"] + [[node(k), node(v)] for k, v in n.value]


record = {}
for name in sorted(os.listdir(here)):
    if not name.endswith(".yaml"):
        continue
    with open(os.path.join(here, name), "rb") as f:
        data = f.read()
    try:
        documents = [None if d is None else node(d) for d in yaml.compose_all(data.decode("utf-8-sig"), Loader=Loader)]
        record[name] = {"loads": True, "documents": documents}
    except yaml.YAMLError as e:
        record[name] = {"loads": False, "error": str(e).splitlines()[0]}
with open(os.path.join(here, "pyyaml.json"), "w", encoding="utf-8", newline="\n") as f:
    json.dump({"pyyaml": yaml.__version__, "libyaml": bool(getattr(yaml, "__with_libyaml__", False)), "cases": record}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"{len(record)} cases, {sum(1 for r in record.values() if not r['loads'])} refused")
