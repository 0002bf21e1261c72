//! Noriteo's training engine: Keras' `Sequential` models, losses, optimizers, metrics and
//! `fit`, in pure Rust. It knows nothing of the browser; `noriteo-wasm` adapts it.

pub mod error;
pub mod messages;
pub mod rng;

pub use error::{Error, Result};
pub use messages::{Code, Lang, Message};
pub use rng::Rng;
pub mod data;

pub use data::{Dataset, Features, Task};
pub mod activations;
pub mod initializers;
pub mod losses;
pub mod math;
pub mod metrics;
pub mod optimizers;

pub use activations::Activation;
pub use initializers::Initializer;
pub use losses::Loss;
pub use optimizers::{Optimizer, OptimizerConfig};
pub mod layers;
pub mod lessons;
pub mod linalg;
pub mod model;
pub mod plan;
pub mod spec;

pub use model::{Logs, Sequential};
pub use plan::{CompilePlan, FitPlan, LayerPlan, ModelPlan, Plan};
pub use spec::{LayerSpec, ModelSpec, TrainingSpec};
pub mod fit;
pub mod progress;

pub use fit::{FitSession, History, StepOutcome};
pub mod codegen;
pub mod functional;
pub mod report;
pub mod serialize;
pub mod session;
pub mod summary;

#[cfg(test)]
pub(crate) mod test_support {
    /// Equal within f32 rounding of sums taken in another order.
    pub fn assert_close(got: &[f32], want: &[f32], what: &str) {
        assert_eq!(got.len(), want.len(), "{what}");
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert!(
                (g - w).abs() <= 1e-5 * (1.0 + w.abs()),
                "{what}[{i}]: {g} vs {w}"
            );
        }
    }
}
