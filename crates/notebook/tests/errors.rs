//! Every kind of error names Python's exception, points at the cell line and columns that
//! caused it, and reads in Korean and in English.

use noriteo_core::messages::{Code, Lang};
use noriteo_notebook::{Kernel, PyError};

fn error_of(cells: &[&str]) -> PyError {
    let mut kernel = Kernel::new();
    let (last, before) = cells.split_last().expect("a cell");
    for c in before {
        let r = kernel.run_cell(c);
        assert!(r.error.is_none(), "{c}: {:?}", r.error);
    }
    kernel.run_cell(last).error.expect("the last cell fails")
}

/// (cell, exception, code, line, first column, end column): columns count characters from 0.
const CASES: &[(&str, &str, Code, u32, u32, u32)] = &[
    (
        "if True\n    x = 1",
        "SyntaxError",
        Code::PyExpected,
        1,
        7,
        8,
    ),
    ("print((1, 2)", "SyntaxError", Code::PyNeverClosed, 1, 5, 6),
    (
        "x = [1, 2)",
        "SyntaxError",
        Code::PyMismatchedBracket,
        1,
        9,
        10,
    ),
    ("x = 1)", "SyntaxError", Code::PyUnmatchedBracket, 1, 5, 6),
    (
        "s = 'abc",
        "SyntaxError",
        Code::PyUnterminatedString,
        1,
        4,
        8,
    ),
    (
        "s = '''abc",
        "SyntaxError",
        Code::PyUnterminatedTripleString,
        1,
        4,
        5,
    ),
    (
        "x = 1 ＋ 2",
        "SyntaxError",
        Code::PyInvalidCharacter,
        1,
        6,
        7,
    ),
    ("x = 007", "SyntaxError", Code::PyInvalidNumber, 1, 4, 7),
    (
        "if x:\nprint(1)",
        "IndentationError",
        Code::PyExpectedIndent,
        2,
        0,
        5,
    ),
    (
        "x = 1\n    y = 2",
        "IndentationError",
        Code::PyUnexpectedIndent,
        2,
        0,
        4,
    ),
    (
        "if x:\n        a = 1\n    b = 2",
        "IndentationError",
        Code::PyInconsistentDedent,
        3,
        0,
        4,
    ),
    ("1 = x", "SyntaxError", Code::PyCannotAssign, 1, 0, 1),
    ("f() = 1", "SyntaxError", Code::PyCannotAssign, 1, 0, 3),
    ("break", "SyntaxError", Code::PyOutsideLoop, 1, 0, 5),
    (
        "return 1",
        "SyntaxError",
        Code::PyReturnOutsideFunction,
        1,
        0,
        6,
    ),
    ("f'{}'", "SyntaxError", Code::PyFStringEmpty, 1, 2, 3),
    (
        "from os import *",
        "SyntaxError",
        Code::PyImportStar,
        1,
        0,
        16,
    ),
    (
        "try:\n    x = 1\nexcept:\n    pass",
        "NotImplementedError",
        Code::PyNotSupported,
        1,
        0,
        3,
    ),
    (
        "x = 1\nprint(y)",
        "NameError",
        Code::PyNameNotDefined,
        2,
        6,
        7,
    ),
    (
        "length = 3\nlenght",
        "NameError",
        Code::PyNameNotDefinedSuggest,
        2,
        0,
        6,
    ),
    (
        "x = 1\ndef f():\n    print(x)\n    x = 2\nf()",
        "UnboundLocalError",
        Code::PyUnboundLocal,
        3,
        10,
        11,
    ),
    ("x = 'a' + 1", "TypeError", Code::PyConcatenate, 1, 4, 11),
    (
        "x = 1 - 'a'",
        "TypeError",
        Code::PyUnsupportedOperand,
        1,
        4,
        11,
    ),
    ("x = -'a'", "TypeError", Code::PyBadUnaryOperand, 1, 4, 8),
    ("x = 1 < 'a'", "TypeError", Code::PyNotComparable, 1, 4, 11),
    ("x = 5\nx()", "TypeError", Code::PyNotCallable, 2, 0, 3),
    (
        "x = 5\nx[0]",
        "TypeError",
        Code::PyNotSubscriptable,
        2,
        0,
        4,
    ),
    (
        "t = (1, 2)\nt[0] = 5",
        "TypeError",
        Code::PyNotItemAssignable,
        2,
        0,
        4,
    ),
    (
        "for x in 5:\n    pass",
        "TypeError",
        Code::PyNotIterable,
        1,
        9,
        10,
    ),
    ("len(5)", "TypeError", Code::PyNoLen, 1, 0, 6),
    (
        "d = {}\nd[[1]] = 2",
        "TypeError",
        Code::PyUnhashable,
        2,
        0,
        6,
    ),
    (
        "def f(a):\n    pass\nf(1, 2)",
        "TypeError",
        Code::PyArgCount,
        3,
        0,
        7,
    ),
    (
        "def f(a):\n    pass\nf()",
        "TypeError",
        Code::PyMissingArgument,
        3,
        0,
        3,
    ),
    (
        "def f(a):\n    pass\nf(b=1)",
        "TypeError",
        Code::PyUnexpectedKeyword,
        3,
        0,
        6,
    ),
    (
        "def f(a):\n    pass\nf(1, a=1)",
        "TypeError",
        Code::PyMultipleValues,
        3,
        0,
        9,
    ),
    (
        "x = 1 / 0",
        "ZeroDivisionError",
        Code::PyDivisionByZero,
        1,
        4,
        9,
    ),
    (
        "x = [1, 2, 3]\nx[3]",
        "IndexError",
        Code::PyIndexOutOfRange,
        2,
        0,
        4,
    ),
    ("x = [1]\nx['a']", "TypeError", Code::PyIndexType, 2, 0, 6),
    (
        "d = {'a': 1}\nd['b']",
        "KeyError",
        Code::PyKeyNotFound,
        2,
        0,
        6,
    ),
    (
        "'abc'.uper()",
        "AttributeError",
        Code::PyNoAttributeSuggest,
        1,
        0,
        10,
    ),
    (
        "x = 5\nx.foo",
        "AttributeError",
        Code::PyNoAttribute,
        2,
        0,
        5,
    ),
    (
        "import math\nmath.nope",
        "AttributeError",
        Code::PyModuleNoAttribute,
        2,
        0,
        9,
    ),
    (
        "import torch as th",
        "ModuleNotFoundError",
        Code::PyModuleNotFound,
        1,
        0,
        18,
    ),
    (
        "from math import nope",
        "ImportError",
        Code::PyCannotImportName,
        1,
        0,
        21,
    ),
    (
        "int('12a')",
        "ValueError",
        Code::PyInvalidIntLiteral,
        1,
        0,
        10,
    ),
    ("float('x')", "ValueError", Code::PyInvalidFloat, 1, 0, 10),
    (
        "a, b = [1, 2, 3]",
        "ValueError",
        Code::PyTooManyToUnpack,
        1,
        0,
        4,
    ),
    (
        "a, b, c = [1, 2]",
        "ValueError",
        Code::PyNotEnoughToUnpack,
        1,
        0,
        7,
    ),
    ("[1].index(5)", "ValueError", Code::PyNotInList, 1, 0, 12),
    ("[].pop()", "IndexError", Code::PyPopEmpty, 1, 0, 8),
    ("max([])", "ValueError", Code::PyEmptySequence, 1, 0, 7),
    (
        "range(1, 5, 0)",
        "ValueError",
        Code::PyRangeStepZero,
        1,
        0,
        14,
    ),
    ("f'{1:q}'", "ValueError", Code::PyFormatCode, 1, 3, 4),
    (
        "'%d %d' % (1,)",
        "TypeError",
        Code::PyFormatNotEnough,
        1,
        0,
        14,
    ),
    (
        "'%d' % (1, 2)",
        "TypeError",
        Code::PyFormatTooMany,
        1,
        0,
        13,
    ),
    ("'-'.join([1])", "TypeError", Code::PyJoinItem, 1, 0, 13),
    (
        "assert 1 > 2",
        "AssertionError",
        Code::PyAssertionFailed,
        1,
        7,
        12,
    ),
    (
        "assert 1 > 2, 'no'",
        "AssertionError",
        Code::PyAssertionMessage,
        1,
        7,
        12,
    ),
    (
        "def f():\n    return f()\nf()",
        "RecursionError",
        Code::PyRecursion,
        2,
        11,
        14,
    ),
    (
        "input('name? ')",
        "NotImplementedError",
        Code::PyInputRefused,
        1,
        0,
        15,
    ),
    (
        "open('data.csv')",
        "NotImplementedError",
        Code::PyOpenRefused,
        1,
        0,
        16,
    ),
    (
        "class A(5):\n    pass",
        "TypeError",
        Code::PyBadBase,
        1,
        8,
        9,
    ),
    ("super()", "RuntimeError", Code::PySuperNoArguments, 1, 0, 7),
    (
        "x = 2 ** 10 ** 8",
        "OverflowError",
        Code::PyNumberTooLarge,
        1,
        4,
        16,
    ),
    (
        "x = (-8) ** 0.5",
        "ValueError",
        Code::PyFractionalPowerOfNegative,
        1,
        4,
        15,
    ),
];

#[test]
fn each_error_names_its_exception_and_place() {
    let mut failures = Vec::new();
    for &(src, ename, code, line, col, end) in CASES {
        let e = error_of(&[src]);
        let got = (
            e.ename,
            e.message.code,
            e.span.map(|s| (s.start.line, s.start.col, s.end.col)),
        );
        let want = (ename, code, Some((line, col, end)));
        if got != want {
            failures.push(format!(
                "{src:?}: got {got:?}, want {want:?} ({})",
                e.text(Lang::En)
            ));
        }
        let (en, ko) = (e.text(Lang::En), e.text(Lang::Ko));
        assert!(
            en.starts_with(ename) && ko.starts_with(ename),
            "{en} / {ko}"
        );
        assert_ne!(en, ko, "{src:?}");
        assert!(!en.contains('{') || src.contains('{'), "unfilled: {en}");
        assert!(!ko.contains('{') || src.contains('{'), "unfilled: {ko}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn name_error_asks_about_the_cell_above() {
    let e = error_of(&["print(독립)"]);
    assert_eq!(
        e.text(Lang::Ko),
        "NameError: 이름 '독립'이(가) 정의되지 않았습니다. `독립`을(를) 정의하는 위 셀을 먼저 실행했나요?"
    );
    assert_eq!(
        e.text(Lang::En),
        "NameError: name '독립' is not defined. Did you run the cell above that defines `독립`?"
    );
    // A Hangul name's columns count syllables, not bytes.
    let s = e.span.expect("a place");
    assert_eq!((s.start.col, s.end.col), (6, 8));
}

#[test]
fn a_close_name_is_suggested() {
    let e = error_of(&["model = 1", "print(modle)"]);
    assert!(
        e.text(Lang::En).ends_with("Did you mean: 'model'?"),
        "{}",
        e.text(Lang::En)
    );
    assert!(e.text(Lang::Ko).contains("'model'"));
}

#[test]
fn an_error_inside_a_def_points_at_the_body_and_keeps_the_call() {
    let e = error_of(&[
        "def divide(a, b):\n    return a / b\n",
        "x = 1\ny = divide(x, 0)",
    ]);
    assert_eq!(e.ename, "ZeroDivisionError");
    assert_eq!(e.line(), Some(2));
    assert_eq!(e.trace.len(), 1);
    assert_eq!(e.trace[0].function, "divide");
    assert_eq!(e.trace[0].call.start.line, 2);
    let tb = e.traceback(Lang::Ko);
    assert!(tb.contains("2번째 줄에서 divide() 호출"), "{tb}");
    assert!(
        tb.ends_with("ZeroDivisionError: 0으로 나눌 수 없습니다"),
        "{tb}"
    );
}

#[test]
fn module_not_found_lists_the_modules_and_mentions_colab() {
    let e = error_of(&["import torch"]);
    let ko = e.text(Lang::Ko);
    assert!(
        ko.contains("'torch' 모듈이 없습니다") && ko.contains("math") && ko.contains("Colab"),
        "{ko}"
    );
    assert!(e
        .text(Lang::En)
        .starts_with("ModuleNotFoundError: No module named 'torch'"));
}
