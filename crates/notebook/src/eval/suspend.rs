//! Waiting without blocking: library code that needs the host (a file or URL) or long work
//! (a `fit`) raises a *suspension* instead of blocking, and the kernel (`crate::kernel`)
//! answers it between polls, then runs the interrupted statement again. On that second run
//! each call that suspended returns its answer, taken in order from [`Resume`], and every
//! call of library code that had returned before gives its recorded result without being
//! made again ([`Interp::call_recorded`]), so the second run repeats none of the first
//! run's effects; printing stays muted until the last answer is taken.
//!
//! A suspension travels up the Rust stack as a [`PyError`] named [`SUSPENDED`] (so every `?`
//! on the way passes it on); what it asks for waits in [`Interp::pending`]. The kernel looks
//! at `pending`, never at the error, so code that swallowed the error cannot lose it.

use std::rc::Rc;

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
/// how many the running attempt has taken; and the statement's calls of library code.
#[derive(Default)]
pub struct Resume {
    pub answers: Vec<Answer>,
    pub taken: usize,
    /// Every call of library code (functions and methods written in Rust) the statement
    /// made, in order, with what it returned: run again, the statement gets the same
    /// results without calling again, so `Sequential()` inside a `def` gives back the same
    /// model (the one that the suspended `fit` trained), `lst.append(x)` appends once and
    /// `np.random.rand()` draws once.
    pub calls: Vec<CallRecord>,
    pub calls_taken: usize,
}

/// One call of library code in [`Resume::calls`].
pub struct CallRecord {
    /// The function's name: the run again must make the same calls in the same order.
    name: Rc<str>,
    /// `None` while the call had not returned when the statement suspended (the suspending
    /// call itself, and the calls around it): such a call is made again.
    result: Option<PyResult<Value>>,
    /// Where the calls made inside this one end, to step over them.
    end: usize,
    /// How many answers ([`Resume::answers`]) had been taken when it returned: a suspension
    /// inside it was answered, and stepping over the call steps over that answer too.
    answers_end: usize,
}

/// A statement calling library code more often than this (a loop in a `def`) keeps no
/// more results: the calls after that are made again on a run again.
const MAX_CALL_RECORDS: usize = 20_000;

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
        if let Some(r) = self.provided.get(&crate::files::url_key(path)) {
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

    /// Calls library code `name` through `run`, or, when the statement is run again after a
    /// suspension, gives the result this call had the first time (see [`Resume::calls`]).
    pub fn call_recorded(
        &mut self,
        name: &str,
        run: impl FnOnce(&mut Self) -> PyResult<Value>,
    ) -> PyResult<Value> {
        if !self.suspendable {
            return run(self);
        }
        let r = &mut self.resume;
        let i = r.calls_taken;
        if let Some(rec) = r.calls.get(i) {
            if &*rec.name == name {
                if let Some(result) = &rec.result {
                    r.calls_taken = rec.end;
                    r.taken = rec.answers_end;
                    return result.clone();
                }
                // It had not returned: call it again; the calls inside it come back in order.
                r.calls_taken = i + 1;
                let result = run(self);
                return self.record_result(i, result);
            }
            // The statement took another way this time (it read a variable that its first
            // run changed): from here on, calls are made anew.
            r.calls.truncate(i);
        }
        if r.calls.len() >= MAX_CALL_RECORDS {
            return run(self);
        }
        r.calls.push(CallRecord {
            name: name.into(),
            result: None,
            end: i + 1,
            answers_end: r.taken,
        });
        r.calls_taken = i + 1;
        let result = run(self);
        self.record_result(i, result)
    }

    fn record_result(&mut self, i: usize, result: PyResult<Value>) -> PyResult<Value> {
        // A call that suspended, or that a suspension passed through, has no result yet.
        if self.pending.is_none() {
            let end = self.resume.calls.len();
            let answers_end = self.resume.taken;
            if let Some(rec) = self.resume.calls.get_mut(i) {
                rec.result = Some(result.clone());
                rec.end = end;
                rec.answers_end = answers_end;
            }
            self.resume.calls_taken = end;
        }
        result
    }
}
