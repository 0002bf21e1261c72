//! `model.summary()` exactly as tf.keras 2 prints it for a sequential-like model: 65
//! columns, fields ending at columns 29, 55 and 65, a blank line after each layer.

use crate::layers::Layer;
use crate::spec::shape_text;
use crate::{Code, Error, Message, Result, Sequential};

const LINE: usize = 65;
const POSITIONS: [usize; 3] = [29, 55, 65];

impl Sequential {
    /// The summary table; fails like Keras for a model whose input shape is still unknown.
    pub fn summary(&self) -> Result<String> {
        if !self.is_built() {
            return Err(Error::NotBuilt(Message::new(Code::UnknownInputShape)));
        }
        let mut out = Vec::new();
        out.push(format!("Model: \"{}\"", self.name));
        out.push("_".repeat(LINE));
        out.push(row(&["Layer (type)", "Output Shape", "Param #"]));
        out.push("=".repeat(LINE));
        if let Some(input) = &self.input_layer_name {
            let shape = format!("[{}]", shape_text(self.input_shape()));
            out.push(row(&[&format!("{input} (InputLayer)"), &shape, "0"]));
            out.push(" ".repeat(LINE));
        }
        for layer in self.layers() {
            out.push(row(&[
                &format!("{} ({})", layer.name(), layer.class_name()),
                &shape_text(&layer.output_shape()),
                &layer.param_count().to_string(),
            ]));
            out.push(" ".repeat(LINE));
        }
        out.push("=".repeat(LINE));
        let total: usize = self.layers().iter().map(Layer::param_count).sum();
        out.push(format!("Total params: {}", thousands(total)));
        out.push(format!("Trainable params: {}", thousands(total)));
        out.push("Non-trainable params: 0".to_string());
        out.push("_".repeat(LINE));
        Ok(out.join("\n"))
    }
}

/// One table row: each field after a leading space, cut to its column, padded to the next.
fn row(fields: &[&str]) -> String {
    let mut line = String::new();
    for (col, field) in fields.iter().enumerate() {
        let start = if col == 0 { 0 } else { POSITIONS[col - 1] };
        let end = POSITIONS[col];
        let space = if col + 1 == POSITIONS.len() { 0 } else { 2 };
        let cutoff = end - start - space;
        if col == 0 {
            line.push(' ');
        }
        line.extend(field.chars().take(cutoff));
        line.push_str(&" ".repeat(space));
        let len = line.chars().count();
        if len < end {
            line.push_str(&" ".repeat(end - len));
        }
    }
    line
}

/// `204,601`, as Python's `'{:,}'`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LayerSpec;

    /// The lecture's Boston model: 2,600 + 201,000 + 1,001 = 204,601, byte for byte as
    /// tf.keras 2 prints it (trailing spaces included).
    #[test]
    fn boston_summary_matches_keras() {
        let mut m = Sequential::new();
        m.add(LayerSpec::dense_input(200, "relu", 12)).unwrap();
        m.add(LayerSpec::dense(1000, "relu")).unwrap();
        m.add(LayerSpec::dense(1, "linear")).unwrap();
        let expected = [
            "Model: \"sequential\"",
            "_________________________________________________________________",
            " Layer (type)                Output Shape              Param #   ",
            "=================================================================",
            " dense (Dense)               (None, 200)               2600      ",
            "                                                                 ",
            " dense_1 (Dense)             (None, 1000)              201000    ",
            "                                                                 ",
            " dense_2 (Dense)             (None, 1)                 1001      ",
            "                                                                 ",
            "=================================================================",
            "Total params: 204,601",
            "Trainable params: 204,601",
            "Non-trainable params: 0",
            "_________________________________________________________________",
        ]
        .join("\n");
        assert_eq!(m.summary().unwrap(), expected);
    }

    #[test]
    fn flatten_dropout_rows_and_unbuilt_error() {
        let mut m = Sequential::new();
        m.set_input_shape(&[28, 28]).unwrap();
        m.add(LayerSpec::flatten()).unwrap();
        m.add(LayerSpec::dense(128, "relu")).unwrap();
        m.add(LayerSpec::dropout(0.2)).unwrap();
        m.add(LayerSpec::dense(10, "softmax")).unwrap();
        let s = m.summary().unwrap();
        assert!(
            s.contains(" flatten (Flatten)           (None, 784)               0         "),
            "{s}"
        );
        assert!(
            s.contains(" dropout (Dropout)           (None, 128)               0         "),
            "{s}"
        );
        assert!(s.contains("Total params: 101,770"), "{s}");
        let mut unbuilt = Sequential::new();
        unbuilt.add(LayerSpec::dense(3, "relu")).unwrap();
        assert!(unbuilt
            .summary()
            .unwrap_err()
            .to_string()
            .contains("input_dim"));
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
    }
}
