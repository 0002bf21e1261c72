//! `train_test_split` cannot match scikit-learn's shuffle bit for bit (numpy's Mersenne
//! Twister), so these tests check what lectures rely on: sizes, determinism with
//! `random_state`, rows kept together, stratified proportions, the types returned.

use noriteo_notebook::Kernel;

fn run(k: &mut Kernel, src: &str) -> String {
    let r = k.run_cell(src);
    if let Some(e) = r.error {
        panic!("{src}: {}", e.text(noriteo_core::messages::Lang::En));
    }
    r.stdout()
}

#[test]
fn split_sizes_determinism_alignment_and_stratification() {
    let mut k = Kernel::new();
    run(
        &mut k,
        "import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\n\
         X = np.arange(200).reshape(100, 2)\ny = np.array([0] * 70 + [1] * 30)",
    );
    // scikit-learn: ceil(0.25 * 100) = 25 test rows by default, ceil(0.33 * 100) = 33.
    assert_eq!(
        run(
            &mut k,
            "a, b, c, d = train_test_split(X, y)\nprint(a.shape, b.shape, c.shape, d.shape)"
        ),
        "(75, 2) (25, 2) (75,) (25,)\n"
    );
    assert_eq!(
        run(
            &mut k,
            "a, b = train_test_split(X, test_size=0.33)\nprint(len(a), len(b))"
        ),
        "67 33\n"
    );
    assert_eq!(
        run(
            &mut k,
            "a, b = train_test_split(X, test_size=10)\nprint(len(a), len(b))"
        ),
        "90 10\n"
    );
    // The same random_state, the same split; rows of X and y stay together.
    assert_eq!(
        run(&mut k, "s1 = train_test_split(X, y, random_state=3)\ns2 = train_test_split(X, y, random_state=3)\n\
                      print(all((p == q).all() for p, q in zip(s1, s2)), (s1[0][:, 0] // 2 >= 70).sum() == s1[2].sum())"),
        "True True\n"
    );
    assert_eq!(
        run(
            &mut k,
            "s3 = train_test_split(X, y, random_state=4)\nprint((s1[1] == s3[1]).all())"
        ),
        "False\n"
    );
    // Stratified: 30% ones in both parts.
    assert_eq!(
        run(&mut k, "a, b, c, d = train_test_split(X, y, test_size=0.2, stratify=y, random_state=1)\nprint(c.sum(), d.sum(), len(d))"),
        "24 6 20\n"
    );
    // One-hot labels stratify by row, as sklearn does with a 2-D `stratify`.
    assert_eq!(
        run(
            &mut k,
            "Y = np.eye(2)[y]
a, b, c, d = train_test_split(X, Y, test_size=0.2, stratify=Y, random_state=1)
print(c.sum(axis=0), d.sum(axis=0), len(d))"
        ),
        "[56. 24.] [14.  6.] 20\n"
    );
    // shuffle=False keeps the order; DataFrames and Series come back as such, index kept.
    assert_eq!(
        run(
            &mut k,
            "a, b = train_test_split(X, shuffle=False, test_size=0.1)\nprint(b[0], a[-1])"
        ),
        "[180 181] [178 179]\n"
    );
    assert_eq!(
        run(&mut k, "df = pd.DataFrame(X, columns=['p', 'q'])\nsr = pd.Series(y)\n\
                      a, b, c, d = train_test_split(df, sr, random_state=0)\n\
                      print(type(a).__name__, type(d).__name__, list(a.index) == list(c.index), (a['p'] // 2).tolist() == list(a.index))"),
        "<class 'DataFrame'> <class 'Series'> True True\n"
    );
    let r = k.run_cell("train_test_split(X, y[:5])");
    assert_eq!(r.error.map(|e| e.ename), Some("ValueError"));
}
