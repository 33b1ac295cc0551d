//! Groundwork for credit recognition (issue 6): credit schemes and grade scales of
//! ../shared/DESIGN.md, and the default conversions between them. Pure and exact: credits are
//! kept in hundredths of the scheme's unit and converted through integer per-mille ratios, so
//! converting components one by one and adding them gives exactly the converted total; only
//! what a person reads is rounded (half up, to 0.1 ECTS).
use serde::{Deserialize, Serialize};

/// A credit system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scheme {
    /// ECTS: 60 a year, 25–30 hours each.
    Ects,
    /// Russian зачётная единица: 36 academic hours, 60 a year.
    Zet,
    /// Chinese credit (学分): 16–18 contact hours at most universities.
    Cn,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [Scheme::Ects, Scheme::Zet, Scheme::Cn];

    pub const fn code(self) -> &'static str {
        match self {
            Scheme::Ects => "ects",
            Scheme::Zet => "zet",
            Scheme::Cn => "cn",
        }
    }

    pub fn parse(code: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// How many thousandths of an ECTS credit one credit of each scheme is worth — a university's
/// editable rule. The defaults: 1 ZET = 1 ECTS, 1 Chinese credit = 1.5 ECTS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRule {
    pub zet_permille: i64,
    pub cn_permille: i64,
}

impl Default for CreditRule {
    fn default() -> Self {
        CreditRule {
            zet_permille: 1000,
            cn_permille: 1500,
        }
    }
}

impl CreditRule {
    fn permille(&self, s: Scheme) -> i64 {
        match s {
            Scheme::Ects => 1000,
            Scheme::Zet => self.zet_permille,
            Scheme::Cn => self.cn_permille,
        }
    }

    /// `centi` hundredths of a `scheme` credit in hundred-thousandths of ECTS (exact).
    pub fn to_ects_exact(&self, scheme: Scheme, centi: i64) -> i64 {
        centi * self.permille(scheme)
    }

    /// The same, in tenths of ECTS as shown (half up).
    pub fn to_ects_tenths(&self, scheme: Scheme, centi: i64) -> i64 {
        round_half_up(self.to_ects_exact(scheme, centi), 10_000)
    }
}

fn round_half_up(value: i64, unit: i64) -> i64 {
    (2 * value + unit).div_euclid(2 * unit)
}

/// A grade as the host gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    /// Russian 5-point scale: 5 отлично … 2 неудовлетворительно.
    Ru5(u8),
    /// Russian зачёт / незачёт.
    RuPass(bool),
    /// Chinese 100-point scale (pass at 60).
    Cn100(u8),
    /// ECTS letter, A (best) … F (fail); stored as 0 = A … 5 = F.
    Ects(u8),
}

/// The default table from a host grade to an ECTS letter (0 = A … 5 = F); `None` for a
/// pass/fail grade, which converts to pass/fail only. Chinese bands: 90–100 A, 85–89 B,
/// 75–84 C, 68–74 D, 60–67 E, below 60 F; Russian: 5 A, 4 C, 3 E, 2 F.
pub fn default_ects(g: Grade) -> Option<u8> {
    match g {
        Grade::Ru5(5) => Some(0),
        Grade::Ru5(4) => Some(2),
        Grade::Ru5(3) => Some(4),
        Grade::Ru5(_) => Some(5),
        Grade::RuPass(_) => None,
        Grade::Cn100(p) => Some(match p {
            90.. => 0,
            85..=89 => 1,
            75..=84 => 2,
            68..=74 => 3,
            60..=67 => 4,
            _ => 5,
        }),
        Grade::Ects(l) => Some(l.min(5)),
    }
}

/// The default proposal of a Russian home grade for a host grade: via the ECTS letter, A–B → 5,
/// C–D → 4, E → 3, F → 2; a pass/fail grade stays pass/fail.
pub fn default_ru5(g: Grade) -> Grade {
    match (g, default_ects(g)) {
        (Grade::RuPass(p), _) => Grade::RuPass(p),
        (_, Some(0 | 1)) => Grade::Ru5(5),
        (_, Some(2 | 3)) => Grade::Ru5(4),
        (_, Some(4)) => Grade::Ru5(3),
        _ => Grade::Ru5(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tables() {
        let rule = CreditRule::default();
        // 4 ZET = 4.0 ECTS; 3 Chinese credits = 4.5 ECTS; 2.5 ECTS = 2.5.
        assert_eq!(rule.to_ects_tenths(Scheme::Zet, 400), 40);
        assert_eq!(rule.to_ects_tenths(Scheme::Cn, 300), 45);
        assert_eq!(rule.to_ects_tenths(Scheme::Ects, 250), 25);
        // 0.33 Chinese credits = 0.495 ECTS, shown as 0.5 (half up).
        assert_eq!(rule.to_ects_tenths(Scheme::Cn, 33), 5);
        for (grade, letter, ru) in [
            (Grade::Cn100(95), 0, 5),
            (Grade::Cn100(86), 1, 5),
            (Grade::Cn100(80), 2, 4),
            (Grade::Cn100(70), 3, 4),
            (Grade::Cn100(60), 4, 3),
            (Grade::Cn100(59), 5, 2),
            (Grade::Ru5(5), 0, 5),
            (Grade::Ru5(4), 2, 4),
            (Grade::Ru5(3), 4, 3),
            (Grade::Ru5(2), 5, 2),
            (Grade::Ects(1), 1, 5),
        ] {
            assert_eq!(default_ects(grade), Some(letter), "{grade:?}");
            assert_eq!(default_ru5(grade), Grade::Ru5(ru), "{grade:?}");
        }
        assert_eq!(default_ru5(Grade::RuPass(true)), Grade::RuPass(true));
        assert_eq!(Scheme::parse("zet"), Some(Scheme::Zet));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn ru(g: Grade) -> u8 {
        match g {
            Grade::Ru5(n) => n,
            _ => 0,
        }
    }

    proptest! {
        /// A better host grade never converts to a worse home grade.
        #[test]
        fn conversions_are_monotone(a in 0u8..=100, b in 0u8..=100) {
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(default_ects(Grade::Cn100(hi)) <= default_ects(Grade::Cn100(lo)));
            prop_assert!(ru(default_ru5(Grade::Cn100(hi))) >= ru(default_ru5(Grade::Cn100(lo))));
        }

        /// Converting components one by one and adding them gives the converted total exactly.
        #[test]
        fn totals_are_preserved(
            parts in proptest::collection::vec(0i64..3000, 1..12),
            zet in 500i64..2000,
            cn in 800i64..2500,
        ) {
            let rule = CreditRule { zet_permille: zet, cn_permille: cn };
            for s in Scheme::ALL {
                let one_by_one: i64 = parts.iter().map(|p| rule.to_ects_exact(s, *p)).sum();
                prop_assert_eq!(one_by_one, rule.to_ects_exact(s, parts.iter().sum()));
            }
        }
    }
}
