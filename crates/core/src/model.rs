//! `Sequential`: a stack of layers, compiled with a loss, an optimizer and metrics, as in
//! Keras. Layers may be added before the input shape is known; they are built (weights
//! created) as soon as it is, from the seed the model was made with.

use ndarray::Array2;

use crate::data::Features;
use crate::layers::{sized, ActivationLayer, Dense, Dropout, Flatten, Layer};
use crate::messages::{Code, Message};
use crate::metrics::Metric;
use crate::plan::{
    check_dense_input, check_input_shape, check_model_size, CompilePlan, LayerPlan, ModelPlan,
};
use crate::spec::{shape_text, CompileSpec, LayerSpec, ModelSpec};
use crate::{Error, Loss, Optimizer, Result, Rng};

/// Logs in Keras' order: `loss`, the metrics, then `val_loss` and the validation metrics.
pub type Logs = Vec<(String, f32)>;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Compiled {
    pub loss: Loss,
    pub optimizer: Optimizer,
    pub metric_names: Vec<String>,
    /// Resolved once the output width is known.
    pub metrics: Vec<Metric>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sequential {
    pub name: String,
    input_shape: Vec<usize>,
    /// The checked layer settings, built into `layers` once the input shape is known.
    plans: Vec<LayerPlan>,
    layers: Vec<Layer>,
    /// Functional models (`Model(inputs, outputs)`) list their InputLayer in `summary()`.
    pub(crate) input_layer_name: Option<String>,
    pub(crate) compiled: Option<Compiled>,
    init_rng: Rng,
    pub(crate) dropout_rng: Rng,
    grad_a: Vec<f32>,
    grad_b: Vec<f32>,
}

/// [`check_model_size`] for layers being added one at a time (`model.add`), so that a
/// Keras-style model is refused too big for a tab before its weights are allocated.
fn check_size(input_shape: &[usize], plans: &[LayerPlan]) -> Result<()> {
    if input_shape.is_empty() {
        return Ok(());
    }
    check_model_size(input_shape, plans).map_err(Error::from)
}

impl Default for Sequential {
    fn default() -> Self {
        Self::new()
    }
}

impl Sequential {
    /// An empty model whose weights and dropout masks come from seed 0.
    pub fn new() -> Self {
        Self::with_seed(0)
    }

    /// An empty model: one seed fixes its initial weights and its dropout masks.
    pub fn with_seed(seed: u64) -> Self {
        let mut root = Rng::new(seed);
        Sequential {
            name: "sequential".into(),
            input_shape: Vec::new(),
            plans: Vec::new(),
            layers: Vec::new(),
            input_layer_name: None,
            compiled: None,
            init_rng: root.fork(1),
            dropout_rng: root.fork(2),
            grad_a: Vec::new(),
            grad_b: Vec::new(),
        }
    }

    /// Builds a model from its checked plan; with an input shape its weights are created
    /// at once, from `seed`.
    pub fn from_plan(plan: &ModelPlan, seed: u64) -> Result<Self> {
        let mut m = Sequential::with_seed(seed);
        if let Some(n) = &plan.name {
            m.name = n.clone();
        }
        m.input_shape = plan.input_shape.clone();
        for l in &plan.layers {
            m.push_layer(l.clone())?;
        }
        Ok(m)
    }

    /// Builds a model from its description (Keras JSON, the functional API): plans it, then
    /// [`Sequential::from_plan`]. The input shape comes from `spec.input_shape` or the first
    /// layer's `input_dim`.
    pub fn from_spec(spec: &ModelSpec, seed: u64) -> Result<Self> {
        Self::from_plan(&spec.plan(None)?, seed)
    }

    /// The model's description (what `from_spec` takes back).
    pub fn spec(&self) -> ModelSpec {
        ModelSpec {
            input_shape: self.input_shape.clone(),
            layers: self.plans.iter().map(LayerPlan::spec).collect(),
            name: Some(self.name.clone()),
        }
    }

    /// Declares the shape of one sample (`Input(shape=(4,))`) and builds the layers.
    pub fn set_input_shape(&mut self, shape: &[usize]) -> Result<()> {
        check_input_shape("input_shape", shape)?;
        if !self.input_shape.is_empty() && self.input_shape != shape {
            return Err(Error::ShapeMismatch {
                layer: self
                    .plans
                    .first()
                    .and_then(|s| s.name())
                    .unwrap_or("input")
                    .to_string(),
                expected: shape_text(&self.input_shape),
                got: shape_text(shape),
            });
        }
        check_size(shape, &self.plans)?;
        self.input_shape = shape.to_vec();
        self.build_pending()
    }

    /// `model.add(Dense(...))`: the layer's settings are planned (checked) as layer `i` of
    /// this model, and it is built if the input shape is known.
    pub fn add(&mut self, spec: LayerSpec) -> Result<()> {
        let plan = spec.plan(self.plans.len())?;
        self.push_layer(plan)
    }

    fn push_layer(&mut self, plan: LayerPlan) -> Result<()> {
        let mut input_shape = self.input_shape.clone();
        if self.plans.is_empty() && input_shape.is_empty() {
            if let Some(shape) = plan.declared_input_shape() {
                input_shape = shape;
            }
        }
        let mut plans = self.plans.clone();
        plans.push(plan);
        // The size rule of a whole setup, before any weight is allocated.
        check_size(&input_shape, &plans)?;
        self.input_shape = input_shape;
        self.plans = plans;
        self.build_pending()
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    pub fn is_built(&self) -> bool {
        !self.input_shape.is_empty() && self.layers.len() == self.plans.len()
    }

    pub fn input_shape(&self) -> &[usize] {
        &self.input_shape
    }

    pub fn input_width(&self) -> usize {
        self.input_shape.iter().product()
    }

    pub fn output_width(&self) -> usize {
        self.layers
            .last()
            .map(Layer::output_width)
            .unwrap_or_else(|| self.input_width())
    }

    /// Total number of weights.
    pub fn count_params(&self) -> usize {
        self.layers.iter().map(Layer::param_count).sum()
    }

    fn build_pending(&mut self) -> Result<()> {
        if self.input_shape.is_empty() {
            return Ok(());
        }
        while self.layers.len() < self.plans.len() {
            let i = self.layers.len();
            let shape = self
                .layers
                .last()
                .map(Layer::output_shape)
                .unwrap_or_else(|| self.input_shape.clone());
            let layer = self.build_layer(i, &shape)?;
            self.layers.push(layer);
        }
        if let Some(c) = &mut self.compiled {
            let units = self.layers.last().map(Layer::output_width).unwrap_or(0);
            c.metrics = resolve_metrics(&c.metric_names, &c.loss, units)?;
        }
        Ok(())
    }

    /// Builds layer `index` for its input shape. Its settings were checked when it was
    /// planned; what is left is what needs the shape: a model that learnt its input shape
    /// from data may only now find a Dense layer fed with images.
    fn build_layer(&mut self, index: usize, input_shape: &[usize]) -> Result<Layer> {
        let plan = &self.plans[index];
        let name = match plan.name() {
            Some(n) if !n.trim().is_empty() => n.to_string(),
            _ => self.unique_name(plan.class()),
        };
        if self.layers.iter().any(|l| l.name() == name) {
            return Err(Error::config(
                format!("model.layers[{index}].name"),
                Message::new(Code::DuplicateLayerName).with("name", &name),
            ));
        }
        let width: usize = input_shape.iter().product();
        Ok(match plan.clone() {
            LayerPlan::Dense(d) => {
                check_dense_input(index, input_shape)?;
                Layer::Dense(Dense::new(
                    name,
                    width,
                    d.units,
                    d.activation,
                    d.use_bias,
                    d.kernel_initializer,
                    d.bias_initializer,
                    &mut self.init_rng,
                ))
            }
            LayerPlan::Dropout(d) => {
                Layer::Dropout(Dropout::new(name, d.rate as f32, input_shape.to_vec()))
            }
            LayerPlan::Flatten(_) => Layer::Flatten(Flatten::new(name, input_shape.to_vec())),
            LayerPlan::Activation(a) => Layer::Activation(ActivationLayer::new(
                name,
                a.activation,
                input_shape.to_vec(),
            )),
        })
    }

    /// Keras' default names: `dense`, `dense_1`, `dense_2`, ... counted per kind.
    fn unique_name(&self, class: &str) -> String {
        let taken = |n: &str| {
            self.layers.iter().any(|l| l.name() == n)
                || self.plans.iter().any(|s| s.name() == Some(n))
        };
        let mut k = 0;
        loop {
            let candidate = if k == 0 {
                class.to_string()
            } else {
                format!("{class}_{k}")
            };
            if !taken(&candidate) {
                return candidate;
            }
            k += 1;
        }
    }

    /// `model.compile(optimizer, loss, metrics)`.
    pub fn compile(&mut self, optimizer: Optimizer, loss: Loss, metrics: &[&str]) -> Result<()> {
        let metric_names: Vec<String> = metrics.iter().map(|m| m.to_string()).collect();
        // Check the names now (Keras fails at compile time for unknown names).
        resolve_metrics(&metric_names, &loss, 1)?;
        self.set_compiled(loss, optimizer, metric_names)
    }

    /// `compile` from its description; without an optimizer Keras uses rmsprop.
    pub fn compile_spec(&mut self, spec: &CompileSpec) -> Result<()> {
        self.compile_plan(&spec.plan()?)
    }

    /// `compile` from its checked plan.
    pub fn compile_plan(&mut self, plan: &CompilePlan) -> Result<()> {
        self.set_compiled(plan.loss, plan.optimizer.clone(), plan.metrics.clone())
    }

    /// Metrics are resolved for the output width (`accuracy` is binary or categorical).
    fn set_compiled(
        &mut self,
        loss: Loss,
        optimizer: Optimizer,
        metric_names: Vec<String>,
    ) -> Result<()> {
        let units = self.layers.last().map(Layer::output_width).unwrap_or(1);
        let metrics = resolve_metrics(&metric_names, &loss, units)?;
        self.compiled = Some(Compiled {
            loss,
            optimizer,
            metric_names,
            metrics,
        });
        Ok(())
    }

    pub fn loss(&self) -> Option<Loss> {
        self.compiled.as_ref().map(|c| c.loss)
    }

    pub fn optimizer(&self) -> Option<&Optimizer> {
        self.compiled.as_ref().map(|c| &c.optimizer)
    }

    /// Keras' `model.optimizer.learning_rate = rate`: the next batch uses it.
    pub fn set_learning_rate(&mut self, rate: f32) {
        if let Some(c) = &mut self.compiled {
            c.optimizer.set_learning_rate(rate);
        }
    }

    /// The metric names as given to `compile` (what EarlyStopping may monitor).
    pub(crate) fn compiled_metric_names(&self) -> &[String] {
        self.compiled
            .as_ref()
            .map(|c| &c.metric_names[..])
            .unwrap_or_default()
    }

    /// The History keys `fit` will produce, in order (without `val_`).
    pub fn metric_names(&self) -> Vec<String> {
        self.compiled
            .as_ref()
            .map(|c| c.metrics.iter().map(|m| m.name.clone()).collect())
            .unwrap_or_default()
    }

    /// Builds the model from data if needed and checks that `x` and `y` fit it.
    pub(crate) fn prepare_for(
        &mut self,
        x: &Features,
        y: Option<&Array2<f32>>,
        what: &'static str,
    ) -> Result<()> {
        if self.plans.is_empty() {
            return Err(Error::NotBuilt(Message::new(Code::AddLayer)));
        }
        if x.rows() == 0 {
            return Err(Error::EmptyData(
                Message::new(Code::EmptyModelInput).with("method", what),
            ));
        }
        if self.input_shape.is_empty() {
            self.set_input_shape(&[x.cols()])?;
        }
        if x.cols() != self.input_width() {
            return Err(Error::ShapeMismatch {
                layer: self
                    .layers
                    .first()
                    .map(|l| l.name().to_string())
                    .unwrap_or_default(),
                expected: shape_text(&self.input_shape),
                got: format!("(None, {})", x.cols()),
            });
        }
        x.check_finite("x")?;
        if let Some(y) = y {
            if y.nrows() != x.rows() {
                return Err(Error::RowCountMismatch {
                    x_rows: x.rows(),
                    y_rows: y.nrows(),
                });
            }
            crate::data::check_finite(y.view(), "y")?;
            let c = self.compiled.as_ref().ok_or(Error::NotCompiled(what))?;
            let last = self
                .layers
                .last()
                .map(|l| l.name().to_string())
                .unwrap_or_default();
            c.loss.check_labels(y.view(), self.output_width(), &last)?;
        }
        Ok(())
    }

    /// Runs the layers on `rows` samples; the result is the last layer's output buffer.
    pub(crate) fn forward(&mut self, x: &[f32], rows: usize, training: bool) {
        for i in 0..self.layers.len() {
            let (before, rest) = self.layers.split_at_mut(i);
            let input: &[f32] = if i == 0 { x } else { before[i - 1].output() };
            rest[0].forward(input, rows, training, &mut self.dropout_rng);
        }
    }

    pub(crate) fn output(&self) -> &[f32] {
        self.layers.last().map(Layer::output).unwrap_or(&[])
    }

    /// The loss to compute and the values to compute it on: cross-entropy after a
    /// sigmoid/softmax output is computed from the logits, exact and never NaN.
    fn loss_target(&self, _x: &[f32]) -> (Loss, bool) {
        let Some(c) = &self.compiled else {
            return (Loss::MeanSquaredError, false);
        };
        match self
            .layers
            .last()
            .and_then(Layer::activation)
            .and_then(|a| c.loss.on_logits(a))
        {
            Some(fused) => (fused, true),
            None => (c.loss, false),
        }
    }

    /// Summed loss of a batch (forward already run), without gradients.
    pub(crate) fn batch_loss(&self, x: &[f32], y: &[f32], rows: usize) -> f64 {
        let (loss, fused) = self.loss_target(x);
        let n = self.layers.len();
        let pred = if fused {
            let input = if n >= 2 {
                self.layers[n - 2].output()
            } else {
                x
            };
            self.layers[n - 1].pre_activation(input)
        } else {
            self.output()
        };
        loss.batch(pred, y, rows, self.output_width(), None)
    }

    /// Forward and backward on a batch, leaving each layer's weight gradients in place.
    /// Returns the summed loss, or the offending value when the loss or a gradient is not
    /// finite (nothing has been changed then).
    pub(crate) fn compute_gradients(
        &mut self,
        x: &[f32],
        y: &[f32],
        rows: usize,
    ) -> std::result::Result<f64, f32> {
        self.forward(x, rows, true);
        let (loss, fused) = self.loss_target(x);
        let n = self.layers.len();
        let width = self.output_width();
        let mut grad = std::mem::take(&mut self.grad_a);
        let total = {
            let input = if n >= 2 {
                self.layers[n - 2].output()
            } else {
                x
            };
            let pred = if fused {
                self.layers[n - 1].pre_activation(input)
            } else {
                self.layers[n - 1].output()
            };
            loss.batch(pred, y, rows, width, Some(sized(&mut grad, rows * width)))
        };
        if !total.is_finite() {
            self.grad_a = grad;
            return Err(total as f32);
        }
        // Layers before the first one with weights need no gradient at all, and the first
        // one needs no gradient for its input.
        let first_trainable = self
            .layers
            .iter()
            .position(|l| l.param_count() > 0)
            .unwrap_or(n);
        let mut next = std::mem::take(&mut self.grad_b);
        for i in (first_trainable..n).rev() {
            let (before, rest) = self.layers.split_at_mut(i);
            let input: &[f32] = if i == 0 { x } else { before[i - 1].output() };
            let need_input_grad = i > first_trainable;
            let g_in = if need_input_grad {
                Some(sized(&mut next, input.len()))
            } else {
                None
            };
            rest[0].backward(input, rows, &grad, g_in, fused && i == n - 1);
            if need_input_grad {
                std::mem::swap(&mut grad, &mut next);
            }
        }
        self.grad_a = grad;
        self.grad_b = next;
        let finite = self
            .layers
            .iter_mut()
            .all(|l| l.params_and_grads().all(|(_, g)| all_finite(g)));
        if finite {
            Ok(total)
        } else {
            Err(f32::NAN)
        }
    }

    /// One training step on a batch: gradients, optimizer update, metrics. Returns the
    /// summed loss; a non-finite loss or gradient leaves the weights untouched.
    pub(crate) fn train_step(
        &mut self,
        x: &[f32],
        y: &[f32],
        rows: usize,
    ) -> std::result::Result<f64, f32> {
        let total = self.compute_gradients(x, y, rows)?;
        let width = self.output_width();
        let Some(c) = &mut self.compiled else {
            return Ok(total);
        };
        c.optimizer.begin_step();
        let mut slot = 0;
        for layer in &mut self.layers {
            for (param, g) in layer.params_and_grads() {
                c.optimizer.update(slot, param, g);
                slot += 1;
            }
        }
        let out = self.layers.last().map(Layer::output).unwrap_or(&[]);
        for m in &mut c.metrics {
            m.update(out, y, rows, width);
        }
        Ok(total)
    }

    /// `model.predict(x, batch_size)`: outputs for every row, in batches.
    pub fn predict(&mut self, x: &Features, batch_size: usize) -> Result<Array2<f32>> {
        self.prepare_for(x, None, "predict")?;
        let bs = batch_size.max(1);
        let (n, width) = (x.rows(), self.output_width());
        let mut out = Array2::<f32>::zeros((n, width));
        let mut batch = Vec::new();
        let idx: Vec<usize> = (0..n).collect();
        for (b, rows) in idx.chunks(bs).enumerate() {
            let buf = sized(&mut batch, rows.len() * x.cols());
            x.gather_into(rows, buf);
            self.forward(&batch, rows.len(), false);
            let dst = out
                .as_slice_mut()
                .map(|s| &mut s[b * bs * width..(b * bs + rows.len()) * width]);
            if let Some(dst) = dst {
                dst.copy_from_slice(self.output());
            }
        }
        Ok(out)
    }

    /// `model.evaluate(x, y, batch_size)`: the loss and metrics over all rows.
    pub fn evaluate(&mut self, x: &Features, y: &Array2<f32>, batch_size: usize) -> Result<Logs> {
        self.prepare_for(x, Some(y), "evaluate")?;
        let c = self
            .compiled
            .as_ref()
            .ok_or(Error::NotCompiled("evaluate"))?;
        let mut metrics = c.metrics.clone();
        metrics.iter_mut().for_each(Metric::reset);
        let bs = batch_size.max(1);
        let (n, width, ycols) = (x.rows(), self.output_width(), y.ncols());
        let (mut xb, mut yb) = (Vec::new(), Vec::new());
        let mut total = 0.0f64;
        let idx: Vec<usize> = (0..n).collect();
        for rows in idx.chunks(bs) {
            x.gather_into(rows, sized(&mut xb, rows.len() * x.cols()));
            let ybuf = sized(&mut yb, rows.len() * ycols);
            for (dst, &r) in ybuf.chunks_exact_mut(ycols).zip(rows) {
                dst.iter_mut().zip(y.row(r)).for_each(|(d, s)| *d = *s);
            }
            self.forward(&xb, rows.len(), false);
            total += self.batch_loss(&xb, &yb, rows.len());
            for m in &mut metrics {
                m.update(self.output(), &yb, rows.len(), width);
            }
        }
        let mut logs = vec![("loss".to_string(), (total / n as f64) as f32)];
        logs.extend(metrics.iter().map(|m| (m.name.clone(), m.result())));
        Ok(logs)
    }

    /// `model.train_on_batch(x, y)`: one optimizer step on exactly these rows; returns the
    /// batch's loss and metrics.
    pub fn train_on_batch(&mut self, x: &Features, y: &Array2<f32>) -> Result<Logs> {
        self.prepare_for(x, Some(y), "train_on_batch")?;
        let rows: Vec<usize> = (0..x.rows()).collect();
        let mut xb = vec![0.0; rows.len() * x.cols()];
        x.gather_into(&rows, &mut xb);
        let yb: Vec<f32> = y.iter().copied().collect();
        if let Some(c) = &mut self.compiled {
            c.metrics.iter_mut().for_each(Metric::reset);
        }
        let total = self
            .train_step(&xb, &yb, rows.len())
            .map_err(|loss| Error::Diverged {
                epoch: 0,
                batch: 0,
                loss,
            })?;
        let mut logs = vec![("loss".to_string(), (total / rows.len() as f64) as f32)];
        if let Some(c) = &self.compiled {
            logs.extend(c.metrics.iter().map(|m| (m.name.clone(), m.result())));
        }
        Ok(logs)
    }

    /// All weight tensors, as Keras' `get_weights()` (kernel then bias, layer by layer).
    pub fn get_weights(&self) -> Vec<Vec<f32>> {
        self.layers
            .iter()
            .flat_map(|l| l.weights().into_iter().map(|(_, _, w)| w.to_vec()))
            .collect()
    }

    /// Replaces every weight tensor; shapes must match `get_weights()`.
    pub fn set_weights(&mut self, weights: &[Vec<f32>]) -> Result<()> {
        let expected: Vec<usize> = self.get_weights().iter().map(Vec::len).collect();
        let got: Vec<usize> = weights.iter().map(Vec::len).collect();
        if expected != got {
            return Err(Error::Format(
                Message::new(Code::WeightsSizes)
                    .with("expected", format!("{expected:?}"))
                    .with("got", format!("{got:?}")),
            ));
        }
        let mut it = weights.iter();
        for layer in &mut self.layers {
            for w in layer.weights_mut() {
                if let Some(src) = it.next() {
                    w.copy_from_slice(src);
                }
            }
        }
        Ok(())
    }

    /// Resets the running metric totals (start of an epoch).
    pub(crate) fn reset_metrics(&mut self) {
        if let Some(c) = &mut self.compiled {
            c.metrics.iter_mut().for_each(Metric::reset);
        }
    }

    pub(crate) fn metric_results(&self) -> Logs {
        self.compiled
            .as_ref()
            .map(|c| {
                c.metrics
                    .iter()
                    .map(|m| (m.name.clone(), m.result()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn resolve_metrics(names: &[String], loss: &Loss, units: usize) -> Result<Vec<Metric>> {
    names
        .iter()
        .map(|n| Metric::resolve(n, loss, units))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whole-model gradients against central differences of the batch loss, computed in
    /// f64 from the f32 forward pass, for chains that mix every layer kind and the fused
    /// and unfused loss paths.
    #[test]
    fn model_gradients_match_finite_differences() {
        let cases: Vec<(Vec<LayerSpec>, &str, bool, usize)> = vec![
            (
                vec![LayerSpec::dense(5, "tanh"), LayerSpec::dense(3, "softmax")],
                "categorical_crossentropy",
                false,
                3,
            ),
            (
                vec![
                    LayerSpec::dense(4, "elu"),
                    LayerSpec::activation("swish"),
                    LayerSpec::dense(3, "linear"),
                ],
                "sparse_categorical_crossentropy",
                true,
                3,
            ),
            (
                vec![
                    LayerSpec::dense(6, "gelu"),
                    LayerSpec::dropout(0.0),
                    LayerSpec::dense(1, "sigmoid"),
                ],
                "binary_crossentropy",
                false,
                1,
            ),
            (
                vec![
                    LayerSpec::dense(4, "softplus"),
                    LayerSpec::dense(2, "selu"),
                    LayerSpec::dense(2, "linear"),
                ],
                "mse",
                false,
                2,
            ),
            (
                vec![
                    LayerSpec::dense(4, "sigmoid"),
                    LayerSpec::dense(2, "softsign"),
                    LayerSpec::dense(1, "linear"),
                ],
                "huber",
                false,
                1,
            ),
            (
                vec![
                    LayerSpec::dense(3, "leaky_relu"),
                    LayerSpec::dense(3, "softmax"),
                ],
                "sparse_categorical_crossentropy",
                false,
                3,
            ),
        ];
        let rows = 4;
        let x: Vec<f32> = (0..rows * 3)
            .map(|i| ((i * 7 % 11) as f32 - 5.0) / 4.0)
            .collect();
        for (layers, loss_name, logits, units) in cases {
            let mut m = Sequential::with_seed(11);
            m.set_input_shape(&[3]).unwrap();
            for l in layers.clone() {
                m.add(l).unwrap();
            }
            m.compile(
                Optimizer::from_name("sgd").unwrap(),
                Loss::from_name(loss_name, logits).unwrap(),
                &[],
            )
            .unwrap();
            let y: Vec<f32> = if Loss::from_name(loss_name, logits).unwrap().is_sparse() {
                (0..rows).map(|r| (r % units) as f32).collect()
            } else if loss_name.contains("crossentropy") {
                (0..rows * units)
                    .map(|i| {
                        if i % units == (i / units) % units {
                            1.0
                        } else {
                            0.0
                        }
                    })
                    .collect()
            } else {
                (0..rows * units).map(|i| (i as f32 * 0.37).sin()).collect()
            };
            m.compute_gradients(&x, &y, rows).unwrap();
            let analytic: Vec<Vec<f32>> = m
                .layers
                .iter_mut()
                .flat_map(|l| l.params_and_grads().map(|(_, g)| g.to_vec()))
                .collect();
            let weights = m.get_weights();
            for (t, tensor) in weights.iter().enumerate() {
                for i in 0..tensor.len() {
                    let h = 1e-2f32;
                    let loss_at = |m: &mut Sequential, delta: f32| {
                        let mut w = weights.clone();
                        w[t][i] += delta;
                        m.set_weights(&w).unwrap();
                        m.forward(&x, rows, true);
                        m.batch_loss(&x, &y, rows) / rows as f64
                    };
                    let numeric = (loss_at(&mut m, h) - loss_at(&mut m, -h)) / (2.0 * h as f64);
                    let a = analytic[t][i] as f64;
                    assert!(
                        (numeric - a).abs() < 2e-3 + 2e-2 * numeric.abs(),
                        "{loss_name} {layers:?}: tensor {t} [{i}] analytic {a} numeric {numeric}"
                    );
                }
            }
        }
    }
}

/// Whether every value is finite, without a branch per value: `v * 0` is 0 for finite
/// values and NaN for NaN or ±∞, and eight independent sums let the loop use SIMD.
fn all_finite(values: &[f32]) -> bool {
    let mut acc = [0.0f32; 8];
    let chunks = values.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a += v * 0.0;
        }
    }
    let tail: f32 = rest.iter().map(|&v| v * 0.0).sum();
    acc.iter().sum::<f32>() + tail == 0.0
}

#[cfg(test)]
mod finite_tests {
    use super::all_finite;

    #[test]
    fn any_nan_or_infinity_is_found_wherever_it_is() {
        let mut v = vec![1.5f32; 37];
        assert!(all_finite(&v));
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            for at in [0, 7, 8, 35, 36] {
                v[at] = bad;
                assert!(!all_finite(&v), "{bad} at {at}");
                v[at] = 1.5;
            }
        }
        assert!(all_finite(&[]));
        assert!(all_finite(&[f32::MAX, -f32::MAX]));
    }
}
