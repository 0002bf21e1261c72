//! Keras' `verbose=1` progress text (tf.keras 2 `Progbar`), so learners see the same lines
//! they see in Colab: `47/47 [==============================] - 1s 3ms/step - loss: 0.4123`.

/// The bar's width in characters, as Keras draws it.
const WIDTH: usize = 30;

/// One progress line. `finished` lines show the total time and time per step; running
/// lines show the ETA.
pub fn progress_line(
    current: usize,
    target: usize,
    elapsed_ms: f64,
    logs: &[(String, f32)],
    finished: bool,
) -> String {
    let target = target.max(1);
    let digits = target.to_string().len();
    let mut s = format!("{current:>digits$}/{target} [");
    let filled = WIDTH * current.min(target) / target;
    if filled > 0 {
        s.push_str(&"=".repeat(filled - 1));
        s.push(if current < target { '>' } else { '=' });
    }
    s.push_str(&".".repeat(WIDTH - filled));
    s.push(']');
    let secs = elapsed_ms / 1000.0;
    if finished {
        let per_step = if current > 0 {
            secs / current as f64
        } else {
            0.0
        };
        s.push_str(&format!(
            " - {:.0}s{}",
            secs,
            format_time_per_step(per_step)
        ));
    } else {
        let per_step = if current > 0 {
            secs / current as f64
        } else {
            0.0
        };
        let eta = per_step * (target - current.min(target)) as f64;
        s.push_str(&format!(" - ETA: {}", format_eta(eta)));
    }
    for (k, v) in logs {
        s.push_str(&format!(" - {k}: {}", format_value(*v)));
    }
    s
}

/// `Epoch 3/100` followed by the finished bar line, as Keras prints one epoch.
pub fn epoch_lines(
    epoch: usize,
    epochs: usize,
    steps: usize,
    elapsed_ms: f64,
    logs: &[(String, f32)],
) -> String {
    format!(
        "Epoch {}/{}\n{}",
        epoch + 1,
        epochs,
        progress_line(steps, steps, elapsed_ms, logs, true)
    )
}

/// What `model.fit(..., verbose=v)` prints for one finished epoch, as tf.keras 2 does
/// (`ProgbarLogger`): nothing for `verbose=0`; `Epoch 3/100` (only when there is more than
/// one epoch) and then the finished bar line for `verbose=1`, or the one-line form
/// `47/47 - 0s - loss: 0.4123 - 120ms/epoch - 3ms/step` for `verbose=2`.
pub fn fit_epoch_text(
    verbose: u8,
    epoch: usize,
    epochs: usize,
    steps: usize,
    elapsed_ms: f64,
    logs: &[(String, f32)],
) -> String {
    let mut s = String::new();
    if verbose == 0 {
        return s;
    }
    if epochs > 1 {
        s.push_str(&format!("Epoch {}/{}\n", epoch + 1, epochs));
    }
    if verbose == 1 {
        s.push_str(&progress_line(steps, steps, elapsed_ms, logs, true));
    } else {
        let steps = steps.max(1);
        let secs = elapsed_ms / 1000.0;
        s.push_str(&format!("{steps}/{steps} - {secs:.0}s"));
        for (k, v) in logs {
            s.push_str(&format!(" - {k}: {}", format_value(*v)));
        }
        s.push_str(&format!(
            " -{} -{}",
            format_time(secs, "epoch"),
            format_time(secs / steps as f64, "step")
        ));
    }
    s.push('\n');
    s
}

fn format_time_per_step(t: f64) -> String {
    format_time(t, "step")
}

/// Keras' `_format_time`: `3s/step`, `12ms/step`, `85us/step`.
fn format_time(t: f64, unit: &str) -> String {
    if t >= 1.0 || t == 0.0 {
        format!(" {t:.0}s/{unit}")
    } else if t >= 1e-3 {
        format!(" {:.0}ms/{unit}", t * 1e3)
    } else {
        format!(" {:.0}us/{unit}", t * 1e6)
    }
}

fn format_eta(eta: f64) -> String {
    let e = eta.max(0.0) as u64;
    if e > 3600 {
        format!("{}:{:02}:{:02}", e / 3600, (e % 3600) / 60, e % 60)
    } else if e > 60 {
        format!("{}:{:02}", e / 60, e % 60)
    } else {
        format!("{e}s")
    }
}

/// Python's `'%.4f'` for ordinary values and `'%.4e'` (two-digit exponent) for tiny ones.
pub fn format_value(v: f32) -> String {
    if v.abs() > 1e-3 || !v.is_finite() {
        return match v {
            v if v.is_nan() => "nan".into(),
            v if v.is_infinite() => {
                if v > 0.0 {
                    "inf".into()
                } else {
                    "-inf".into()
                }
            }
            _ => format!("{v:.4}"),
        };
    }
    let s = format!("{v:.4e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_line_matches_keras() {
        let logs = vec![
            ("loss".to_string(), 0.2978),
            ("accuracy".to_string(), 0.9123),
        ];
        let line = progress_line(1875, 1875, 6_000.0, &logs, true);
        assert_eq!(line, "1875/1875 [==============================] - 6s 3ms/step - loss: 0.2978 - accuracy: 0.9123");
    }

    #[test]
    fn running_line_has_arrow_and_eta() {
        let line = progress_line(5, 47, 500.0, &[("loss".to_string(), 0.5)], false);
        assert_eq!(
            line,
            " 5/47 [==>...........................] - ETA: 4s - loss: 0.5000"
        );
    }

    #[test]
    fn fit_epoch_text_per_verbosity() {
        let logs = [("loss".to_string(), 0.5f32)];
        assert_eq!(fit_epoch_text(0, 0, 5, 2, 400.0, &logs), "");
        assert_eq!(
            fit_epoch_text(1, 0, 1, 2, 400.0, &logs),
            "2/2 [==============================] - 0s 200ms/step - loss: 0.5000\n"
        );
        assert_eq!(
            fit_epoch_text(2, 1, 5, 2, 400.0, &logs),
            "Epoch 2/5\n2/2 - 0s - loss: 0.5000 - 400ms/epoch - 200ms/step\n"
        );
    }

    #[test]
    fn values_format_like_python() {
        assert_eq!(format_value(0.00012345), "1.2345e-04");
        assert_eq!(format_value(0.0), "0.0000e+00");
        assert_eq!(format_value(12.5), "12.5000");
        assert_eq!(format_value(f32::NAN), "nan");
        assert_eq!(
            epoch_lines(0, 5, 2, 400.0, &[]),
            "Epoch 1/5\n2/2 [==============================] - 0s 200ms/step"
        );
    }
}
