//! Interpretation bands: which words a mean on the five-level scale is read as. Two sets,
//! the 0.50-wide one of บุญชม ศรีสะอาด (the default) and the 0.80-wide class intervals after
//! Best; the office may rename the levels. The level is taken from the mean rounded to two
//! decimals, as printed.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum BandSet {
    /// 4.51–5.00, 3.51–4.50, 2.51–3.50, 1.51–2.50, 1.00–1.50.
    #[default]
    #[serde(rename = "0.5")]
    Half,
    /// 4.21–5.00, 3.41–4.20, 2.61–3.40, 1.81–2.60, 1.00–1.80.
    #[serde(rename = "0.8")]
    Class,
}

impl BandSet {
    pub const ALL: [BandSet; 2] = [BandSet::Half, BandSet::Class];

    /// "0.5" / "0.8", as the command line and the JSON name them.
    pub fn code(self) -> &'static str {
        match self {
            BandSet::Half => "0.5",
            BandSet::Class => "0.8",
        }
    }

    pub fn parse(s: &str) -> Option<BandSet> {
        match s.trim() {
            "0.5" | "0.50" | ".5" => Some(BandSet::Half),
            "0.8" | "0.80" | ".8" => Some(BandSet::Class),
            _ => None,
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            BandSet::Half => "ช่วงละ ๐.๕๐ (บุญชม ศรีสะอาด)",
            BandSet::Class => "ช่วงละ ๐.๘๐ (อันตรภาคชั้น ตามแนวของ Best)",
        }
    }

    /// Where the bands come from, printed under the table.
    pub fn source(self) -> &'static str {
        match self {
            BandSet::Half => {
                "เกณฑ์การแปลความหมายค่าเฉลี่ยตามแนวของ บุญชม ศรีสะอาด (การวิจัยเบื้องต้น, สุวีริยาสาส์น, ๒๕๔๕)"
            }
            BandSet::Class => {
                "เกณฑ์การแปลความหมายค่าเฉลี่ยแบบอันตรภาคชั้น (คะแนนสูงสุด − ต่ำสุด) ÷ จำนวนระดับ = ๐.๘๐ ตามแนวของ Best (Research in Education, 1977)"
            }
        }
    }

    /// Lowest mean (in hundredths) of levels 5, 4, 3 and 2; below the last is level 1.
    pub fn floors(self) -> [u32; 4] {
        match self {
            BandSet::Half => [451, 351, 251, 151],
            BandSet::Class => [421, 341, 261, 181],
        }
    }

    /// (lowest, highest) mean in hundredths of each level, level 5 first.
    pub fn ranges(self) -> [(u32, u32); 5] {
        let f = self.floors();
        [
            (f[0], 500),
            (f[1], f[0] - 1),
            (f[2], f[1] - 1),
            (f[3], f[2] - 1),
            (100, f[3] - 1),
        ]
    }

    /// The lowest mean read as "มาก" (satisfied at มาก or above): 3.51 or 3.41.
    pub fn satisfied_floor(self) -> u32 {
        self.floors()[1]
    }

    /// Index of the level of a mean in hundredths: 0 = the highest (5), 4 = the lowest.
    pub fn level_index(self, hundredths: u32) -> usize {
        self.floors()
            .iter()
            .position(|f| hundredths >= *f)
            .unwrap_or(4)
    }
}

/// A band set with the office's words for its levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    pub set: BandSet,
    /// Level 5 first.
    pub labels: [String; 5],
}

impl Default for Bands {
    fn default() -> Self {
        Bands::of(BandSet::Half)
    }
}

impl Bands {
    pub fn of(set: BandSet) -> Bands {
        Bands {
            set,
            labels: crate::forms::template::DEFAULT_SCALE.map(str::to_owned),
        }
    }

    /// The words of a mean in hundredths.
    pub fn label(&self, hundredths: u32) -> &str {
        &self.labels[self.set.level_index(hundredths)]
    }

    /// "4.51 – 5.00  มากที่สุด" rows for the legend under a table.
    pub fn legend(&self) -> Vec<String> {
        self.set
            .ranges()
            .iter()
            .zip(&self.labels)
            .map(|((lo, hi), l)| {
                format!(
                    "{} – {} หมายถึง {l}",
                    super::stats::two_decimals(*lo),
                    super::stats::two_decimals(*hi)
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_of_both_sets() {
        let h = BandSet::Half;
        assert_eq!(h.level_index(450), 1);
        assert_eq!(h.level_index(451), 0);
        assert_eq!(h.level_index(350), 2);
        assert_eq!(h.level_index(100), 4);
        assert_eq!(h.level_index(500), 0);
        let c = BandSet::Class;
        assert_eq!(c.level_index(450), 0);
        assert_eq!(c.level_index(420), 1);
        assert_eq!(c.level_index(350), 1);
        assert_eq!(c.level_index(340), 2);
        assert_eq!(c.level_index(180), 4);
        assert_eq!(c.ranges()[4], (100, 180));
    }
}
