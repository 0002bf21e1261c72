//! No input makes the notebook panic or overflow its stack: malformed snippets, every
//! truncation of valid programs, absurd nesting and runaway recursion all end as Python
//! errors.

use noriteo_notebook::Kernel;

const MALFORMED: &[&str] = &[
    "",
    "\n",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "(]",
    "[)",
    "{)",
    "'",
    "\"",
    "'''",
    "\"\"\"abc",
    "f'{'",
    "f'{}'",
    "f'}'",
    "f'{x!z}'",
    "f'{x:{'",
    "f'{x",
    "rb'x'",
    "b'x'",
    "1j",
    "0x",
    "0b2",
    "1__0",
    "1_",
    "07",
    "1e",
    "1.2.3",
    "..",
    "...",
    "a.",
    ".a",
    "a..b",
    "@",
    "@x\ndef f(): pass",
    "def",
    "def f",
    "def f(",
    "def f(:",
    "def f():",
    "def f(a=1, b): pass",
    "def f(**k, a): pass",
    "class",
    "class A(",
    "class A:",
    "if",
    "if x",
    "if x:",
    "elif x:",
    "else:",
    "for",
    "for x",
    "for x in",
    "for x in y",
    "for 1 in y: pass",
    "while",
    "while x:",
    "lambda",
    "lambda x",
    "lambda: ",
    "return",
    "break",
    "continue",
    "import",
    "import .",
    "from",
    "from x",
    "from x import",
    "from x import *",
    "from . import x",
    "global",
    "del",
    "del 1",
    "assert",
    "x =",
    "= x",
    "x == = 1",
    "x +=",
    "1 += 1",
    "f() = 1",
    "x, = ",
    "*x = 1",
    "a, *b = 1, 2",
    "x := 1",
    "try:\n  pass",
    "with x: pass",
    "yield x",
    "raise X",
    "async def f(): pass",
    "print('a'",
    "print('a'))",
    "x = [1, 2",
    "x = {1: 2",
    "x = {1: }",
    "{**}",
    "[*]",
    "f(*)",
    "f(**)",
    "f(a=)",
    "f(a=1, 2)",
    "x[",
    "x[1:2:3:4]",
    "x[::]",
    "\\",
    "x = 1 \\",
    "x = \\\n",
    "\t\tx",
    "  x = 1",
    "if x:\n\tpass\n        pass",
    "if x:\n  a\n b",
    "\u{201c}hi\u{201d}",
    "x = 1\u{ff09}",
    "$",
    "?",
    "!",
    "`",
    "x = 'a\nb'",
    "#",
    "# only a comment",
    "not",
    "not not",
    "-",
    "1 +",
    "1 if 2",
    "1 if 2 else",
    "x is",
    "x is not",
    "x not",
    "x in",
    "a < < b",
    "[x for]",
    "[x for x]",
    "[x for x in]",
    "[x for x in y if]",
    "{x: y for}",
    "(x for x in)",
    "print(f'{1:{2:{3}}}')",
    "'%' % ()",
    "'%(a)s' % 1",
    "'%.f' % 1",
    "'%*d' % (1,)",
    "'{' .format(1)",
    "'{0' .format(1)",
    "'}'.format()",
    "'{x.y}'.format(x=1)",
    "format(1, 'z')",
    "format(1.5, '<<')",
    "format('a', 'd')",
    "format(1, '.')",
    "int('')",
    "int('0x10', 16)",
    "int('z', 40)",
    "float('')",
    "float('1e')",
    "chr(-1)",
    "chr(10**20)",
    "range(0)[0]",
    "range(1, 2, 0)",
    "[][0]",
    "[].pop()",
    "{}.pop(1)",
    "set().pop()",
    "().index(1)",
    "'abc'[10]",
    "'abc'[1:2:0]",
    "[1,2,3][::0]",
    "10**10**10",
    "2 ** -2 ** 100",
    "1 << -1",
    "1 << 10**7",
    "0.0 ** -1",
    "(-8) ** (1/3)",
    "1e308 * 10",
    "10.0 ** 400",
    "round(1e300)",
    "round(float('inf'))",
    "round(float('nan'))",
    "int(float('nan'))",
    "divmod(1, 0)",
    "divmod(1.0, 0.0)",
    "pow(2, -1, 5)",
    "pow(2, 3, 0)",
    "'a' * 10**10",
    "[0] * 10**10",
    "(1,) * -1",
    "min()",
    "max([])",
    "sum(['a'])",
    "sorted([1, 'a'])",
    "sorted([[1], [1, 'a'], [1, 2]])",
    "len(1)",
    "iter(1)",
    "next(iter([]))",
    "next(1)",
    "zip(1)",
    "map(1, [1])",
    "list(1)",
    "dict(1)",
    "dict([1])",
    "{[]: 1}",
    "{[]}",
    "hash([])",
    "x = []\nx.append(x)\nprint(x)\nx == x",
    "d = {}\nd['d'] = d\nd",
    "a = [1]\nb = [a]\na.append(b)\na == b",
    "class A:\n  def __repr__(self): return 1\nA()",
    "class A:\n  def __str__(self): return 1\nprint(A())",
    "class A:\n  def __init__(self): return 1\nA()",
    "class A(1): pass",
    "class A(int): pass",
    "class A: pass\nA(1)",
    "class A:\n  def f(): pass\nA().f()",
    "super()",
    "super().x",
    "class A:\n  def __eq__(self, o): return self == o\nA() == 1",
    "class A:\n  def __len__(self): return -1\nlen(A())",
    "class A:\n  def __getitem__(self, i): return i\nlist(A())[:3]",
    "getattr(1, 2)",
    "setattr(1, 'x', 2)",
    "hasattr(1, 1)",
    "input()",
    "open('f')",
    "help()",
    "help(print)",
    "import math\nmath.sqrt(-1)",
    "import math\nmath.log(0)",
    "import math\nmath.nope",
    "import math.nope",
    "from math import nope",
    "import numpy as np",
    "del x",
    "del [][0]",
    "x = 1\ndel x.y",
    "global x\nx = 1",
    "def f():\n  global x\n  del x\nf()",
    "nonlocal x",
    "def f(*, a): pass\nf(1)",
    "def f(a, *, b): return b\nf(1, b=2)\nf(1)",
    "f = lambda *a, **k: (a, k)\nf(1, x=2)",
    "def f(): return\nf()",
    "(lambda: (yield))",
    "print(end=1)",
    "print(sep=1)",
    "'%c' % 'ab'",
    "'%c' % 10**9",
    "'%d' % 'x'",
    "'%f' % 'x'",
    "'%s %s' % 1",
    "'%(a)s' % {}",
    "'a'.center(10**12)",
    "'a'.zfill(10**12)",
    "'x'.join([1])",
    "'a'.split('')",
    "[1].index(2)",
    "[1].remove(2)",
    "[].insert(10**30, 1)",
    "list(range(-5, 5))[10**20]",
    "range(10**18)[10**18 - 1]",
    "range(-2**63, 2**63 - 1)[5]",
    "range(0, 10**18, 10**17)[::3]",
    "len(range(-2**63, 2**63 - 1))",
    "2**63 in range(10)",
    "-2**63 in range(-2**63, 0, 7)",
    "abs(-2**63)",
    "-(-2**63)",
    "~(2**63)",
    "int(-2**63) // -1",
    "(-2**63) % -1",
    "(-2**63) * -1",
    "x = 9223372036854775807\nx += 1\nx",
    "float(2**1100)",
    "2**1100 / 3",
    "2**1100 * 1.0",
    "1 / 2**1100",
    "(2**1100) // 0.5",
    "round(2**70, -5)",
    "round(5, -10**6)",
    "f'{2**1100:.3f}'",
    "f'{1:,.2f}'",
    "f'{\"a\":>5}'",
    "f'{1!r:>4}'",
    "f'{None:>4}'",
    "f'{[1]:3}'",
    "'{:>{}}'.format(1, 5)",
];

fn run_all(kernel: &mut Kernel, src: &str) {
    let r = kernel.run_cell(src);
    if let Some(e) = &r.error {
        // Every error has a name and text in both languages.
        assert!(!e.ename.is_empty(), "{src:?}");
        let _ = e.text(noriteo_core::messages::Lang::Ko);
        let _ = e.traceback(noriteo_core::messages::Lang::En);
    }
}

#[test]
fn malformed_snippets_are_errors_not_panics() {
    let mut kernel = Kernel::new();
    kernel.set_step_limit(Some(200_000));
    for src in MALFORMED {
        run_all(&mut kernel, src);
    }
}

const PROGRAMS: &[&str] = &[
    "def f(a, b=2, *args, **kw):\n    '''doc'''\n    total = a + b\n    for x in args:\n        total += x\n    return total, kw\nprint(f(1, 2, 3, k=4))\n",
    "class A:\n    n = 0\n    def __init__(self, x):\n        self.x = x\n    def get(self):\n        return self.x\nclass B(A):\n    def get(self):\n        return super().get() * 2\nprint(B(3).get())\n",
    "d = {'loss': [0.5, 0.3], 'acc': [0.7, 0.9]}\nfor k, v in d.items():\n    print(f'{k:>5}: {v[-1]:.2f} {v!r}')\nx = [i ** 2 for i in range(10) if i % 2 == 0]\nprint(sorted(x, reverse=True)[:3], '%d %.1f' % (1, 2.5))\n",
    "i = 0\nwhile i < 10:\n    i += 1\n    if i == 5:\n        continue\n    elif i > 8:\n        break\nelse:\n    pass\nprint(i if i else None, (lambda y: y * 2)(i), not i, -i, ~i)\n",
    "import math\nfrom math import sqrt as s\n독립 = [1, 2, 3]\n종속 = {'a': (1, 2), \"b\": {1, 2}}\nprint(s(4), math.pi, 독립[::-1], 종속['a'][1:], r'\\n', '''x\ny''', 2 ** 100, 1e-5)\n",
];

#[test]
fn every_truncation_of_valid_programs_is_handled() {
    let mut kernel = Kernel::new();
    kernel.set_step_limit(Some(100_000));
    for program in PROGRAMS {
        let r = kernel.run_cell(program);
        assert!(r.error.is_none(), "{program}: {:?}", r.error);
        let chars: Vec<char> = program.chars().collect();
        for end in 0..chars.len() {
            let cut: String = chars[..end].iter().collect();
            run_all(&mut kernel, &cut);
            // The same program with one character dropped.
            let mut dropped = chars.clone();
            dropped.remove(end);
            run_all(&mut kernel, &dropped.iter().collect::<String>());
        }
    }
}

#[test]
fn absurd_nesting_is_a_syntax_error() {
    let mut kernel = Kernel::new();
    for src in [
        "(".repeat(10_000) + &")".repeat(10_000),
        "[".repeat(5_000),
        "-".repeat(10_000) + "1",
        "not ".repeat(10_000) + "x",
        "1".to_string() + &" + 1".repeat(10_000),
        "x".to_string() + &".y".repeat(10_000),
        "f".to_string() + &"()".repeat(10_000),
        "1 if 1 else ".repeat(5_000) + "1",
        "lambda: ".repeat(5_000) + "1",
        (0..200)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(200)
            + "pass\n",
        "f'{".repeat(100) + &"}'".repeat(100),
    ] {
        let r = kernel.run_cell(&src);
        let e = r.error.expect("refused");
        assert!(
            matches!(e.ename, "SyntaxError" | "IndentationError"),
            "{}: {}",
            &src[..20.min(src.len())],
            e.ename
        );
    }
}

#[test]
fn runaway_recursion_is_a_recursion_error() {
    let mut kernel = Kernel::new();
    let r = kernel.run_cell("def f(n):\n    return f(n + 1)\nf(0)\n");
    let e = r.error.expect("recursion stops");
    assert_eq!(e.ename, "RecursionError");
    // Each Python frame costs several Rust frames: the limit must hold on a small stack,
    // like a browser's (about 1 MB).
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let mut kernel = Kernel::new();
            let deep = "def g(n):\n    if n == 0:\n        return [0]\n    return [x + 1 for x in g(n - 1)]\ng(1000)\n";
            kernel.run_cell(deep).error.map(|e| e.ename)
        })
        .expect("thread starts");
    assert_eq!(
        handle.join().expect("no stack overflow"),
        Some("RecursionError")
    );
}

#[test]
fn builtins_and_methods_with_any_arguments_do_not_panic() {
    let builtins = [
        "print",
        "len",
        "range",
        "enumerate",
        "zip",
        "list",
        "tuple",
        "dict",
        "set",
        "str",
        "repr",
        "int",
        "float",
        "bool",
        "abs",
        "min",
        "max",
        "sum",
        "round",
        "sorted",
        "reversed",
        "isinstance",
        "type",
        "format",
        "map",
        "filter",
        "any",
        "all",
        "divmod",
        "pow",
        "hasattr",
        "getattr",
        "setattr",
        "dir",
        "iter",
        "next",
        "chr",
        "ord",
        "id",
        "hash",
        "callable",
        "object",
        "input",
        "open",
        "help",
    ];
    let receivers = [
        "'a b'", "[3, 1]", "{'k': 1}", "{1, 2}", "(1, 2)", "1.5", "str", "list", "dict",
    ];
    // Every method the builtin types have, from the table the interpreter looks them up in.
    let methods: Vec<&str> = noriteo_notebook::builtins::methods::all_names().collect();
    let arg_sets = [
        "",
        "1",
        "-1",
        "'a'",
        "''",
        "None",
        "[1]",
        "[1, 'a']",
        "{'a': 1}",
        "(1,)",
        "1.5",
        "float('nan')",
        "2**70",
        "1, 2",
        "'a', 'b'",
        "'a', 1",
        "1, 'a'",
        "[1], [2]",
        "1, 2, 3",
        "'a', 'b', 'c'",
        "x=1",
        "key=len",
        "reverse=True",
        "1, key=None",
        "sep=1",
        "*[1, 2]",
        "**{'a': 1}",
        "str",
        "lambda x: x",
        "lambda: 1",
        "print",
    ];
    let mut kernel = Kernel::new();
    kernel.set_step_limit(Some(100_000));
    for f in builtins {
        for a in arg_sets {
            run_all(&mut kernel, &format!("{f}({a})"));
        }
    }
    for r in receivers {
        for m in &methods {
            for a in arg_sets {
                run_all(&mut kernel, &format!("{r}.{m}({a})"));
            }
        }
    }
}

#[test]
fn numpy_functions_methods_and_indexing_with_bad_arguments_do_not_panic() {
    let functions = [
        "array",
        "asarray",
        "zeros",
        "ones",
        "full",
        "empty",
        "zeros_like",
        "ones_like",
        "eye",
        "arange",
        "linspace",
        "reshape",
        "transpose",
        "concatenate",
        "vstack",
        "hstack",
        "where",
        "unique",
        "sum",
        "mean",
        "std",
        "var",
        "min",
        "max",
        "argmin",
        "argmax",
        "prod",
        "any",
        "all",
        "round",
        "exp",
        "log",
        "sqrt",
        "abs",
        "square",
        "isnan",
        "maximum",
        "minimum",
        "dot",
        "matmul",
        "loadtxt",
        "float32",
        "int64",
        "uint8",
        "random.seed",
        "random.rand",
        "random.randn",
        "random.randint",
        "random.shuffle",
        "random.normal",
        "random.uniform",
        "random.permutation",
        "random.random",
    ];
    let methods = [
        "reshape",
        "astype",
        "tolist",
        "item",
        "copy",
        "flatten",
        "ravel",
        "sum",
        "mean",
        "std",
        "min",
        "max",
        "argmax",
        "transpose",
        "round",
        "dot",
    ];
    let receivers = ["a", "e", "s", "b", "np.float64(2.5)"];
    let arg_sets = [
        "",
        "1",
        "-1",
        "0",
        "'a'",
        "None",
        "[1, [2]]",
        "[[1, 2], [3]]",
        "[]",
        "a",
        "e",
        "b",
        "a, a",
        "a, 5",
        "(2, -1)",
        "(-1, -1)",
        "(10**12, 10**12)",
        "-5",
        "2**70",
        "float('nan')",
        "1.5",
        "axis=5",
        "axis=-9",
        "axis='x'",
        "dtype='str'",
        "dtype=np.float32",
        "[1, 2], axis=1",
        "(a, e)",
        "a > 1, a, 'x'",
        "10, 2",
        "5, 1",
        "return_counts=1",
        "{}",
    ];
    let indexes = [
        "0",
        "-1",
        "5",
        "-13",
        "1, 2, 3",
        "None",
        "...",
        "..., ...",
        ":, None, 0",
        "::-1",
        "::0",
        "'x'",
        "1.5",
        "[0, 9]",
        "[True]",
        "a > 2",
        "e > 0",
        "[[0, 1]]",
        "[], 0",
        "b",
        "[0.5]",
        ":, [0, 1]",
        "[0], [1]",
    ];
    let mut kernel = Kernel::new();
    kernel.set_step_limit(Some(100_000));
    run_all(
        &mut kernel,
        "import numpy as np\na = np.arange(12).reshape(3, 4)\ne = np.zeros((0, 2))\ns = np.array(3.5)\nb = np.array([True, False])",
    );
    for f in functions {
        for a in arg_sets {
            run_all(&mut kernel, &format!("np.{f}({a})"));
        }
    }
    for r in receivers {
        for m in methods {
            for a in arg_sets {
                run_all(&mut kernel, &format!("{r}.{m}({a})"));
            }
        }
        for i in indexes {
            run_all(&mut kernel, &format!("{r}[{i}]"));
            run_all(&mut kernel, &format!("x = {r}.copy()\nx[{i}] = 7"));
            run_all(&mut kernel, &format!("x = {r}.copy()\nx[{i}] = [1, 2, 3]"));
        }
        for op in [
            "+", "-", "*", "/", "//", "%", "**", "@", "<", "==", "&", "|",
        ] {
            for other in [
                "a", "e", "b", "2", "0", "-1", "1.5", "'x'", "[1, 2]", "None",
            ] {
                run_all(&mut kernel, &format!("{r} {op} {other}"));
                run_all(&mut kernel, &format!("{other} {op} {r}"));
            }
        }
        for u in [
            "-", "~", "not ", "len(", "list(", "bool(", "float(", "int(", "print(",
        ] {
            let close = if u.ends_with('(') { ")" } else { "" };
            run_all(&mut kernel, &format!("{u}{r}{close}"));
        }
    }
}

#[test]
fn keras_calls_with_bad_arguments_do_not_panic() {
    let functions = [
        "models.Sequential",
        "Model",
        "Input",
        "layers.Dense",
        "layers.Dropout",
        "layers.Flatten",
        "layers.Activation",
        "layers.Softmax",
        "optimizers.Adam",
        "optimizers.SGD",
        "losses.MeanSquaredError",
        "losses.SparseCategoricalCrossentropy",
        "losses.mse",
        "losses.categorical_crossentropy",
        "metrics.AUC",
        "activations.relu",
        "activations.softmax",
        "activations.get",
        "callbacks.EarlyStopping",
        "callbacks.Callback",
        "utils.to_categorical",
        "utils.set_random_seed",
        "datasets.mnist.load_data",
        "initializers.HeNormal",
        "backend.clear_session",
    ];
    let methods = [
        "add",
        "compile",
        "fit",
        "evaluate",
        "predict",
        "summary",
        "get_weights",
        "set_weights",
        "count_params",
        "get_layer",
        "build",
        "to_json",
        "__call__",
    ];
    let receivers = ["m", "e", "f", "l"];
    let arg_sets = [
        "",
        "0",
        "-1",
        "1.5",
        "'relu'",
        "None",
        "[]",
        "[1, [2]]",
        "x",
        "x, y",
        "x, x",
        "y, y",
        "x, y, epochs=-1",
        "x, y, epochs=2**70",
        "x, y, batch_size=0",
        "x, y, validation_split=1.5",
        "x, y, validation_split=0.99",
        "x, y, validation_data=(x,)",
        "x, y, validation_data=(z, y)",
        "x, y, callbacks=[1]",
        "x, y, callbacks=[es, es]",
        "x, y, verbose='x'",
        "z, y",
        "x, z",
        "w",
        "np.zeros((0, 3)), np.zeros(0)",
        "np.full((4, 3), np.nan), y",
        "(None, 3)",
        "(0, 3)",
        "10**6",
        "10**6, input_dim=10**6",
        "units=5, activation=print",
        "activation='nope'",
        "optimizer=1",
        "loss='nope'",
        "loss=print",
        "metrics='accuracy'",
        "metrics=[1]",
        "metrics=['nope']",
        "shape=(2, -1)",
        "shape=()",
        "name=5",
        "inputs=1, outputs=2",
        "learning_rate='a'",
        "num_classes=-2",
        "[0, 1.5]",
        "[[0.1, 0.9]], [[1.0]]",
        "x, y, epochs=2, shuffle='no'",
        "index=99",
    ];
    let mut kernel = Kernel::new();
    kernel.set_step_limit(Some(200_000));
    run_all(
        &mut kernel,
        "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n\
         from keras import layers, models, optimizers, losses, metrics, activations, callbacks, utils, datasets, initializers, backend\n\
         from keras import Model, Input\n\
         x = np.random.rand(6, 3)\ny = np.array([0, 1, 0, 1, 1, 0])\nz = np.random.rand(6, 2, 2)\n\
         es = keras.callbacks.EarlyStopping()\n\
         m = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, activation='softmax')])\n\
         m.compile(loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n\
         e = keras.Sequential()\nf = keras.Sequential([layers.Dense(1)])\nl = layers.Dense(3)\nw = m.get_weights()",
    );
    for f in functions {
        for a in arg_sets {
            run_all(&mut kernel, &format!("{f}({a})"));
        }
    }
    for r in receivers {
        for me in methods {
            for a in arg_sets {
                run_all(&mut kernel, &format!("{r}.{me}({a})"));
            }
        }
    }
    for a in arg_sets {
        run_all(&mut kernel, &format!("m({a})"));
        run_all(&mut kernel, &format!("tf.nn.softmax({a})"));
        run_all(&mut kernel, &format!("tf.random.set_seed({a})"));
        run_all(&mut kernel, &format!("losses.MeanSquaredError()({a})"));
        run_all(&mut kernel, &format!("tf.constant({a}) + 1"));
    }
}

/// Inline CSV text for `pd.read_csv`, so the robustness test needs no data folder.
struct InlineFiles;

impl noriteo_notebook::eval::FileSource for InlineFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        match path {
            "t.csv" => Ok(b"a,b,c\n1,2.5,x\n2,,y\n3,4.5,\n".to_vec()),
            "bad.csv" => Ok(b"a,b\n1,2,3\n".to_vec()),
            "empty.csv" => Ok(Vec::new()),
            "bytes.csv" => Ok(vec![0xff, 0xfe, 0x00, b',', 0x80]),
            _ => Err(format!("{path}: not found")),
        }
    }
}

#[test]
fn pandas_and_sklearn_with_bad_arguments_do_not_panic() {
    let mut kernel = Kernel::new();
    kernel.set_step_limit(Some(100_000));
    kernel.set_file_source(std::rc::Rc::new(InlineFiles));
    run_all(
        &mut kernel,
        "import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\n\
         from sklearn.preprocessing import StandardScaler, MinMaxScaler, LabelEncoder\n\
         from sklearn.metrics import accuracy_score, r2_score, mean_squared_error, mean_absolute_error, confusion_matrix\n\
         df = pd.read_csv('t.csv')\ne = pd.DataFrame({})\ns = df['a']\nt = df['c']\na = np.arange(6).reshape(3, 2)",
    );
    let args = [
        "",
        "1",
        "-1",
        "0",
        "'a'",
        "'zz'",
        "None",
        "[]",
        "[1, 2]",
        "['a', 'x']",
        "a",
        "df",
        "s",
        "t",
        "e",
        "1.5",
        "2**70",
        "axis=1",
        "axis=7",
        "columns='b'",
        "columns=['zz']",
        "dtype='str'",
        "'float32'",
        "{'a': 'int'}",
        "{}",
        "test_size=2.0",
        "test_size=0",
        "test_size=3",
        "df, s, test_size=0.5",
        "df, t, stratify=s",
        "a, [1, 2]",
        "s, s",
        "t, t",
        "df, df",
        "header=None",
        "sep=';'",
        "encoding='nope'",
        "names=['x']",
        "index_col='zz'",
        "labels=['a'], axis=1",
        "n=-3",
        "value=0",
        "lambda x: x",
    ];
    let calls = [
        "pd.read_csv",
        "pd.DataFrame",
        "pd.Series",
        "pd.get_dummies",
        "pd.concat",
        "pd.isnull",
        "df.head",
        "df.tail",
        "df.drop",
        "df.astype",
        "df.describe",
        "df.fillna",
        "df.dropna",
        "df.mean",
        "df.sum",
        "df.min",
        "df.std",
        "df.corr",
        "df.to_numpy",
        "df.reset_index",
        "df.sample",
        "df.info",
        "df.rename",
        "e.describe",
        "e.mean",
        "e.to_numpy",
        "s.map",
        "s.value_counts",
        "s.unique",
        "s.astype",
        "s.mean",
        "s.idxmax",
        "s.round",
        "s.item",
        "t.mean",
        "t.map",
        "t.astype",
        "t.to_numpy",
        "t.idxmin",
        "train_test_split",
        "StandardScaler().fit",
        "StandardScaler().transform",
        "MinMaxScaler().fit_transform",
        "LabelEncoder().fit_transform",
        "LabelEncoder().inverse_transform",
        "accuracy_score",
        "r2_score",
        "mean_squared_error",
        "confusion_matrix",
    ];
    for c in calls {
        for a in args {
            run_all(&mut kernel, &format!("{c}({a})"));
        }
    }
    for p in [
        "'bad.csv'",
        "'empty.csv'",
        "'bytes.csv'",
        "'missing.csv'",
        "'t.csv', sep='ab'",
    ] {
        run_all(&mut kernel, &format!("pd.read_csv({p})"));
    }
    let indexes = [
        "0",
        "-1",
        "9",
        "'a'",
        "'zz'",
        "['a', 'zz']",
        "1:2",
        "::-1",
        "::0",
        "s > 1",
        "[True]",
        "0, 0",
        "0, 'a'",
        ":, -1",
        ":, 9",
        "[0, 9], :",
        "1, 2, 3",
        "None",
        "1.5",
        "a",
    ];
    for r in [
        "df",
        "s",
        "t",
        "e",
        "df.iloc",
        "df.loc",
        "s.iloc",
        "s.loc",
        "e.iloc",
        "df.columns",
    ] {
        for i in indexes {
            run_all(&mut kernel, &format!("{r}[{i}]"));
            run_all(&mut kernel, &format!("x = df.copy()\nx[{i}] = 1"));
            run_all(&mut kernel, &format!("df.loc[{i}] = 1"));
        }
        for op in ["+", "-", "*", "/", "<", "==", "&", "**"] {
            for other in ["df", "s", "t", "2", "'x'", "None", "a", "[1, 2]", "e"] {
                run_all(&mut kernel, &format!("{r} {op} {other}"));
                run_all(&mut kernel, &format!("{other} {op} {r}"));
            }
        }
        for u in ["-", "~", "not ", "len(", "list(", "bool(", "print("] {
            let close = if u.ends_with('(') { ")" } else { "" };
            run_all(&mut kernel, &format!("{u}{r}{close}"));
        }
    }
}
