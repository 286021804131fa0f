#!/usr/bin/env python3
"""The codebase's shape rules, checked on every test run (prints each breach, exits 1 on any):
- no source file in models/, ui/ or app/ over 1,000 lines, no function over 150 lines (a function body
  is a line that is exactly '{' up to the next line that is exactly '}', as .clang-format lays it out);
- `MainWindow &` only in ui's core (ui/*.h, ui/*.cpp) and app/;
- no include from one ui feature folder into another, none from ui's core into a feature folder;
- test sources are named tst_*.cpp;
- every item model (a class deriving from a Qt model) is run under QAbstractItemModelTester by a test that
  includes its header;
- comments cite code or public documentation, never files outside this repository."""
import os
import re
import sys

MAX_FILE_LINES = 1000
MAX_FUNCTION_LINES = 150
FEATURES = ("diff", "modes", "exporters", "search", "plan", "transfer")
OUTSIDE_CITATION = re.compile(r"ui-map\.md|house-style|scenarios\.md|house notes|§\s*\d|\b[Ss]cenario [A-F]\b|"
                              r"\.\./shared/")

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
breaches = []


def sources(folder, endings=(".h", ".cpp")):
    for directory, _, names in os.walk(os.path.join(root, folder)):
        for name in sorted(names):
            if name.endswith(endings):
                path = os.path.join(directory, name)
                yield os.path.relpath(path, root), open(path, encoding="utf-8", errors="replace").read()


def feature_of(path):
    parts = path.split(os.sep)
    return parts[1] if len(parts) > 2 and parts[0] == "ui" and parts[1] in FEATURES else None


for folder in ("models", "ui", "app"):
    for path, text in sources(folder):
        lines = text.split("\n")
        if len(lines) > MAX_FILE_LINES:
            breaches.append(f"{path}: {len(lines)} lines (at most {MAX_FILE_LINES})")
        start = None
        for number, line in enumerate(lines, 1):
            if line == "{":
                start = number
            elif line == "}" and start is not None:
                if number - start + 2 > MAX_FUNCTION_LINES:
                    breaches.append(f"{path}:{start}: a function of {number - start + 2} lines "
                                    f"(at most {MAX_FUNCTION_LINES})")
                start = None
        in_core = folder == "ui" and os.sep not in path[len("ui/"):]
        if re.search(r"\bMainWindow\s*&", text) and not (in_core or folder == "app"):
            breaches.append(f"{path}: takes MainWindow & (features get the Shell)")
        if folder == "ui":
            own = feature_of(path)
            # "ui/<folder>/…" names a feature; "<folder>/…" alone is models/<folder>.
            for match in re.finditer(r'#include "ui/(diff|modes|exporters|search|plan|transfer)/', text):
                if own != match.group(1):
                    breaches.append(f"{path}: includes ui/{match.group(1)}/ "
                                    f"({'the core' if own is None else 'feature ' + own} may not)")
for folder in ("models", "ui", "app", "tests"):
    for path, text in sources(folder):
        for number, line in enumerate(text.split("\n"), 1):
            comment = line.split("//", 1)[1] if "//" in line else ""
            if comment and OUTSIDE_CITATION.search(comment) and "RFC" not in comment:
                breaches.append(f"{path}:{number}: a comment cites a file outside the repository")

for path, _ in sources("tests", (".cpp",)):
    name = os.path.basename(path)
    in_test_folder = not path.startswith(os.path.join("tests", "fuzz"))
    if in_test_folder and re.match(r"(test_|Test|tst)", name) and not name.startswith("tst_"):
        breaches.append(f"{path}: test sources are named tst_<name>.cpp")

MODEL_CLASS = re.compile(r"class (\w+)\b[^;{]*:\s*public\s+(QAbstract\w*Model|QSortFilterProxyModel|"
                         r"QIdentityProxyModel|QStandardItemModel|QStringListModel)\b")
tested_headers = set()
for path, text in sources("tests", (".cpp", ".h")):
    if "QAbstractItemModelTester tester" in text or "QAbstractItemModelTester " in text:
        tested_headers.update(re.findall(r'#include "([\w/]+\.h)"', text))
for folder in ("models", "ui", "app"):
    for path, text in sources(folder, (".h",)):
        for match in MODEL_CLASS.finditer(text):
            header = path.split(os.sep, 1)[1] if folder == "models" else path
            if not any(h == header or h.endswith("/" + os.path.basename(path)) for h in tested_headers):
                breaches.append(f"{path}: the item model {match.group(1)} is not run under QAbstractItemModelTester")

for breach in breaches:
    print(breach)
print(f"{len(breaches)} breach(es) of the shape rules" if breaches else "the shape rules hold")
sys.exit(1 if breaches else 0)
