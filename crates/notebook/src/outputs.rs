//! A cell's outputs as JSON, in Jupyter's shapes (`stream`, `execute_result` with
//! `text/plain` and, for a DataFrame, `text/html`, `display_data` for a figure, `error`), with
//! the error's place in the cell and its message in both languages: what the native runner's
//! `--json` prints and what the notebook page shows.

use noriteo_core::messages::Lang;
use serde_json::{json, Value as Json};

use crate::eval::Output;
use crate::kernel::CellResult;

/// The MIME type of a figure's description ([`crate::figure::Figure`]) in a `display_data`
/// output; its `text/plain` is matplotlib's `<Figure size 640x480 with 1 Axes>`.
pub const FIGURE_MIME: &str = "application/vnd.noriteo.figure+json";

/// One output in Jupyter's shape; `count` is the cell's execution count.
pub(crate) fn output_json(o: &Output, count: usize) -> Json {
    match o {
        Output::Stream(text) => json!({"output_type": "stream", "name": "stdout", "text": text}),
        Output::Value(text) => json!({
            "output_type": "execute_result",
            "execution_count": count,
            "data": {"text/plain": text},
        }),
        Output::Html { text, html } => json!({
            "output_type": "execute_result",
            "execution_count": count,
            "data": {"text/plain": text, "text/html": html},
        }),
        Output::Figure(fig) => json!({
            "output_type": "display_data",
            "data": {
                FIGURE_MIME: fig,
                "text/plain": fig.text(),
            },
            "metadata": {},
        }),
    }
}

impl CellResult {
    pub fn outputs_json(&self) -> Vec<Json> {
        let mut out: Vec<Json> = self
            .outputs
            .iter()
            .map(|o| output_json(o, self.execution_count))
            .collect();
        if let Some(e) = &self.error {
            let place = e.span.map(|s| {
                json!({
                    "line": s.start.line, "column": s.start.col,
                    "end_line": s.end.line, "end_column": s.end.col,
                })
            });
            let mut error = json!({
                "output_type": "error",
                "ename": e.ename,
                "code": e.message.code,
                "message_ko": e.message.text(Lang::Ko),
                "message_en": e.message.text(Lang::En),
                "traceback_ko": e.traceback(Lang::Ko),
                "traceback_en": e.traceback(Lang::En),
            });
            if let (Some(Json::Object(place)), Json::Object(fields)) = (place, &mut error) {
                fields.extend(place);
            }
            out.push(error);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::Kernel;

    #[test]
    fn printed_shown_and_error_outputs_in_jupyter_shapes() {
        let mut k = Kernel::new();
        let r = k.run_cell("print('합', 1 + 2)\n3 * 7");
        assert_eq!(
            serde_json::Value::Array(r.outputs_json()),
            serde_json::json!([
                {"output_type": "stream", "name": "stdout", "text": "합 3\n"},
                {"output_type": "execute_result", "execution_count": 1, "data": {"text/plain": "21"}},
            ])
        );
        let r = k.run_cell("a = 1\nb = a + 종속");
        let out = r.outputs_json();
        assert_eq!(out.len(), 1);
        let e = &out[0];
        assert_eq!(e["output_type"], "error");
        assert_eq!(e["ename"], "NameError");
        assert_eq!(e["code"], "py_name_not_defined");
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(2), Some(8))
        );
        assert_eq!(
            (e["end_line"].as_u64(), e["end_column"].as_u64()),
            (Some(2), Some(10))
        );
        assert!(e["message_ko"]
            .as_str()
            .is_some_and(|m| m.contains("'종속'")));
        assert!(e["message_en"]
            .as_str()
            .is_some_and(|m| m.starts_with("name '종속' is not defined")));
    }
}
