//! Waiting without blocking: library code that needs the host (a file or URL) or long work
//! (a `fit`) raises a *suspension* instead of blocking, and the kernel (`crate::kernel`)
//! answers it between polls, then runs the interrupted statement again. On that second run
//! each call that suspended returns its answer, taken in order from [`Resume`]; printing is
//! muted until the last answer is taken, so text printed before the suspension is not
//! printed twice.
//!
//! A suspension travels up the Rust stack as a [`PyError`] named [`SUSPENDED`] (so every `?`
//! on the way passes it on); what it asks for waits in [`Interp::pending`]. The kernel looks
//! at `pending`, never at the error, so code that swallowed the error cannot lose it.

use noriteo_core::messages::{Code, Message};

use super::Interp;
use crate::error::{PyError, PyResult};
use crate::modules::keras::fit::FitRun;
use crate::value::Value;

/// The name of the internal error that carries a suspension up to the kernel; a learner
/// never sees it.
pub const SUSPENDED: &str = "<suspended>";

/// What a suspended statement waits for.
pub enum Suspension {
    /// The bytes of a URL or of a file the user added.
    File { path: String },
    /// A `fit` ready to train, batch by batch.
    Fit(Box<FitRun>),
}

/// The answer to one suspension of the statement being run again.
#[derive(Clone)]
pub enum Answer {
    File(Result<Vec<u8>, String>),
    Fit(PyResult<Value>),
}

/// The answers of the current statement's suspensions, in the order they were raised, and
/// how many the running attempt has taken.
#[derive(Default)]
pub struct Resume {
    pub answers: Vec<Answer>,
    pub taken: usize,
}

impl Interp {
    /// Whether library code may suspend here: only while the kernel runs a statement of a
    /// cell, and not inside the callbacks of a fit that the kernel is training.
    pub fn can_suspend(&self) -> bool {
        self.suspendable && self.pending.is_none()
    }

    /// Raises `s`: the returned error goes up to the kernel, which answers `s`.
    pub fn suspend(&mut self, s: Suspension) -> PyError {
        if self.pending.is_none() {
            self.pending = Some(s);
        }
        PyError::new(SUSPENDED, Message::new(Code::PyInterrupted))
    }

    /// While the statement is run again up to its last answered suspension.
    pub fn replaying(&self) -> bool {
        self.resume.taken < self.resume.answers.len()
    }

    fn next_answer(&mut self) -> Option<Answer> {
        let a = self.resume.answers.get(self.resume.taken)?.clone();
        self.resume.taken += 1;
        Some(a)
    }

    /// On a statement's second run: the History (or error) of the fit that the first run
    /// suspended at this point.
    pub fn resumed_fit(&mut self) -> Option<PyResult<Value>> {
        match self.resume.answers.get(self.resume.taken) {
            Some(Answer::Fit(_)) => match self.next_answer() {
                Some(Answer::Fit(r)) => Some(r),
                _ => None,
            },
            _ => None,
        }
    }

    /// The bytes of `path` (a file the user added, or a URL), for `pd.read_csv`,
    /// `np.loadtxt` and `keras.datasets`: from a [`super::FileSource`] when the host set one
    /// (native runs, tests), else asked of the host through the kernel. `no_source` is the
    /// error when nobody can answer; `failed` makes the error from the host's reason.
    pub fn read_file(
        &mut self,
        path: &str,
        no_source: impl FnOnce() -> PyError,
        failed: impl FnOnce(String) -> PyError,
    ) -> PyResult<Vec<u8>> {
        if let Some(Answer::File(_)) = self.resume.answers.get(self.resume.taken) {
            if let Some(Answer::File(r)) = self.next_answer() {
                return r.map_err(failed);
            }
        }
        if let Some(r) = self.provided.get(path) {
            return r.clone().map_err(failed);
        }
        if let Some(files) = self.files.clone() {
            return files.read(path).map_err(failed);
        }
        if self.asks_for_files && self.can_suspend() {
            return Err(self.suspend(Suspension::File {
                path: path.to_string(),
            }));
        }
        Err(no_source())
    }
}
