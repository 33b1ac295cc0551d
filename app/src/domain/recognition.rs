//! Credit schemes and grade scales of ../shared/DESIGN.md, and a university's conversion rules
//! between them. Pure and exact: credits are kept in hundredths of the scheme's unit and
//! converted through integer per-mille ratios, so converting components one by one and adding
//! them gives exactly the converted total. Rounding, documented once:
//! - shown ECTS: tenths, half up;
//! - credits into the home scheme: hundredths, half up;
//! - a group's credits split over several home components: largest remainder, so the parts add
//!   up to the group's total exactly;
//! - a credit-weighted average of ECTS letters: to the nearest letter, a tie to the better one.
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

    pub const fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Scheme::Ects => Key::RecSchemeEcts,
            Scheme::Zet => Key::RecSchemeZet,
            Scheme::Cn => Key::RecSchemeCn,
        }
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
    pub fn permille(&self, s: Scheme) -> i64 {
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
        ects_tenths(self.to_ects_exact(scheme, centi))
    }

    /// Hundred-thousandths of ECTS in hundredths of `scheme` (half up).
    pub fn from_ects_exact(&self, scheme: Scheme, exact: i64) -> i64 {
        round_half_up(exact, self.permille(scheme))
    }

    /// `centi` of `from` in hundredths of `to` (half up).
    pub fn convert(&self, from: Scheme, centi: i64, to: Scheme) -> i64 {
        self.from_ects_exact(to, self.to_ects_exact(from, centi))
    }
}

/// Hundred-thousandths of ECTS in tenths as shown (half up).
pub fn ects_tenths(exact: i64) -> i64 {
    round_half_up(exact, 10_000)
}

fn round_half_up(value: i64, unit: i64) -> i64 {
    (2 * value + unit).div_euclid(2 * unit)
}

/// Hundredths of a credit as a person reads them: "4", "4.5", "4.25".
pub fn show_centi(centi: i64) -> String {
    let (whole, frac) = (centi.div_euclid(100), centi.rem_euclid(100));
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// Tenths as a person reads them: "4.5".
pub fn show_tenths(tenths: i64) -> String {
    format!("{}.{}", tenths.div_euclid(10), tenths.rem_euclid(10))
}

/// "4,5" or "4.5" or "4" into hundredths; `None` unless 0 ≤ value ≤ 1000 with ≤ 2 decimals.
pub fn parse_centi(text: &str) -> Option<i64> {
    let t = text.trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let w: i64 = whole.parse().ok().filter(|w| *w <= 1000)?;
    let f: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(w * 100 + f)
}

/// A grade scale: how a university grades its own students.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scale {
    /// Russian 5-point (5 отлично … 2 неудовлетворительно), with зачёт / незачёт.
    Ru5,
    /// Chinese 100-point, pass at 60.
    Cn100,
    /// ECTS letters A–F.
    Ects,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::Ru5, Scale::Cn100, Scale::Ects];

    pub const fn code(self) -> &'static str {
        match self {
            Scale::Ru5 => "ru5",
            Scale::Cn100 => "cn100",
            Scale::Ects => "ects",
        }
    }

    pub fn parse(code: &str) -> Option<Scale> {
        Scale::ALL.into_iter().find(|s| s.code() == code)
    }

    pub const fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Scale::Ru5 => Key::RecScaleRu5,
            Scale::Cn100 => Key::RecScaleCn100,
            Scale::Ects => Key::RecScaleEcts,
        }
    }
}

/// A grade as a university gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    /// Russian 5-point scale: 5 отлично … 2 неудовлетворительно.
    Ru5(u8),
    /// Pass / fail (зачёт / незачёт, 通过 / 不通过).
    Pass(bool),
    /// Chinese 100-point scale (pass at 60).
    Cn100(u8),
    /// ECTS letter, A (best) … F (fail); stored as 0 = A … 5 = F.
    Ects(u8),
}

pub const LETTERS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];
const PASS_WORDS: [&str; 6] = ["pass", "p", "зачёт", "зачет", "通过", "合格"];
const FAIL_WORDS: [&str; 6] = ["fail", "f/p", "незачёт", "незачет", "不通过", "不合格"];

impl Grade {
    /// The stable code stored in the database: `ru5:4`, `pass:1`, `cn100:86`, `ects:B`.
    pub fn code(self) -> String {
        match self {
            Grade::Ru5(n) => format!("ru5:{n}"),
            Grade::Pass(p) => format!("pass:{}", u8::from(p)),
            Grade::Cn100(n) => format!("cn100:{n}"),
            Grade::Ects(l) => format!("ects:{}", LETTERS[usize::from(l.min(5))]),
        }
    }

    pub fn parse_code(code: &str) -> Option<Grade> {
        let (scale, value) = code.split_once(':')?;
        match scale {
            "pass" => match value {
                "1" => Some(Grade::Pass(true)),
                "0" => Some(Grade::Pass(false)),
                _ => None,
            },
            "ects" => letter_index(value).map(Grade::Ects),
            "ru5" => Grade::read(Scale::Ru5, value),
            "cn100" => Grade::read(Scale::Cn100, value),
            _ => None,
        }
    }

    /// A grade typed in `scale` ("86", "5", "B"), or a pass / fail word in any language.
    pub fn read(scale: Scale, text: &str) -> Option<Grade> {
        let t = text.trim().to_lowercase();
        if PASS_WORDS.contains(&t.as_str()) {
            return Some(Grade::Pass(true));
        }
        if FAIL_WORDS.contains(&t.as_str()) {
            return Some(Grade::Pass(false));
        }
        match scale {
            Scale::Ru5 => t
                .parse()
                .ok()
                .filter(|n| (2..=5).contains(n))
                .map(Grade::Ru5),
            // "86" or "86/100", as the grade is shown.
            Scale::Cn100 => t
                .trim_end_matches("/100")
                .trim()
                .parse()
                .ok()
                .filter(|n| *n <= 100)
                .map(Grade::Cn100),
            Scale::Ects => letter_index(&t).map(Grade::Ects),
        }
    }

    /// Passed (anything but 2, below 60, F, fail).
    pub fn passed(self) -> bool {
        match self {
            Grade::Ru5(n) => n >= 3,
            Grade::Pass(p) => p,
            Grade::Cn100(n) => n >= 60,
            Grade::Ects(l) => l < 5,
        }
    }

    /// The grade as printed (words of pass / fail are the reader's: see `pass_key`).
    pub fn show(self) -> String {
        match self {
            Grade::Ru5(n) => n.to_string(),
            Grade::Pass(_) => String::new(),
            Grade::Cn100(n) => format!("{n}/100"),
            Grade::Ects(l) => LETTERS[usize::from(l.min(5))].to_string(),
        }
    }

    /// For a pass / fail grade, the word to print.
    pub fn pass_key(self) -> Option<crate::i18n::Key> {
        match self {
            Grade::Pass(true) => Some(crate::i18n::Key::RecPass),
            Grade::Pass(false) => Some(crate::i18n::Key::RecFail),
            _ => None,
        }
    }
}

fn letter_index(text: &str) -> Option<u8> {
    let up = text.trim().to_uppercase();
    LETTERS
        .iter()
        .position(|l| *l == up)
        .and_then(|i| u8::try_from(i).ok())
}

/// How an ECTS letter was found for a host grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Via {
    /// The university's fixed table for the host's scale.
    Table,
    /// The host's grade distribution: the share of students with this grade or better.
    Percentile(u8),
}

/// A university's conversion rules: how it reads credits and grades from elsewhere into its
/// own scheme and scale. Versioned in the database; a recognition records the version used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// The university's own credit scheme and grade scale.
    pub scheme: Scheme,
    pub scale: Scale,
    pub credit: CreditRule,
    /// Hours of one credit (shown beside the figures): ZET 36 academic hours, Chinese credit
    /// 16–18 contact hours, ECTS 25–30 hours of work.
    pub zet_hours: i64,
    pub cn_hours: i64,
    pub ects_hours: i64,
    /// Lowest 100-point mark of A, B, C, D, E (below the last: F).
    pub cn_bands: [u8; 5],
    /// The letters of a Russian 5, 4, 3 (a 2 is F).
    pub ru5_letters: [u8; 3],
    /// The highest share of students (percent) that earns A, B, C, D with a grade distribution
    /// (the ECTS grading table: 10, 35, 65, 90); the rest of those who passed earn E.
    pub percentile_cuts: [u8; 4],
    /// The own grade given for A, B, C, D, E: 5-point marks, 100-point marks or letters.
    pub own_grades: [u8; 5],
}

impl Rules {
    /// The platform's defaults for a university grading in `scale` with `scheme` credits.
    pub fn defaults(scheme: Scheme, scale: Scale) -> Rules {
        Rules {
            scheme,
            scale,
            credit: CreditRule::default(),
            zet_hours: 36,
            cn_hours: 16,
            ects_hours: 27,
            cn_bands: [90, 85, 75, 68, 60],
            ru5_letters: [0, 2, 4],
            percentile_cuts: [10, 35, 65, 90],
            own_grades: match scale {
                Scale::Ru5 => [5, 5, 4, 4, 3],
                Scale::Cn100 => [95, 87, 80, 71, 63],
                Scale::Ects => [0, 1, 2, 3, 4],
            },
        }
    }

    /// The defaults by country: Russia grades 5-point in ZET, China 100-point in Chinese
    /// credits, the others ECTS letters in ECTS.
    pub fn for_country(country: &str) -> Rules {
        match country {
            "RU" => Rules::defaults(Scheme::Zet, Scale::Ru5),
            "CN" => Rules::defaults(Scheme::Cn, Scale::Cn100),
            _ => Rules::defaults(Scheme::Ects, Scale::Ects),
        }
    }

    /// Every field that breaks the rules' sense: bounds, and tables ordered best first (which
    /// is what keeps every conversion monotone).
    pub fn check(&self) -> Vec<&'static str> {
        let mut bad = Vec::new();
        let permille = 100..=5000;
        if !permille.contains(&self.credit.zet_permille) {
            bad.push("zet_permille");
        }
        if !permille.contains(&self.credit.cn_permille) {
            bad.push("cn_permille");
        }
        for (name, h) in [
            ("zet_hours", self.zet_hours),
            ("cn_hours", self.cn_hours),
            ("ects_hours", self.ects_hours),
        ] {
            if !(1..=100).contains(&h) {
                bad.push(name);
            }
        }
        let b = self.cn_bands;
        if !(b[0] <= 100 && b.windows(2).all(|w| w[0] > w[1]) && b[4] >= 1) {
            bad.push("cn_bands");
        }
        let r = self.ru5_letters;
        if !(r.windows(2).all(|w| w[0] <= w[1]) && r[2] <= 4) {
            bad.push("ru5_letters");
        }
        let p = self.percentile_cuts;
        if !(p[0] >= 1 && p.windows(2).all(|w| w[0] < w[1]) && p[3] <= 99) {
            bad.push("percentile_cuts");
        }
        let g = self.own_grades;
        let ordered = match self.scale {
            Scale::Ru5 => g.windows(2).all(|w| w[0] >= w[1]) && g[0] <= 5 && g[4] >= 3,
            Scale::Cn100 => g.windows(2).all(|w| w[0] >= w[1]) && g[0] <= 100 && g[4] >= 60,
            Scale::Ects => g.windows(2).all(|w| w[0] <= w[1]) && g[4] <= 4,
        };
        if !ordered {
            bad.push("own_grades");
        }
        bad
    }

    /// The ECTS letter (0 = A … 5 = F) of a host grade and how it was found; `None` for a
    /// pass / fail grade. A passing grade with a known distribution goes by its percentile.
    pub fn letter(&self, g: Grade, percentile: Option<u8>) -> Option<(u8, Via)> {
        if let (true, Some(p)) = (g.passed() && !matches!(g, Grade::Pass(_)), percentile) {
            let i = self.percentile_cuts.iter().position(|cut| p <= *cut);
            return Some((i.map_or(4, |i| i as u8), Via::Percentile(p)));
        }
        let letter = match g {
            Grade::Pass(_) => return None,
            Grade::Ru5(n) if n >= 3 => self.ru5_letters[usize::from(5 - n)],
            Grade::Ru5(_) => 5,
            Grade::Cn100(p) => self
                .cn_bands
                .iter()
                .position(|low| p >= *low)
                .map_or(5, |i| i as u8),
            Grade::Ects(l) => l.min(5),
        };
        Some((letter, Via::Table))
    }

    /// The own grade for an ECTS letter; F fails in every scale.
    pub fn own_grade(&self, letter: u8) -> Grade {
        let i = usize::from(letter.min(5));
        match (self.scale, self.own_grades.get(i)) {
            (Scale::Ru5, Some(g)) => Grade::Ru5(*g),
            (Scale::Cn100, Some(g)) => Grade::Cn100(*g),
            (Scale::Ects, Some(g)) => Grade::Ects(*g),
            (Scale::Ru5, None) => Grade::Ru5(2),
            (Scale::Cn100, None) => Grade::Cn100(0),
            (Scale::Ects, None) => Grade::Ects(5),
        }
    }

    /// Hours of one credit of `scheme`.
    pub fn hours(&self, scheme: Scheme) -> i64 {
        match scheme {
            Scheme::Ects => self.ects_hours,
            Scheme::Zet => self.zet_hours,
            Scheme::Cn => self.cn_hours,
        }
    }
}

/// The credit-weighted average of ECTS letters (weights ≥ 0, not all 0), to the nearest
/// letter, a tie to the better one.
pub fn weighted_letter(parts: &[(u8, i64)]) -> u8 {
    let weight: i64 = parts.iter().map(|(_, w)| *w).sum();
    if weight <= 0 {
        return parts.iter().map(|(l, _)| *l).max().unwrap_or(5);
    }
    let sum: i64 = parts.iter().map(|(l, w)| i64::from(*l) * w).sum();
    // nearest: floor(sum / weight + 1/2), a tie (exactly .5) goes down, to the better letter.
    let l = (2 * sum + weight - 1).div_euclid(2 * weight);
    l.clamp(0, 5) as u8
}

/// Splits `total` over parts weighted by `weights` (largest remainder): the parts add up to
/// `total` exactly; with no weight, all goes to the first part.
pub fn split(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i64 = weights.iter().sum();
    if weights.is_empty() {
        return Vec::new();
    }
    if sum <= 0 {
        let mut v = vec![0; weights.len()];
        v[0] = total;
        return v;
    }
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse((total * weights[*i]) % sum));
    let mut left = total - parts.iter().sum::<i64>();
    for i in order {
        if left <= 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
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
        // 3 Chinese credits = 4.5 ZET; 4 ZET = 2.67 Chinese credits (2.666… half up).
        assert_eq!(rule.convert(Scheme::Cn, 300, Scheme::Zet), 450);
        assert_eq!(rule.convert(Scheme::Zet, 400, Scheme::Cn), 267);
        let ru = Rules::defaults(Scheme::Zet, Scale::Ru5);
        let cn = Rules::defaults(Scheme::Cn, Scale::Cn100);
        for (grade, letter, ru_mark, cn_mark) in [
            (Grade::Cn100(95), 0, 5, 95),
            (Grade::Cn100(90), 0, 5, 95),
            (Grade::Cn100(86), 1, 5, 87),
            (Grade::Cn100(80), 2, 4, 80),
            (Grade::Cn100(70), 3, 4, 71),
            (Grade::Cn100(60), 4, 3, 63),
            (Grade::Ru5(5), 0, 5, 95),
            (Grade::Ru5(4), 2, 4, 80),
            (Grade::Ru5(3), 4, 3, 63),
            (Grade::Ects(1), 1, 5, 87),
        ] {
            let (l, via) = ru.letter(grade, None).expect("graded");
            assert_eq!((l, via), (letter, Via::Table), "{grade:?}");
            assert_eq!(ru.own_grade(l), Grade::Ru5(ru_mark), "{grade:?}");
            assert_eq!(cn.own_grade(l), Grade::Cn100(cn_mark), "{grade:?}");
        }
        for failed in [Grade::Cn100(59), Grade::Ru5(2), Grade::Ects(5)] {
            assert_eq!(ru.letter(failed, None), Some((5, Via::Table)));
            assert!(!failed.passed());
        }
        assert_eq!(ru.letter(Grade::Pass(true), None), None);
        // With a distribution: in the top 8 % → A, top 30 % → B, top 95 % → E, whatever the mark.
        assert_eq!(
            ru.letter(Grade::Cn100(70), Some(8)),
            Some((0, Via::Percentile(8)))
        );
        assert_eq!(
            ru.letter(Grade::Cn100(95), Some(30)),
            Some((1, Via::Percentile(30)))
        );
        assert_eq!(
            ru.letter(Grade::Ru5(5), Some(95)),
            Some((4, Via::Percentile(95)))
        );
        // A failed grade stays F.
        assert_eq!(ru.letter(Grade::Cn100(40), Some(5)), Some((5, Via::Table)));
        assert!(ru.check().is_empty() && cn.check().is_empty());
        assert!(Rules::for_country("KZ").check().is_empty());
    }

    #[test]
    fn grades_read_and_round_trip() {
        for (scale, text, grade) in [
            (Scale::Cn100, "86", Grade::Cn100(86)),
            (Scale::Ru5, " 4 ", Grade::Ru5(4)),
            (Scale::Ects, "b", Grade::Ects(1)),
            (Scale::Ru5, "зачёт", Grade::Pass(true)),
            (Scale::Cn100, "不通过", Grade::Pass(false)),
            (Scale::Ects, "Pass", Grade::Pass(true)),
            (Scale::Cn100, "95/100", Grade::Cn100(95)),
        ] {
            assert_eq!(Grade::read(scale, text), Some(grade), "{text}");
            assert_eq!(Grade::parse_code(&grade.code()), Some(grade));
            // What a page shows reads back as the same grade.
            if grade.pass_key().is_none() {
                let scale = match grade {
                    Grade::Ru5(_) => Scale::Ru5,
                    Grade::Cn100(_) => Scale::Cn100,
                    _ => Scale::Ects,
                };
                assert_eq!(Grade::read(scale, &grade.show()), Some(grade), "{text}");
            }
        }
        for (scale, text) in [
            (Scale::Ru5, "6"),
            (Scale::Cn100, "101"),
            (Scale::Ects, "G"),
            (Scale::Ru5, ""),
        ] {
            assert_eq!(Grade::read(scale, text), None, "{text}");
        }
    }

    #[test]
    fn numbers_read_and_show() {
        assert_eq!(parse_centi("4,5"), Some(450));
        assert_eq!(parse_centi("3"), Some(300));
        assert_eq!(parse_centi("0.25"), Some(25));
        assert_eq!(parse_centi("1.255"), None);
        assert_eq!(parse_centi("-1"), None);
        assert_eq!(parse_centi("x"), None);
        assert_eq!(show_centi(450), "4.5");
        assert_eq!(show_centi(425), "4.25");
        assert_eq!(show_centi(400), "4");
        assert_eq!(show_tenths(45), "4.5");
    }

    #[test]
    fn rules_that_would_break_monotony_are_refused() {
        let mut r = Rules::defaults(Scheme::Zet, Scale::Ru5);
        r.cn_bands = [90, 91, 75, 68, 60];
        r.own_grades = [4, 5, 4, 4, 3];
        r.percentile_cuts = [10, 10, 65, 90];
        r.credit.cn_permille = 0;
        assert_eq!(
            r.check(),
            vec!["cn_permille", "cn_bands", "percentile_cuts", "own_grades"]
        );
    }

    #[test]
    fn weighted_letters_and_splits() {
        // 4.5 ECTS of B and 3 of D: (1·450 + 3·300) / 750 = 1.8 → C.
        assert_eq!(weighted_letter(&[(1, 450), (3, 300)]), 2);
        // A tie (B and C equally weighted) goes to the better letter.
        assert_eq!(weighted_letter(&[(1, 100), (2, 100)]), 1);
        assert_eq!(split(450, &[300, 200]), vec![270, 180]);
        assert_eq!(split(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(split(7, &[0, 0]), vec![7, 0]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Any valid rules: ordered tables and ratios in bounds.
    fn rules() -> impl Strategy<Value = Rules> {
        (
            prop::sample::select(Scale::ALL.to_vec()),
            100i64..5000,
            100i64..5000,
            prop::collection::btree_set(1u8..=100, 5),
            prop::collection::btree_set(1u8..=99, 4),
            prop::collection::vec(0u8..=4, 3),
            prop::collection::vec(0u8..=100, 5),
        )
            .prop_map(|(scale, zet, cn, bands, cuts, ru, own)| {
                let mut r = Rules::defaults(Scheme::Ects, scale);
                r.credit = CreditRule {
                    zet_permille: zet,
                    cn_permille: cn,
                };
                let mut b: Vec<u8> = bands.into_iter().collect();
                b.reverse();
                r.cn_bands = [b[0], b[1], b[2], b[3], b[4]];
                let c: Vec<u8> = cuts.into_iter().collect();
                r.percentile_cuts = [c[0], c[1], c[2], c[3]];
                let mut ru = ru;
                ru.sort_unstable();
                r.ru5_letters = [ru[0], ru[1], ru[2]];
                let mut own = own;
                match scale {
                    Scale::Ru5 => own.iter_mut().for_each(|g| *g = 3 + *g % 3),
                    Scale::Cn100 => own.iter_mut().for_each(|g| *g = 60 + *g % 41),
                    Scale::Ects => own.iter_mut().for_each(|g| *g %= 5),
                }
                own.sort_unstable();
                if scale != Scale::Ects {
                    own.reverse();
                }
                r.own_grades = [own[0], own[1], own[2], own[3], own[4]];
                r
            })
    }

    /// How good an own grade is, comparable within a scale (higher is better).
    fn rank(g: Grade) -> i32 {
        match g {
            Grade::Ru5(n) | Grade::Cn100(n) => i32::from(n),
            Grade::Ects(l) => -i32::from(l),
            Grade::Pass(p) => i32::from(p),
        }
    }

    fn host_grade() -> impl Strategy<Value = (Grade, Grade)> {
        prop_oneof![
            (0u8..=100, 0u8..=100)
                .prop_map(|(a, b)| (Grade::Cn100(a.max(b)), Grade::Cn100(a.min(b)))),
            (2u8..=5, 2u8..=5).prop_map(|(a, b)| (Grade::Ru5(a.max(b)), Grade::Ru5(a.min(b)))),
            (0u8..=5, 0u8..=5).prop_map(|(a, b)| (Grade::Ects(a.min(b)), Grade::Ects(a.max(b)))),
        ]
    }

    proptest! {
        /// A better host grade never converts to a worse home grade, under any valid rules.
        #[test]
        fn grades_convert_monotonically(r in rules(), (better, worse) in host_grade()) {
            let (lb, _) = r.letter(better, None).expect("graded");
            let (lw, _) = r.letter(worse, None).expect("graded");
            prop_assert!(lb <= lw);
            prop_assert!(rank(r.own_grade(lb)) >= rank(r.own_grade(lw)));
        }

        /// A smaller share of students with the grade or better never gives a worse letter.
        #[test]
        fn percentiles_convert_monotonically(r in rules(), a in 1u8..=100, b in 1u8..=100, mark in 60u8..=100) {
            let (top, rest) = (a.min(b), a.max(b));
            let (lt, _) = r.letter(Grade::Cn100(mark), Some(top)).expect("graded");
            let (lr, _) = r.letter(Grade::Cn100(mark), Some(rest)).expect("graded");
            prop_assert!(lt <= lr);
        }

        /// Raising one component's letter never worsens the weighted average.
        #[test]
        fn weighted_letter_is_monotone(parts in prop::collection::vec((0u8..=5, 1i64..2000), 1..6), i in 0usize..6) {
            let i = i % parts.len();
            let mut better = parts.clone();
            better[i].0 = better[i].0.saturating_sub(1);
            prop_assert!(weighted_letter(&better) <= weighted_letter(&parts));
        }

        /// Converting components one by one and adding them gives the converted total exactly;
        /// a split adds up to what was split.
        #[test]
        fn totals_are_preserved(
            parts in prop::collection::vec(0i64..3000, 1..12),
            r in rules(),
            total in 0i64..100_000,
        ) {
            for s in Scheme::ALL {
                let one_by_one: i64 = parts.iter().map(|p| r.credit.to_ects_exact(s, *p)).sum();
                prop_assert_eq!(one_by_one, r.credit.to_ects_exact(s, parts.iter().sum()));
            }
            let shares = split(total, &parts);
            prop_assert_eq!(shares.iter().sum::<i64>(), total);
            prop_assert!(shares.iter().all(|s| *s >= 0));
        }
    }
}
