"""Runs every case of cases.txt in real Python and writes what it printed, showed and raised
to expected.json, which the Rust tests (tests/reference.rs) compare the notebook against.

A case is a few cells run one after another in one namespace, as a notebook runs them; for
each cell we record its printed text, the repr of its last bare expression (Jupyter's
Out[n], nothing for None), and the name and cell line of an exception that stopped it.

    python3 crates/notebook/tests/reference/make_expected.py

numpy_cases.txt goes the same way to numpy_expected.json (numpy 2 must be installed).
"""
import ast
import contextlib
import io
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))


def read_cases(path):
    cases, name, lines = {}, None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("### "):
                if name:
                    cases[name] = "".join(lines)
                name, lines = line[4:].strip(), []
            else:
                lines.append(line)
    if name:
        cases[name] = "".join(lines)
    return {k: v.split("#%%\n") for k, v in cases.items()}


def run_cell(src, ns):
    out = io.StringIO()
    shown, error = None, None
    try:
        tree = ast.parse(src, "<cell>")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        with contextlib.redirect_stdout(out):
            exec(compile(tree, "<cell>", "exec"), ns)
            if last is not None:
                value = eval(compile(last, "<cell>", "eval"), ns)
                if value is not None:
                    shown = repr(value)
    except SyntaxError as e:
        error = {"ename": type(e).__name__, "line": e.lineno}
    except Exception as e:
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == "<cell>"]
        error = {"ename": type(e).__name__, "line": frames[-1].lineno if frames else None}
    return {"stdout": out.getvalue(), "shown": shown, "error": error}


def write(cases_file, expected_file):
    cases = read_cases(os.path.join(HERE, cases_file))
    expected = {}
    for name, cells in cases.items():
        # A notebook's namespace is __main__'s (class reprs say '__main__.Dog').
        ns = {"__name__": "__main__"}
        expected[name] = [run_cell(c, ns) for c in cells]
    versions = {"python": sys.version.split()[0]}
    if cases_file.startswith("numpy"):
        import numpy

        versions["numpy"] = numpy.__version__
    with open(os.path.join(HERE, expected_file), "w", encoding="utf-8") as f:
        json.dump(
            dict(versions, cases=expected),
            f,
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
        f.write("\n")


def main():
    write("cases.txt", "expected.json")
    # numpy's cases need numpy 2 installed (its printing changed in 2.0).
    write("numpy_cases.txt", "numpy_expected.json")


if __name__ == "__main__":
    main()
