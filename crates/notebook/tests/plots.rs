//! matplotlib and seaborn in the notebook: the figure descriptions lecture code builds (the
//! History curves, a scatter with its fitted line, an MNIST digit, a grid of digits, a
//! confusion matrix heatmap, a regression plot), when figures are shown (at `plt.show()`, at
//! the end of the cell), refusals with their place, and a DataFrame's escaped HTML table.

use noriteo_core::messages::Lang;
use noriteo_notebook::eval::Output;
use noriteo_notebook::figure::{Cmap, Figure, LineStyle, Rgb, Series, CYCLE};
use noriteo_notebook::value::Value;
use noriteo_notebook::{CellResult, Kernel};

fn ok(kernel: &mut Kernel, src: &str) -> CellResult {
    let r = kernel.run_cell(src);
    if let Some(e) = &r.error {
        panic!("{src}\n{}", e.traceback(Lang::En));
    }
    r
}

/// The one figure a cell showed.
fn one_figure(kernel: &mut Kernel, src: &str) -> Figure {
    let r = ok(kernel, src);
    let figs = r.figures();
    assert_eq!(figs.len(), 1, "figures shown by {src}");
    figs[0].clone()
}

fn floats(kernel: &mut Kernel, expr: &str) -> Vec<f64> {
    let r = ok(kernel, &format!("print(*[float(v) for v in {expr}])"));
    r.stdout()
        .split_whitespace()
        .map(|t| t.parse::<f64>().expect("a float"))
        .collect()
}

fn lines(f: &Figure, ax: usize) -> Vec<&noriteo_notebook::figure::Line> {
    f.axes[ax]
        .series
        .iter()
        .filter_map(|s| match s {
            Series::Line(l) => Some(l),
            _ => None,
        })
        .collect()
}

#[test]
fn history_curves_as_lecture_notes_plot_them() {
    let mut k = Kernel::new();
    ok(
        &mut k,
        "import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
import matplotlib.pyplot as plt
X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0]])
y = 2 * X[:, 0] + 1
model = Sequential([Dense(1, input_shape=(1,))])
model.compile(optimizer='sgd', loss='mse')
history = model.fit(X, y, epochs=6, verbose=0, validation_split=0.25)",
    );
    let loss = floats(&mut k, "history.history['loss']");
    let val = floats(&mut k, "history.history['val_loss']");
    assert_eq!(loss.len(), 6);
    let f = one_figure(
        &mut k,
        "plt.figure(figsize=(8, 4))
plt.plot(history.history['loss'], 'b-', label='loss')
plt.plot(history.history['val_loss'], 'r--', label='val_loss')
plt.xlabel('epoch')
plt.ylabel('loss')
plt.title('학습 곡선')
plt.legend()
plt.grid(True)
plt.show()",
    );
    assert_eq!(f.size, [8.0, 4.0]);
    assert_eq!(f.text(), "<Figure size 800x400 with 1 Axes>");
    let a = &f.axes[0];
    assert_eq!(a.cell, [1, 1, 1]);
    assert_eq!(a.title.as_deref(), Some("학습 곡선"));
    assert_eq!(a.xlabel.as_deref(), Some("epoch"));
    assert!(a.legend && a.grid);
    let l = lines(&f, 0);
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].y, loss);
    assert_eq!(l[0].x, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(l[0].color, Rgb(0, 0, 255));
    assert_eq!(l[0].linestyle, LineStyle::Solid);
    assert_eq!(l[0].label.as_deref(), Some("loss"));
    assert_eq!(l[1].y, val);
    assert_eq!(l[1].color, Rgb(255, 0, 0));
    assert_eq!(l[1].linestyle, LineStyle::Dashed);
    assert_eq!(
        f.summary(),
        "<Figure 800x400: 1 axes; title '학습 곡선', line 'loss' 6 points, line 'val_loss' 6 points>"
    );
}

#[test]
fn scatter_with_a_red_fitted_line_and_matplotlibs_colour_cycles() {
    let mut k = Kernel::new();
    let f = one_figure(
        &mut k,
        "import numpy as np
import matplotlib.pyplot as plt
x = np.array([1, 2, 3, 4])
y = np.array([2.5, 3.9, 6.2, 8.1])
y_pred = 1.9 * x + 0.4
plt.scatter(x, y)
plt.plot(x, y_pred, 'r')
plt.plot(x, y)
plt.plot(x, x, 'k.')",
    );
    let a = &f.axes[0];
    let Series::Scatter(s) = &a.series[0] else {
        panic!("{:?}", a.series[0])
    };
    assert_eq!(s.x, vec![1.0, 2.0, 3.0, 4.0]);
    assert_eq!(s.y, vec![2.5, 3.9, 6.2, 8.1]);
    // Scatter takes the patches' cycle, plot the lines': both start at C0.
    assert_eq!(s.colors, vec![CYCLE[0]]);
    assert_eq!(s.sizes, vec![36.0]);
    let l = lines(&f, 0);
    assert_eq!(l[0].color, Rgb(255, 0, 0));
    let want: Vec<f64> = [1.0, 2.0, 3.0, 4.0].iter().map(|x| 1.9 * x + 0.4).collect();
    assert_eq!(l[0].y, want);
    // An explicit colour does not advance the cycle.
    assert_eq!(l[1].color, CYCLE[0]);
    // 'k.': black points, no line.
    assert_eq!(l[2].color, Rgb(0, 0, 0));
    assert_eq!((l[2].marker, l[2].linestyle), (Some('.'), LineStyle::None));
}

#[test]
fn an_mnist_digit_through_the_gray_colormap() {
    let mut k = Kernel::new();
    let f = one_figure(
        &mut k,
        "import numpy as np
from matplotlib import pyplot as plt
X_train = np.arange(2 * 28 * 28).reshape(2, 28, 28) % 256
plt.imshow(X_train[1], cmap='gray')
plt.axis('off')",
    );
    let a = &f.axes[0];
    assert!(a.axis_off && a.invert_y);
    let Series::Image(img) = &a.series[0] else {
        panic!("{:?}", a.series[0])
    };
    assert_eq!((img.height, img.width, img.channels), (28, 28, 1));
    assert_eq!(img.cmap, Cmap::parse("gray").expect("gray"));
    // Row 0 of the second image: 784..812 modulo 256.
    assert_eq!(img.data[0], (784 % 256) as f64);
    assert_eq!(img.data[27], ((784 + 27) % 256) as f64);
    assert_eq!((img.vmin, img.vmax), (0.0, 255.0));
    assert_eq!(f.summary(), "<Figure 640x480: 1 axes; image 28x28 gray>");
}

#[test]
fn a_two_by_five_grid_of_digits_with_titles() {
    let mut k = Kernel::new();
    let f = one_figure(
        &mut k,
        "import numpy as np
import matplotlib.pyplot as plt
images = np.ones((10, 28, 28))
labels = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
fig, axes = plt.subplots(2, 5, figsize=(10, 4))
for i, ax in enumerate(axes.flat):
    ax.imshow(images[i], cmap='binary')
    ax.set_title(f'label: {labels[i]}')
    ax.axis('off')
axes[1, 2].set_xlabel('여기')
plt.tight_layout()
plt.show()",
    );
    assert_eq!(f.text(), "<Figure size 1000x400 with 10 Axes>");
    assert_eq!(f.axes.len(), 10);
    for (i, a) in f.axes.iter().enumerate() {
        assert_eq!(a.cell, [2, 5, i + 1]);
        assert!(a.axis_off);
        assert!(matches!(&a.series[0], Series::Image(img) if img.cmap.name() == "binary"));
    }
    assert_eq!(f.axes[0].title.as_deref(), Some("label: 7"));
    assert_eq!(f.axes[9].title.as_deref(), Some("label: 9"));
    // axes[1, 2] is the eighth place, row major.
    assert_eq!(f.axes[7].xlabel.as_deref(), Some("여기"));
}

#[test]
fn subplot_places_and_axes_arrays_index_as_numpy() {
    let mut k = Kernel::new();
    let r = ok(
        &mut k,
        "import matplotlib.pyplot as plt
plt.figure(figsize=(12, 4))
plt.subplot(1, 2, 1)
plt.plot([1, 2, 3])
plt.title('loss')
plt.subplot(122)
plt.plot([3, 2, 1])
plt.title('accuracy')
plt.show()
fig, axs = plt.subplots(1, 3)
print(axs.shape, len(axs))
axs[-1].plot([0, 1])
row = plt.subplots(2, 2)[1][1]
print(row.shape, len(row))",
    );
    let figs = r.figures();
    assert_eq!(figs.len(), 3);
    assert_eq!(figs[0].axes[0].cell, [1, 2, 1]);
    assert_eq!(figs[0].axes[1].cell, [1, 2, 2]);
    assert_eq!(figs[0].axes[1].title.as_deref(), Some("accuracy"));
    // A new axes starts the colour cycle again.
    assert_eq!(lines(figs[0], 1)[0].color, CYCLE[0]);
    assert_eq!(lines(figs[1], 2)[0].y, vec![0.0, 1.0]);
    assert_eq!(r.stdout(), "(3,) 3\n(2,) 2\n");
}

#[test]
fn confusion_matrix_heatmap_with_annotations() {
    let mut k = Kernel::new();
    let f = one_figure(
        &mut k,
        "import seaborn as sns
import matplotlib.pyplot as plt
from sklearn.metrics import confusion_matrix
y_true = [0, 0, 1, 1, 1, 2, 2, 2, 2]
y_pred = [0, 1, 1, 1, 2, 2, 2, 2, 0]
cm = confusion_matrix(y_true, y_pred)
plt.figure(figsize=(6, 5))
sns.heatmap(cm, annot=True, fmt='d', cmap='Blues')
plt.xlabel('Predicted')
plt.ylabel('True')",
    );
    let a = &f.axes[0];
    let Series::Heatmap(h) = &a.series[0] else {
        panic!("{:?}", a.series[0])
    };
    assert_eq!((h.rows, h.cols), (3, 3));
    assert_eq!(h.data, vec![1.0, 1.0, 0.0, 0.0, 2.0, 1.0, 1.0, 0.0, 3.0]);
    let texts: Vec<&str> = h
        .annotations
        .as_ref()
        .expect("annotated")
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(texts, ["1", "1", "0", "0", "2", "1", "1", "0", "3"]);
    assert_eq!(h.cmap.name(), "Blues");
    assert_eq!((h.vmin, h.vmax), (0.0, 3.0));
    assert!(h.colorbar && a.invert_y);
    let names = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
    assert_eq!(names(&a.xticklabels), ["0", "1", "2"]);
    assert_eq!(a.ylabel.as_deref(), Some("True"));

    // seaborn's default format is '.2g' and its default colormap 'rocket'.
    let f = one_figure(&mut k, "sns.heatmap([[1234, 5], [0.5, 12]], annot=True)");
    let Series::Heatmap(h) = &f.axes[0].series[0] else {
        panic!()
    };
    assert_eq!(
        h.annotations.as_deref(),
        Some(&["1.2e+03".to_string(), "5".into(), "0.5".into(), "12".into()][..])
    );
    assert_eq!(h.cmap.name(), "rocket");
}

#[test]
fn regplot_and_lineplot_label_their_axes_from_the_data() {
    let mut k = Kernel::new();
    let f = one_figure(
        &mut k,
        "import pandas as pd
import seaborn as sns
df = pd.DataFrame({'공부시간': [1.0, 2.0, 3.0, 4.0], '점수': [3.0, 5.0, 7.0, 9.0]})
sns.regplot(x='공부시간', y='점수', data=df)",
    );
    let a = &f.axes[0];
    assert_eq!(a.xlabel.as_deref(), Some("공부시간"));
    assert_eq!(a.ylabel.as_deref(), Some("점수"));
    let Series::Scatter(s) = &a.series[0] else {
        panic!("{:?}", a.series[0])
    };
    assert_eq!(s.y, vec![3.0, 5.0, 7.0, 9.0]);
    let l = lines(&f, 0)[0];
    // The least-squares line of y = 2x + 1, over the data's x range, in the points' colour.
    assert_eq!((l.x[0], *l.x.last().expect("points")), (1.0, 4.0));
    assert!((l.y[0] - 3.0).abs() < 1e-12 && (l.y[99] - 9.0).abs() < 1e-12);
    assert_eq!(l.color, s.colors[0]);

    let f = one_figure(
        &mut k,
        "sns.lineplot(x=df['공부시간'], y=[1, 4, 9, 16], label='제곱')",
    );
    let l = lines(&f, 0)[0];
    assert_eq!(l.y, vec![1.0, 4.0, 9.0, 16.0]);
    assert_eq!(f.axes[0].xlabel.as_deref(), Some("공부시간"));
    assert!(f.axes[0].legend);
}

#[test]
fn bar_and_hist_as_matplotlib_counts_them() {
    let mut k = Kernel::new();
    let r = ok(
        &mut k,
        "import matplotlib.pyplot as plt
plt.bar(['사과', '배', '귤'], [3, 5, 2], color='orange')
plt.show()
counts, edges, _ = plt.hist([1, 2, 2, 3, 3, 3], bins=3)
print(counts, edges)",
    );
    let figs = r.figures();
    let Series::Bar(b) = &figs[0].axes[0].series[0] else {
        panic!()
    };
    assert_eq!(b.x, vec![0.0, 1.0, 2.0]);
    assert_eq!(b.height, vec![3.0, 5.0, 2.0]);
    assert_eq!((b.width, b.color), (0.8, Rgb(255, 165, 0)));
    assert_eq!(
        figs[0].axes[0].xticklabels.as_deref(),
        Some(&["사과".to_string(), "배".into(), "귤".into()][..])
    );
    // numpy.histogram([1, 2, 2, 3, 3, 3], bins=3)
    assert_eq!(
        r.stdout(),
        "[1. 2. 3.] [1.         1.66666667 2.33333333 3.        ]\n"
    );
    let Series::Hist(h) = &figs[1].axes[0].series[0] else {
        panic!()
    };
    assert_eq!(h.counts, vec![1.0, 2.0, 3.0]);
    assert_eq!(h.color, CYCLE[0]);
}

#[test]
fn figures_show_at_show_and_at_the_end_of_the_cell_in_order() {
    let mut k = Kernel::new();
    ok(&mut k, "import matplotlib.pyplot as plt");
    let r = ok(
        &mut k,
        "print('before')
plt.plot([1, 2])
plt.show()
print('between')
plt.plot([3, 4, 5])
plt.show()
print('after')",
    );
    let kinds: Vec<String> = r
        .outputs
        .iter()
        .map(|o| match o {
            Output::Stream(s) => s.trim().to_string(),
            Output::Figure(f) => format!("figure {}", f.summary()),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "before",
            "figure <Figure 640x480: 1 axes; line 2 points>",
            "between",
            "figure <Figure 640x480: 1 axes; line 3 points>",
            "after",
        ]
    );
    // A cell that ends with a figure open shows it after its value, as Jupyter does.
    let r = ok(&mut k, "plt.plot([1, 2, 3])");
    assert_eq!(r.outputs.len(), 2);
    assert!(
        matches!(&r.outputs[0], Output::Value(v) if v.starts_with("[<matplotlib.lines.Line2D at 0x"))
    );
    assert!(matches!(&r.outputs[1], Output::Figure(_)));
    // ...and closes it: the next cell starts without one.
    let r = ok(&mut k, "x = 1");
    assert!(r.outputs.is_empty());
    // plt.title's value is matplotlib's Text.
    let r = ok(&mut k, "plt.title('손실')");
    assert_eq!(r.shown(), Some("Text(0.5, 1.0, '손실')"));
    let json = r.outputs_json();
    assert_eq!(json[1]["output_type"], "display_data");
    assert_eq!(
        json[1]["data"]["text/plain"],
        "<Figure size 640x480 with 1 Axes>"
    );
    let spec = &json[1]["data"]["application/vnd.noriteo.figure+json"];
    assert_eq!(spec["size"], serde_json::json!([6.4, 4.8]));
    assert_eq!(spec["axes"][0]["title"], "손실");
    let back: Figure = serde_json::from_value(spec.clone()).expect("reads back");
    assert_eq!(back.axes[0].title.as_deref(), Some("손실"));
}

#[test]
fn unsupported_calls_stop_with_their_place_and_colab_in_both_languages() {
    let mut k = Kernel::new();
    ok(&mut k, "import matplotlib.pyplot as plt");
    let r = k.run_cell("plt.plot([1, 2])\nplt.savefig('loss.png')");
    // The figure drawn before the error is still shown.
    assert_eq!(r.figures().len(), 1);
    let e = r.error.expect("refused");
    assert_eq!(e.ename, "NotImplementedError");
    assert_eq!(e.line(), Some(2));
    let span = e.span.expect("a place");
    assert_eq!((span.start.col, span.end.line), (0, 2));
    assert_eq!(
        e.message.text(Lang::En),
        "plt.savefig is not supported in this notebook; the exported notebook runs it in Colab"
    );
    assert!(e.message.text(Lang::Ko).contains("Colab"));

    let r = k.run_cell("plt.plot([1, 2], zorder=3)");
    let e = r.error.expect("refused");
    assert!(e
        .message
        .text(Lang::En)
        .starts_with("plt.plot(zorder=...) is not supported"));

    let r = k.run_cell("x = [1, 2]\nplt.plot(x, 'bz')");
    let e = r.error.expect("refused");
    assert_eq!((e.ename, e.line()), ("ValueError", Some(2)));
    assert_eq!(
        e.message.text(Lang::En),
        "'bz' is not a valid format string (unrecognized character 'z')"
    );
    let r = k.run_cell("plt.plot([1, 2], [1, 2, 3])");
    assert_eq!(
        r.error.expect("refused").message.text(Lang::En),
        "x and y must have same first dimension, but have shapes (2,) and (3,)"
    );
    let r = k.run_cell("plt.imshow([[1, 2]], cmap='magma')");
    assert!(r
        .error
        .expect("refused")
        .message
        .text(Lang::En)
        .starts_with("colormap 'magma' is not available"));
    let r = k.run_cell("plt.scatter([1], [2], color='bluish')");
    assert_eq!(
        r.error.expect("refused").message.text(Lang::En),
        "'bluish' is not a valid color value"
    );
    let r = k.run_cell("plt.subplot(2, 2, 5)");
    assert_eq!(
        r.error.expect("refused").message.text(Lang::En),
        "num must be an integer with 1 <= num <= 4, not 5"
    );
    let r = k.run_cell("import seaborn as sns\nsns.pairplot(None)");
    let e = r.error.expect("refused");
    assert_eq!((e.ename, e.line()), ("NotImplementedError", Some(2)));
    assert!(e
        .message
        .text(Lang::En)
        .starts_with("sns.pairplot is not supported"));
    let r = k.run_cell("plt.plot('abc')");
    assert_eq!(
        r.error.expect("refused").message.text(Lang::En),
        "plt.plot takes numbers, got str"
    );
}

#[test]
fn too_much_data_is_refused_before_it_is_copied() {
    let mut k = Kernel::new();
    let r = k.run_cell(
        "import numpy as np\nimport matplotlib.pyplot as plt\nplt.imshow(np.zeros((1000, 1000)))",
    );
    let e = r.error.expect("refused");
    assert_eq!((e.ename, e.line()), ("MemoryError", Some(3)));
    assert!(e
        .message
        .text(Lang::En)
        .starts_with("this figure would hold 1000000 numbers; the notebook draws at most 750000"));
    // Many small series add up to the same limit.
    let r = k.run_cell("for i in range(20):\n    plt.plot(np.zeros(20000))");
    assert_eq!(r.error.expect("refused").ename, "MemoryError");
    let r = k.run_cell("plt.subplots(20, 20)");
    assert!(r
        .error
        .expect("refused")
        .message
        .text(Lang::En)
        .contains("at most 100"));
}

#[test]
fn a_dataframe_value_is_an_escaped_html_table_beside_its_text() {
    let mut k = Kernel::new();
    let r = ok(
        &mut k,
        "import pandas as pd
df = pd.DataFrame({'a&b': [1, 2], '이름': ['<b>굵게</b>', 'x\"y']})
df",
    );
    let Some(Output::Html { text, html }) = r.outputs.last() else {
        panic!("{:?}", r.outputs)
    };
    assert!(
        text.contains("<b>굵게</b>"),
        "the text form is unchanged: {text}"
    );
    assert!(html.contains("<table border=\"1\" class=\"dataframe\">"));
    assert!(html.contains("<th>a&amp;b</th>"));
    assert!(html.contains("<td>&lt;b&gt;굵게&lt;/b&gt;</td>"));
    assert!(html.contains("<td>x&quot;y</td>"));
    assert!(!html.contains("<b>"));
    assert!(html.contains("    <tr>\n      <th>1</th>\n      <td>2</td>\n"));
    let json = r.outputs_json();
    assert_eq!(json[0]["data"]["text/html"].as_str(), Some(html.as_str()));
    assert_eq!(json[0]["data"]["text/plain"].as_str(), Some(text.as_str()));

    // pandas' truncation: past 60 rows, the first and last five around a row of '...'.
    let r = ok(
        &mut k,
        "pd.DataFrame({'x': list(range(100)), 'y': [0.5] * 100})",
    );
    let Some(Output::Html { html, .. }) = r.outputs.last() else {
        panic!()
    };
    assert_eq!(html.matches("<tr>").count(), 11);
    assert!(html.contains("<th>...</th>\n      <td>...</td>\n      <td>...</td>"));
    assert!(html.contains("<th>95</th>\n      <td>95</td>\n      <td>0.5</td>"));
    assert!(html.ends_with("</table>\n<p>100 rows × 2 columns</p>\n</div>"));
    // A Series stays text, as in Jupyter.
    let r = ok(&mut k, "df['a&b']");
    assert!(matches!(r.outputs.last(), Some(Output::Value(_))));
    assert!(matches!(k.global("df"), Some(Value::Host(_))));
}
