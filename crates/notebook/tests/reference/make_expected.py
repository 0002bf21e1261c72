"""Runs every case of cases.txt in real Python and writes what it printed, showed and raised
to expected.json, which the Rust tests (tests/reference.rs) compare the notebook against.

A case is a few cells run one after another in one namespace, as a notebook runs them; for
each cell we record its printed text, the repr of its last bare expression (Jupyter's
Out[n], nothing for None), and the name and cell line of an exception that stopped it.

    python3 crates/notebook/tests/reference/make_expected.py

numpy_cases.txt goes the same way to numpy_expected.json (numpy 2 must be installed), and
pandas_cases.txt to pandas_expected.json (pandas 3 and scikit-learn; files are read from
the lecture data folder, as the Rust test's FileSource reads them).
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


def datasets_dir():
    """The lecture data folder, found as the Rust tests find it (NORITEO_DATASETS, relative
    to the repository root, or ../shared/datasets beside the repository)."""
    root = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
    env = os.environ.get("NORITEO_DATASETS")
    path = os.path.join(root, env) if env else os.path.join(root, "..", "shared", "datasets")
    if not os.path.isdir(path):
        sys.exit(f"lecture data folder {path} is missing (set NORITEO_DATASETS)")
    return path


def write(cases_file, expected_file):
    cases = read_cases(os.path.join(HERE, cases_file))
    if cases_file.startswith("pandas"):
        # The notebook shows frames as Jupyter and Colab do (20 columns, 80 characters),
        # and reads files by name from the lecture data folder.
        import pandas

        pandas.set_option("display.max_columns", 20)
        pandas.set_option("display.width", 80)
        os.chdir(datasets_dir())
    expected = {}
    for name, cells in cases.items():
        # A notebook's namespace is __main__'s (class reprs say '__main__.Dog').
        ns = {"__name__": "__main__"}
        expected[name] = [run_cell(c, ns) for c in cells]
    versions = {"python": sys.version.split()[0]}
    if cases_file.startswith("numpy"):
        import numpy

        versions["numpy"] = numpy.__version__
    if cases_file.startswith("pandas"):
        import numpy
        import pandas
        import sklearn

        versions.update(numpy=numpy.__version__, pandas=pandas.__version__, sklearn=sklearn.__version__)
        os.chdir(HERE)
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
    # pandas 3 and scikit-learn 1.9, reading the lecture data files by name.
    write("pandas_cases.txt", "pandas_expected.json")


if __name__ == "__main__":
    main()
