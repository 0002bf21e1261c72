//! Saving and loading: the model's architecture as Keras' `model.to_json()` and its weights
//! in a small binary file. A round trip is bit-exact.
//!
//! Weights file: `NRTW`, format version (u32), tensor count (u32), then per tensor its name
//! (u32 length + UTF-8), rank (u32), dims (u32 each) and f32 values, all little-endian.

use serde_json::{json, Value};

use crate::layers::Layer;
use crate::spec::{ActivationSpec, DenseSpec, DropoutSpec, FlattenSpec, LayerSpec, ModelSpec};
use crate::{Code, Error, Message, Result, Sequential};

const MAGIC: &[u8; 4] = b"NRTW";
const VERSION: u32 = 1;

impl Sequential {
    /// The architecture in Keras' `to_json()` shape (`class_name` / `config`), readable by
    /// `keras.models.model_from_json`.
    pub fn to_json(&self) -> String {
        let mut layers = Vec::new();
        if !self.input_shape().is_empty() {
            let mut shape = vec![Value::Null];
            shape.extend(self.input_shape().iter().map(|&d| json!(d)));
            let first = self
                .layers()
                .first()
                .map(|l| l.name().to_string())
                .unwrap_or_else(|| "dense".into());
            layers.push(json!({
                "class_name": "InputLayer",
                "config": {
                    "batch_input_shape": shape,
                    "dtype": "float32",
                    "sparse": false,
                    "ragged": false,
                    "name": self.input_layer_name.clone().unwrap_or(format!("{first}_input")),
                }
            }));
        }
        for layer in self.layers() {
            layers.push(layer_json(layer));
        }
        json!({
            "class_name": "Sequential",
            "config": { "name": self.name, "layers": layers },
            "keras_version": "2.15.0",
            "backend": "tensorflow",
        })
        .to_string()
    }

    /// Rebuilds a model from `to_json()` text (weights freshly initialised from `seed`).
    pub fn from_json(text: &str, seed: u64) -> Result<Sequential> {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| Error::Format(Message::new(Code::NotJson).with("reason", e)))?;
        let config = v
            .get("config")
            .ok_or_else(|| Error::Format(Message::new(Code::NoConfig)))?;
        let items = config
            .get("layers")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::Format(Message::new(Code::NoLayersList)))?;
        let mut spec = ModelSpec {
            name: config
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string),
            ..Default::default()
        };
        for (i, item) in items.iter().enumerate() {
            let class = item.get("class_name").and_then(Value::as_str).unwrap_or("");
            let c = item.get("config").cloned().unwrap_or(Value::Null);
            let name = c.get("name").and_then(Value::as_str).map(str::to_string);
            let text = |k: &str, default: &str| {
                c.get(k)
                    .map(initializer_or_text)
                    .unwrap_or_else(|| default.to_string())
            };
            match class {
                "InputLayer" => {
                    let shape = c
                        .get("batch_input_shape")
                        .or_else(|| c.get("batch_shape"))
                        .and_then(Value::as_array);
                    spec.input_shape = shape
                        .map(|s| {
                            s.iter()
                                .skip(1)
                                .filter_map(Value::as_u64)
                                .map(|d| d as usize)
                                .collect()
                        })
                        .unwrap_or_default();
                }
                "Dense" => spec.layers.push(LayerSpec::Dense(DenseSpec {
                    units: c.get("units").and_then(Value::as_i64).ok_or_else(|| {
                        Error::Format(Message::new(Code::DenseNoUnits).with("index", i))
                    })?,
                    activation: text("activation", "linear"),
                    use_bias: c.get("use_bias").and_then(Value::as_bool).unwrap_or(true),
                    kernel_initializer: text("kernel_initializer", "glorot_uniform"),
                    bias_initializer: text("bias_initializer", "zeros"),
                    name,
                    input_dim: None,
                })),
                "Dropout" => spec.layers.push(LayerSpec::Dropout(DropoutSpec {
                    rate: c.get("rate").and_then(Value::as_f64).unwrap_or(0.0),
                    name,
                })),
                "Flatten" => spec.layers.push(LayerSpec::Flatten(FlattenSpec {
                    name,
                    input_shape: None,
                })),
                "Activation" => spec.layers.push(LayerSpec::Activation(ActivationSpec {
                    activation: text("activation", "linear"),
                    name,
                })),
                other => {
                    return Err(Error::Format(
                        Message::new(Code::UnsupportedLayer)
                            .with("index", i)
                            .with("class", other),
                    ))
                }
            }
        }
        Sequential::from_spec(&spec, seed)
    }

    /// All weights in the binary format described above.
    pub fn save_weights(&self) -> Vec<u8> {
        let tensors: Vec<(String, Vec<usize>, &[f32])> =
            self.layers().iter().flat_map(Layer::weights).collect();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(tensors.len() as u32).to_le_bytes());
        for (name, shape, values) in tensors {
            out.extend_from_slice(&(name.len() as u32).to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&(shape.len() as u32).to_le_bytes());
            for d in shape {
                out.extend_from_slice(&(d as u32).to_le_bytes());
            }
            for v in values {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Loads weights saved by [`Sequential::save_weights`] from a model of the same shape.
    pub fn load_weights(&mut self, bytes: &[u8]) -> Result<()> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(Error::Format(Message::new(Code::NotWeightsFile)));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(Error::Format(
                Message::new(Code::WeightsVersion).with("version", version),
            ));
        }
        let count = r.u32()? as usize;
        let expected: Vec<(String, Vec<usize>)> = self
            .layers()
            .iter()
            .flat_map(Layer::weights)
            .map(|(n, s, _)| (n, s))
            .collect();
        if count != expected.len() {
            return Err(Error::Format(
                Message::new(Code::WeightsCount)
                    .with("got", count)
                    .with("expected", expected.len()),
            ));
        }
        let mut tensors = Vec::with_capacity(count);
        for (want_name, want_shape) in &expected {
            let len = r.u32()? as usize;
            let name = String::from_utf8_lossy(r.take(len)?).to_string();
            let rank = r.u32()? as usize;
            let shape: Vec<usize> = (0..rank)
                .map(|_| r.u32().map(|d| d as usize))
                .collect::<Result<_>>()?;
            if &shape != want_shape {
                return Err(Error::Format(
                    Message::new(Code::WeightsShape)
                        .with("name", &name)
                        .with("shape", format!("{shape:?}"))
                        .with("want_name", want_name)
                        .with("want_shape", format!("{want_shape:?}")),
                ));
            }
            let n: usize = shape.iter().product();
            let raw = r.take(n * 4)?;
            tensors.push(
                raw.chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
            );
        }
        self.set_weights(&tensors)
    }
}

fn layer_json(layer: &Layer) -> Value {
    let base = |extra: Value| {
        let mut c = json!({ "name": layer.name(), "trainable": true, "dtype": "float32" });
        if let (Some(obj), Value::Object(e)) = (c.as_object_mut(), extra) {
            obj.extend(e);
        }
        json!({ "class_name": layer.class_name(), "config": c })
    };
    match layer {
        Layer::Dense(d) => base(json!({
            "units": d.units,
            "activation": d.activation.name(),
            "use_bias": d.use_bias,
            "kernel_initializer": { "class_name": d.kernel_initializer.class_name(), "config": { "seed": null } },
            "bias_initializer": { "class_name": d.bias_initializer.class_name(), "config": {} },
            "kernel_regularizer": null,
            "bias_regularizer": null,
            "activity_regularizer": null,
            "kernel_constraint": null,
            "bias_constraint": null,
        })),
        Layer::Dropout(d) => base(json!({ "rate": d.rate, "noise_shape": null, "seed": null })),
        Layer::Flatten(_) => base(json!({ "data_format": "channels_last" })),
        Layer::Activation(a) => base(json!({ "activation": a.activation.name() })),
    }
}

/// Keras writes initializers as `{"class_name": "GlorotUniform", ...}` and activations as
/// strings; either becomes the name our spec uses.
fn initializer_or_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get("class_name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| {
            Error::Format(
                Message::new(Code::WeightsEndEarly)
                    .with("at", self.at)
                    .with("len", self.bytes.len()),
            )
        })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}
