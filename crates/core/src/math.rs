//! e^x and log(1 + x) for f32, written out rather than taken from the platform.
//!
//! Natively `f32::exp` is the C library's, about a dozen instructions; compiled to wasm it is
//! a software routine of several dozen with branches, and it was 8% of a small table model's
//! training step in the browser (sigmoid, its loss and softmax call it for every output).
//! These are branch-free polynomials, so loops over slices vectorise, and every build gets
//! the same results to the last bit.

/// e^x, within 2 ulp of the exact value for every f32 (checked against f64 in the tests);
/// +∞ above 88.72, 0 far below −87, NaN for NaN.
#[inline]
pub fn exp(x: f32) -> f32 {
    // Cody and Waite's reduction: x = n·ln 2 + r with |r| ≤ ln 2 / 2, ln 2 split in two so
    // that n·LN2_HI is exact. Clamping first keeps n inside the two scale factors below;
    // by comparisons, as `f32::clamp` is NaN-aware in a way SIMD128 is not, which would
    // keep a loop of this from vectorising.
    const LN2_HI: f32 = 0.693_359_4; // 355/512 exactly
    const LN2_LO: f32 = -2.121_944_4e-4;
    let x = if x > 89.0 { 89.0 } else { x };
    let x = if x < -104.0 { -104.0 } else { x };
    let n = (x * std::f32::consts::LOG2_E).round_ties_even();
    let r = x - n * LN2_HI - n * LN2_LO;
    // Cephes' minimax polynomial for (e^r − 1 − r) / r² on that interval.
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    // 2^n in two halves: n runs from −150 (a subnormal result) to 129 (+∞), and each half
    // stays a normal float. NaN became n = 0 above and stays NaN through e.
    let n = n as i32;
    // A shift, not `/ 2`: wasm has no vector division, and LLVM left that one scalar.
    let half = n >> 1;
    e * pow2(half) * pow2(n - half)
}

/// 2^n for −126 ≤ n ≤ 127, straight into the exponent bits.
#[inline(always)]
fn pow2(n: i32) -> f32 {
    f32::from_bits(((n + 127) as u32) << 23)
}

/// log(1 + x) for x ≥ 0, within 2 ulp; what the losses need for log(1 + e^−|z|).
#[inline]
pub fn ln_1p(x: f32) -> f32 {
    // Goldberg's trick: u = 1 + x rounds, but log(u)·x/(u − 1) cancels that rounding.
    let u = 1.0 + x;
    let d = u - 1.0;
    if d == 0.0 {
        x
    } else {
        ln(u) * (x / d)
    }
}

/// log(x) for normal positive x (the only inputs `ln_1p` gives it): x = m·2^k with
/// m in [√½, √2), then Cephes' polynomial in m − 1.
#[inline]
fn ln(x: f32) -> f32 {
    let bits = x.to_bits();
    // The exponent and mantissa, re-centred so that m lies in [√½, √2).
    let shifted = bits.wrapping_sub(0x3f35_04f3);
    let k = (shifted as i32 >> 23) as f32;
    let m = f32::from_bits((shifted & 0x007f_ffff).wrapping_add(0x3f35_04f3));
    let f = m - 1.0;
    let mut p = 7.037_683_6e-2f32;
    p = p * f - 1.151_461e-1;
    p = p * f + 1.167_699_9e-1;
    p = p * f - 1.242_014_1e-1;
    p = p * f + 1.424_932_3e-1;
    p = p * f - 1.666_805_8e-1;
    p = p * f + 2.000_071_5e-1;
    p = p * f - 2.499_999_4e-1;
    p = p * f + 3.333_333e-1;
    let f2 = f * f;
    // k·ln 2 in two parts, as in `exp`, added in Cephes' order.
    const LN2_HI: f32 = 0.693_359_4; // 355/512 exactly
    const LN2_LO: f32 = -2.121_944_4e-4;
    let y = f * f2 * p + k * LN2_LO - 0.5 * f2;
    f + y + k * LN2_HI
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place between `got` and the exact value (rounded to f32).
    fn ulps(got: f32, exact: f64) -> u32 {
        let want = exact as f32;
        if got == want {
            return 0;
        }
        (got.to_bits() as i64 - want.to_bits() as i64).unsigned_abs() as u32
    }

    /// Every 97th f32 bit pattern in a range: about ten million values, both signs.
    fn sampled(from: f32, to: f32) -> impl Iterator<Item = f32> {
        (0..u32::MAX)
            .step_by(97)
            .map(f32::from_bits)
            .filter(move |x| x.is_finite() && (from..=to).contains(x))
    }

    #[test]
    fn exp_within_two_ulp_everywhere() {
        let mut worst = (0, 0.0);
        for x in sampled(-87.3, 88.7) {
            let u = ulps(exp(x), (x as f64).exp());
            if u > worst.0 {
                worst = (u, x);
            }
        }
        assert!(worst.0 <= 2, "exp({}) is {} ulp off", worst.1, worst.0);
    }

    #[test]
    fn exp_edges() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(89.0), f32::INFINITY);
        assert_eq!(exp(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp(-200.0), 0.0);
        assert_eq!(exp(f32::NEG_INFINITY), 0.0);
        assert!(exp(f32::NAN).is_nan());
        // Subnormal results, as exp(-100) ≈ 3.7e-44 is: within a few of their few bits.
        let sub = exp(-100.0);
        assert!((sub as f64 / (-100f64).exp() - 1.0).abs() < 0.05, "{sub}");
        assert_eq!(exp(1.0), std::f32::consts::E);
    }

    #[test]
    fn ln_1p_within_two_ulp_on_what_the_losses_pass() {
        let mut worst = (0, 0.0);
        for x in sampled(0.0, 1.0).chain(sampled(1.0, 1e30)) {
            let u = ulps(ln_1p(x), (x as f64).ln_1p());
            if u > worst.0 {
                worst = (u, x);
            }
        }
        assert!(worst.0 <= 2, "ln_1p({}) is {} ulp off", worst.1, worst.0);
        assert_eq!(ln_1p(0.0), 0.0);
        assert_eq!(ln_1p(1e-30), 1e-30);
        assert!((ln_1p(1.0) - std::f32::consts::LN_2).abs() <= f32::EPSILON);
    }
}
