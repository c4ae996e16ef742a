//! Exact sums of five-level answers: mean, sample S.D. and the mean rounded the way it is
//! printed. Answers are whole numbers, so sums stay integers and rounding is exact
//! (4.505 rounds to 4.51, which binary floating point would print as 4.50).

/// Sums of a set of answers on a 1–5 scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stat {
    pub n: u64,
    pub sum: u64,
    pub sum_sq: u64,
}

impl Stat {
    /// Adds `count` answers of `value`.
    pub fn add(&mut self, value: u64, count: u64) {
        self.n += count;
        self.sum += value * count;
        self.sum_sq += value * value * count;
    }

    pub fn merge(&mut self, o: &Stat) {
        self.n += o.n;
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
    }

    /// From counts at levels 5, 4, 3, 2, 1 (highest first).
    pub fn from_counts(counts: &[u64; 5]) -> Stat {
        let mut s = Stat::default();
        for (i, c) in counts.iter().enumerate() {
            s.add(5 - i as u64, *c);
        }
        s
    }

    /// The mean; `None` with no answers.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }

    /// Sample standard deviation (divisor n − 1); `None` with fewer than two answers.
    pub fn sd(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        // n·Σx² − (Σx)² is exact in integers; one division and a square root at the end.
        let num = u128::from(self.n) * u128::from(self.sum_sq) - u128::from(self.sum).pow(2);
        let den = u128::from(self.n) * u128::from(self.n - 1);
        Some((num as f64 / den as f64).sqrt())
    }

    /// The mean in hundredths, rounded half up as printed: 4.505 → 451.
    pub fn hundredths(&self) -> Option<u32> {
        (self.n > 0).then(|| rounded_hundredths(self.sum, self.n))
    }
}

/// `sum / n` in hundredths, rounded half up, exactly.
pub fn rounded_hundredths(sum: u64, n: u64) -> u32 {
    let (sum, n) = (u128::from(sum), u128::from(n));
    ((200 * sum + n) / (2 * n)) as u32
}

/// "4.51" from hundredths.
pub fn two_decimals(h: u32) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// A standard deviation as printed: two decimals, "-" when there is none (one answer).
pub fn sd_text(sd: Option<f64>) -> String {
    sd.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

/// A percentage with two decimals ("66.67"), "-" of nothing.
pub fn percent_text(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".into();
    }
    // Exact half-up rounding to hundredths of a percent.
    let h = (20_000 * u128::from(part) + u128::from(whole)) / (2 * u128::from(whole));
    format!("{}.{:02}", h / 100, h % 100)
}

/// A percentage with one decimal ("43.3"), rounded half up exactly, "-" of nothing: the
/// count cells of the item table, where two decimals do not fit.
pub fn percent1_text(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".into();
    }
    let t = (2000 * u128::from(part) + u128::from(whole)) / (2 * u128::from(whole));
    format!("{}.{}", t / 10, t % 10)
}

pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_rounds_up_exactly() {
        // 200 answers summing to 901: mean 4.505 exactly.
        assert_eq!(rounded_hundredths(901, 200), 451);
        assert_eq!(rounded_hundredths(900, 200), 450);
        assert_eq!(two_decimals(451), "4.51");
        assert_eq!(percent_text(2, 3), "66.67");
        assert_eq!(percent_text(1, 8), "12.50");
    }

    #[test]
    fn sample_sd() {
        let s = Stat::from_counts(&[1, 0, 0, 0, 1]); // 5 and 1
        assert_eq!(s.mean(), Some(3.0));
        assert!((s.sd().unwrap_or_default() - 8f64.sqrt()).abs() < 1e-12);
        assert_eq!(Stat::from_counts(&[0, 0, 1, 0, 0]).sd(), None);
        assert_eq!(Stat::from_counts(&[0, 0, 4, 0, 0]).sd(), Some(0.0));
    }
}
