#!/usr/bin/env python3
"""The codebase's shape rules, checked on every test run (prints each breach, exits 1 on any):
- no source file in models/, ui/ or app/ over 1,000 lines, no function over 150 lines (from the line its
  declaration starts on to its closing brace; functions are found by brace depth, at any indentation:
  free functions, member functions defined in a class or namespace, lambdas held by a variable at
  namespace scope; the bodies of classes, structs, unions, enums and namespaces and the braces of
  initializers are not functions, and braces in comments and string or character literals count for
  nothing);
- `MainWindow &` only in ui's core (ui/*.h, ui/*.cpp) and app/; tests name the main window only in
  tests/ui (the tests of the window itself), every other test drives the console through the Shell, as
  its feature does;
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


SCOPE_HEAD = re.compile(r"\b(class|struct|union|enum|namespace|extern)\b")
CONSTRUCTOR_INITIALIZERS = re.compile(r"\)\s*:(?!:)")
ACCESS_LABEL = re.compile(r"(public|protected|private)?\s*(Q_SLOTS|Q_SIGNALS|slots|signals)?")
# What may follow a function's parameter list before its body: qualifiers, a trailing return type.
FUNCTION_TAIL = re.compile(r"(\s*(const|volatile|override|final|noexcept|mutable|constexpr|&&?|->[\w\s:<>,*&]+))*\s*")
# A lambda held by a variable: `name = [captures](parameters) qualifiers`, the parameters optional.
LAMBDA = re.compile(r"(\w+)\s*=\s*\[[^\[\]]*\]\s*(\([^;]*\))?" + FUNCTION_TAIL.pattern + r"$")


def code_only(text):
    """`text` with comments, string and character literals and preprocessor lines blanked out (newlines
    kept, so offsets still give line numbers); a literal keeps its quotes, as ''."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":  # a preprocessor line, with its continuations
            while i < n and not (text[i] == "\n" and text[i - 1] != "\\"):
                out.append("\n" if text[i] == "\n" else " ")
                i += 1
            continue
        if c == "\n":
            line_start = True
            out.append(c)
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif c == '"' and re.search(r"(^|[^\w])(u8|u|U|L)?R$", text[max(0, i - 3):i]):  # R"delim(…)delim"
            open_paren = text.find("(", i)
            end = text.find(")" + text[i + 1:open_paren] + '"', open_paren)
            end = n if end < 0 else end + len(text[i + 1:open_paren]) + 2
            out.append('"' + re.sub(r"[^\n]", " ", text[i + 1:end - 1]) + '"')
            i = end
        elif c in "\"'":
            word = re.search(r"[\w']*$", text[max(0, i - 40):i]).group()
            if c == "'" and word[:1].isdigit():  # a digit separator: 1'000
                out.append(c)
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def is_access_label(head):
    return head.strip() != "" and ACCESS_LABEL.fullmatch(head.strip()) is not None


def opens_function(head):
    """Whether a '{' after `head` (the code since the last ';', '{' or '}' of the enclosing scope) opens a
    function's body: the parameter list closes the head, followed only by qualifiers, or, for a
    constructor, by its member initializers (`: a(x), b{y}`; a '{' right after a member's name is its
    initializer, not the body)."""
    head = re.sub(r"^\s*template\s*<[^{;]*?>\s*(?=[A-Za-z_])", "", head)  # template<class T> is no class
    if SCOPE_HEAD.search(head) and "(" not in head:
        return False
    if CONSTRUCTOR_INITIALIZERS.search(head):
        return head.rstrip()[-1:] in (")", "}")
    if LAMBDA.search(head):
        return True
    close = head.rfind(")")
    return close >= 0 and FUNCTION_TAIL.fullmatch(head[close + 1:]) is not None


def function_name(head):
    if LAMBDA.search(head):
        return LAMBDA.search(head).group(1)
    match = re.search(r"(operator\s*[^\s(]+|[~\w:]+)\s*\(", head)
    return match.group(1) if match else None


def functions(text):
    """(first line, last line, name) of each function defined in `text`, outermost only (a lambda inside
    a function counts as part of it)."""
    code = code_only(text)
    found = []
    # Each open brace: 'scope' (file, namespace, class), 'function', 'block' (inside a function) or
    # 'init' (an initializer outside a function); with where its function started and its name.
    stack = [("scope", None, None)]
    head_start, parens = 0, 0
    i = 0
    for i, c in enumerate(code):
        kind = stack[-1][0]
        in_function = kind in ("function", "block")
        if c == "(":
            parens += 1
        elif c == ")":
            parens = max(0, parens - 1)
        elif c == ";" and kind == "scope" and parens == 0:
            head_start = i + 1
        elif c == ":" and kind == "scope" and is_access_label(code[head_start:i]) and code[i - 1] != ":" and \
                code[i + 1:i + 2] != ":":
            head_start = i + 1  # "public:", "Q_SIGNALS:" end a head
        elif c == "{":
            if in_function:
                stack.append(("block", None, None))
                continue
            head = code[head_start:i]
            if kind == "scope" and parens == 0 and opens_function(head):
                first = i - len(head.lstrip())
                stack.append(("function", code.count("\n", 0, first) + 1, function_name(head)))
            elif kind == "scope" and parens == 0 and SCOPE_HEAD.search(head):
                stack.append(("scope", None, None))
                head_start = i + 1
            else:
                stack.append(("init", None, None))  # an initializer: the head goes on after it
        elif c == "}" and len(stack) > 1:
            closed, first, name = stack.pop()
            if closed == "function":
                found.append((first, code.count("\n", 0, i) + 1, name))
            if closed in ("function", "scope"):
                head_start = i + 1
    return found


for folder in ("models", "ui", "app"):
    for path, text in sources(folder):
        lines = text.split("\n")
        if len(lines) > MAX_FILE_LINES:
            breaches.append(f"{path}: {len(lines)} lines (at most {MAX_FILE_LINES})")
        for first, last, name in functions(text):
            if last - first + 1 > MAX_FUNCTION_LINES:
                breaches.append(f"{path}:{first}: {name or 'a function'}: {last - first + 1} lines "
                                f"(at most {MAX_FUNCTION_LINES})")
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

for path, text in sources("tests"):
    tests_the_window = path.startswith(os.path.join("tests", "ui") + os.sep)
    if not tests_the_window and re.search(r"\bui::MainWindow\b|\bMainWindow\s*[&*]|\"ui/MainWindow\.h\"", text):
        breaches.append(f"{path}: names the main window (a test outside tests/ui reaches it through the Shell)")

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
