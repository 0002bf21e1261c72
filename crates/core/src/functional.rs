//! The functional form learners also write for a chain of layers:
//! `inputs = Input(shape=(4,)); x = Dense(8)(inputs); outputs = Dense(3)(x);
//! model = Model(inputs, outputs)`. Only linear chains exist here, so it builds a
//! [`Sequential`] whose summary shows the InputLayer row, as Keras' functional models do.

use crate::spec::{LayerSpec, ModelSpec};
use crate::{Code, Error, Message, Result, Sequential};

/// A symbolic tensor: where it started (an `Input`) and the layers applied since.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    input_id: u64,
    shape: Vec<usize>,
    layers: Vec<LayerSpec>,
}

/// `Input(shape=...)`; `id` tells different inputs apart (Keras names them input_1, ...).
pub fn input(shape: &[usize], id: u64) -> Tensor {
    Tensor {
        input_id: id,
        shape: shape.to_vec(),
        layers: Vec::new(),
    }
}

impl Tensor {
    /// `layer(x)`: a new tensor with one more layer applied.
    pub fn apply(&self, layer: LayerSpec) -> Tensor {
        let mut t = self.clone();
        t.layers.push(layer);
        t
    }
}

/// `Model(inputs, outputs)`: outputs must have been computed from these inputs.
pub fn model(inputs: &Tensor, outputs: &Tensor, seed: u64) -> Result<Sequential> {
    if inputs.input_id != outputs.input_id || !outputs.layers.starts_with(&inputs.layers) {
        return Err(Error::config(
            "outputs",
            Message::new(Code::OutputsNotFromInputs),
        ));
    }
    let spec = ModelSpec {
        input_shape: inputs.shape.clone(),
        layers: outputs.layers[inputs.layers.len()..].to_vec(),
        name: Some("model".into()),
    };
    let mut m = Sequential::from_spec(&spec, seed)?;
    m.input_layer_name = Some(format!("input_{}", inputs.input_id));
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functional_chain_summary_shows_input_layer() {
        let inputs = input(&[4], 1);
        let x = inputs.apply(LayerSpec::dense(8, "relu"));
        let x = x.apply(LayerSpec::dense(8, "relu"));
        let outputs = x.apply(LayerSpec::dense(3, "softmax"));
        let m = model(&inputs, &outputs, 0).unwrap();
        let s = m.summary().unwrap();
        assert!(s.starts_with("Model: \"model\""));
        assert!(
            s.contains(" input_1 (InputLayer)        [(None, 4)]               0         "),
            "{s}"
        );
        assert!(s.contains("Total params: 139"), "{s}");
        assert!(model(&input(&[4], 2), &outputs, 0).is_err());
    }
}
