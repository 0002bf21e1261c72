//! Noriteo's training engine: Keras' `Sequential` models, losses, optimizers, metrics and
//! `fit`, in pure Rust. It knows nothing of the browser; `noriteo-wasm` adapts it.

pub mod error;
pub mod rng;

pub use error::{Error, Result};
pub use rng::Rng;
pub mod data;

pub use data::{Dataset, Features, Task};
pub mod activations;
pub mod initializers;
pub mod losses;
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
pub mod spec;

pub use model::{Logs, Sequential};
pub use spec::{LayerSpec, ModelSpec, TrainingSpec};
pub mod fit;
pub mod progress;

pub use fit::{FitSession, History, StepOutcome};
pub mod codegen;
pub mod functional;
pub mod report;
pub mod serialize;
pub mod summary;
