//! numpy behaviour that the reference cases cannot pin down: random numbers (ours are not
//! numpy's Mersenne Twister, so only shapes, ranges and determinism are checked), files
//! read through the host, MNIST-sized arrays, and the Rust API later libraries use.

use std::rc::Rc;
use std::time::Instant;

use noriteo_notebook::eval::FileSource;
use noriteo_notebook::modules::numpy::{Data, Dtype, NdArray};
use noriteo_notebook::Kernel;

fn run(kernel: &mut Kernel, src: &str) -> String {
    let r = kernel.run_cell(src);
    if let Some(e) = &r.error {
        panic!("{src}\n{}", e.text(noriteo_core::messages::Lang::En));
    }
    format!("{}{}", r.stdout(), r.shown().unwrap_or_default())
}

#[test]
fn random_is_seeded_shaped_and_in_range() {
    let mut k = Kernel::new();
    run(&mut k, "import numpy as np");
    let first = run(
        &mut k,
        "np.random.seed(42)\nprint(np.random.rand(3), np.random.randint(0, 10, size=5))",
    );
    let again = run(
        &mut k,
        "np.random.seed(42)\nprint(np.random.rand(3), np.random.randint(0, 10, size=5))",
    );
    assert_eq!(first, again);
    let other = run(&mut k, "np.random.seed(7)\nprint(np.random.rand(3))");
    assert_ne!(first, other);
    let checks = run(
        &mut k,
        "r = np.random.rand(200, 3)\nn = np.random.randn(1000)\ni = np.random.randint(5, 9, size=(4, 50))\n\
         print(r.shape, r.min() >= 0, r.max() < 1, n.shape, abs(n.mean()) < 0.2, 0.8 < n.std() < 1.2)\n\
         print(i.shape, i.dtype, i.min() >= 5, i.max() <= 8, type(np.random.rand()).__name__)\n\
         x = np.arange(10)\nnp.random.shuffle(x)\nprint(sorted(x.tolist()) == list(range(10)), np.random.randint(3) < 3)",
    );
    assert_eq!(
        checks,
        "(200, 3) True True (1000,) True True\n(4, 50) int64 True True float\nTrue True\n"
    );
}

struct Files;

impl FileSource for Files {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|e| e.to_string())
    }
}

#[test]
fn loadtxt_reads_through_the_host() {
    let dir = std::env::temp_dir().join(format!("noriteo-np-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("data.csv");
    std::fs::write(&path, "# a comment\n1,2.5,0\n3,4,1\n").expect("write");
    let mut k = Kernel::new();
    run(&mut k, "import numpy as np");
    let refused = k.run_cell(&format!("np.loadtxt('{}', delimiter=',')", path.display()));
    assert_eq!(refused.error.map(|e| e.ename), Some("OSError"));
    k.set_file_source(Rc::new(Files));
    let shown = run(
        &mut k,
        &format!("d = np.loadtxt('{}', delimiter=',')\nd", path.display()),
    );
    assert_eq!(shown, "array([[1. , 2.5, 0. ],\n       [3. , 4. , 1. ]])");
    assert_eq!(
        run(&mut k, "X = d[:, 0:2]\nprint(X.shape, d[:, 2])"),
        "(2, 2) [0. 1.]\n"
    );
    let missing = k.run_cell("np.loadtxt('/nonexistent/x.csv')");
    assert_eq!(missing.error.map(|e| e.ename), Some("FileNotFoundError"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mnist_sized_arrays_stay_unboxed_and_quick() {
    let mut k = Kernel::new();
    let start = Instant::now();
    let out = run(
        &mut k,
        "import numpy as np\nX = np.zeros((60000, 784), dtype=np.float32)\nX = X / 255.0\n\
         X = X.reshape(60000, 28, 28)\nprint(X.shape, X.dtype, X[0, 0, :3])",
    );
    assert_eq!(out, "(60000, 28, 28) float32 [0. 0. 0.]\n");
    // Boxing 47 million elements as Python values would take many seconds and gigabytes.
    let secs = start.elapsed().as_secs_f64();
    assert!(secs < 10.0, "took {secs:.1}s");
    let x = k.global("X").expect("X is defined");
    let arr = NdArray::of(&x).expect("X is an array");
    assert_eq!(arr.dtype(), Dtype::F32);
    assert_eq!(arr.shape(), vec![60000, 28, 28]);
}

#[test]
fn the_rust_api_converts_both_ways() {
    let mut k = Kernel::new();
    run(
        &mut k,
        "import numpy as np\na = np.array([[1, 2], [3, 4]], dtype='uint8')",
    );
    let a = k.global("a").expect("a");
    let arr = NdArray::of(&a).expect("array");
    assert_eq!(arr.dtype(), Dtype::U8);
    let m = arr.to_f32_matrix().expect("2-D");
    assert_eq!(m[[1, 0]], 3.0);
    assert_eq!(arr.to_f64().sum(), 10.0);
    let back = NdArray::from_f32_matrix(m);
    assert!(matches!(&*back.data.borrow(), Data::F32(x) if x.shape() == [2, 2]));
}

#[test]
fn numpy_integers_index_lists_as_python_ints_do() {
    let mut k = Kernel::new();
    assert_eq!(
        run(
            &mut k,
            "import numpy as np\nnames = ['a', 'b', 'c']\np = np.array([0.1, 0.7, 0.2])\nprint(names[np.argmax(p)], names[np.array([2, 0])[1]], (10, 20)[np.int64(-1)])"
        ),
        "b a 20\n"
    );
    let r = k.run_cell("names[np.float64(1.0)]");
    let e = r.error.expect("a float does not index a list");
    assert_eq!(e.ename, "TypeError");
}
