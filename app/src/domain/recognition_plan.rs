//! After the mobility: the host's transcript of records, read from a pasted table or a CSV
//! file with an error per row, and the platform's proposal for each home component — with
//! every step of how it got there, so the home coordinator can check it or override it.
use super::agreement::{Component, Side};
use super::recognition::{parse_centi, split, weighted_letter, Grade, Rules, Scale, Scheme, Via};
use serde::{Deserialize, Serialize};

/// One row of a transcript: a host component's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub code: String,
    pub grade: Grade,
    pub credits_centi: i64,
    pub hours: i64,
    /// Share of students (percent) with this grade or better, where the host knows it.
    pub percentile: Option<u8>,
}

/// Why a row was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    Columns,
    UnknownCode,
    Grade,
    Credits,
    Hours,
    Percentile,
    Duplicate,
    Empty,
    /// The home course this row feeds has been decided: its inputs no longer change.
    Decided,
}

impl RowProblem {
    const ALL: [RowProblem; 9] = [
        RowProblem::Columns,
        RowProblem::UnknownCode,
        RowProblem::Grade,
        RowProblem::Credits,
        RowProblem::Hours,
        RowProblem::Percentile,
        RowProblem::Duplicate,
        RowProblem::Empty,
        RowProblem::Decided,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            RowProblem::Columns => "columns",
            RowProblem::UnknownCode => "code",
            RowProblem::Grade => "grade",
            RowProblem::Credits => "credits",
            RowProblem::Hours => "hours",
            RowProblem::Percentile => "percentile",
            RowProblem::Duplicate => "duplicate",
            RowProblem::Empty => "empty",
            RowProblem::Decided => "decided",
        }
    }

    pub fn parse(code: &str) -> Option<RowProblem> {
        RowProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    pub const fn message(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            RowProblem::Columns => Key::TrRowColumns,
            RowProblem::UnknownCode => Key::TrRowCode,
            RowProblem::Grade => Key::TrRowGrade,
            RowProblem::Credits => Key::TrRowCredits,
            RowProblem::Hours => Key::TrRowHours,
            RowProblem::Percentile => Key::TrRowPercentile,
            RowProblem::Duplicate => Key::TrRowDuplicate,
            RowProblem::Empty => Key::TrRowEmpty,
            RowProblem::Decided => Key::TrRowDecided,
        }
    }
}

/// A refused row: its line number (from 1) and why.
pub type RowError = (usize, RowProblem);

/// Row errors in a URL query: `3.code~5.grade`.
pub fn row_errors_query(errors: &[RowError]) -> String {
    errors
        .iter()
        .map(|(n, p)| format!("{n}.{}", p.code()))
        .collect::<Vec<_>>()
        .join("~")
}

pub fn row_errors_from_query(q: &str) -> Vec<RowError> {
    q.split('~')
        .filter_map(|part| {
            let (n, p) = part.split_once('.')?;
            Some((n.parse().ok()?, RowProblem::parse(p)?))
        })
        .take(200)
        .collect()
}

const HEADER_WORDS: [&str; 5] = ["code", "код", "课程代码", "course", "课程"];

/// Reads a transcript pasted from a spreadsheet (tab-separated) or a CSV file (`;` or `,`):
/// code, grade (in the host's `scale`, or pass / fail), credits earned, hours, and optionally
/// the percentile. A header row and empty rows are skipped; a row for a course in `decided`
/// (its home course is recognised) is refused. Every row is checked; nothing is taken unless
/// every row is good.
pub fn read_transcript(
    text: &str,
    scale: Scale,
    codes: &[&str],
    decided: &[&str],
) -> Result<Vec<Line>, Vec<RowError>> {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let sep = if raw.contains('\t') {
            '\t'
        } else if raw.contains(';') {
            ';'
        } else {
            ','
        };
        let cells: Vec<&str> = raw
            .split(sep)
            .map(|c| c.trim().trim_matches('"').trim())
            .collect();
        if i == 0 && HEADER_WORDS.contains(&cells[0].to_lowercase().as_str()) {
            continue;
        }
        if !(4..=5).contains(&cells.len()) {
            errors.push((n, RowProblem::Columns));
            continue;
        }
        let Some(code) = codes.iter().find(|c| c.eq_ignore_ascii_case(cells[0])) else {
            errors.push((n, RowProblem::UnknownCode));
            continue;
        };
        if decided.contains(code) {
            errors.push((n, RowProblem::Decided));
            continue;
        }
        if lines.iter().any(|l: &Line| l.code == *code) {
            errors.push((n, RowProblem::Duplicate));
            continue;
        }
        let Some(grade) = Grade::read(scale, cells[1]) else {
            errors.push((n, RowProblem::Grade));
            continue;
        };
        let Some(credits_centi) = parse_centi(cells[2]) else {
            errors.push((n, RowProblem::Credits));
            continue;
        };
        let Some(hours) = cells[3]
            .parse::<i64>()
            .ok()
            .filter(|h| (0..=2000).contains(h))
        else {
            errors.push((n, RowProblem::Hours));
            continue;
        };
        let percentile = match cells.get(4).filter(|c| !c.is_empty()) {
            None => None,
            Some(p) => match p
                .trim_end_matches('%')
                .parse::<u8>()
                .ok()
                .filter(|p| (1..=100).contains(p))
            {
                Some(p) => Some(p),
                None => {
                    errors.push((n, RowProblem::Percentile));
                    continue;
                }
            },
        };
        lines.push(Line {
            code: (*code).to_string(),
            grade,
            credits_centi,
            hours,
            percentile,
        });
    }
    if lines.is_empty() && errors.is_empty() {
        errors.push((1, RowProblem::Empty));
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

/// One step of a proposal, as the page explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// A host component's earned credits in ECTS (tenths).
    Credits {
        code: String,
        scheme: Scheme,
        centi: i64,
        ects_tenths: i64,
    },
    /// The group's credits in the home scheme.
    Total { centi: i64, scheme: Scheme },
    /// The share of a group's credits for this home component (several home components).
    Share { centi: i64 },
    /// A host grade's ECTS letter, and how it was found.
    Letter {
        code: String,
        grade: Grade,
        letter: u8,
        via: Via,
    },
    /// The credit-weighted letter of several host grades.
    Average { letter: u8 },
    /// The home grade for a letter.
    Own { letter: u8, grade: Grade },
    /// A host component failed: the group is not recognised.
    Failed { code: String },
    /// No transcript row for a host component yet.
    Missing { code: String },
}

/// The platform's proposal for one home component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub component_id: i64,
    pub recognised: bool,
    pub grade: Grade,
    pub credits_centi: i64,
    pub scheme: Scheme,
    pub steps: Vec<Step>,
}

/// Proposals for every home component of `components` (one agreement version), from the
/// transcript `lines` (by host code) and the home university's `rules`.
pub fn propose(components: &[Component], lines: &[Line], rules: &Rules) -> Vec<Proposal> {
    let mut groups: Vec<i64> = components.iter().map(|c| c.grp).collect();
    groups.sort_unstable();
    groups.dedup();
    let mut out = Vec::new();
    for g in groups {
        let hosts: Vec<&Component> = components
            .iter()
            .filter(|c| c.grp == g && c.side == Side::Host)
            .collect();
        let homes: Vec<&Component> = components
            .iter()
            .filter(|c| c.grp == g && c.side == Side::Home)
            .collect();
        let mut steps = Vec::new();
        let mut exact = 0;
        let mut letters = Vec::new();
        let mut failed = false;
        let mut missing = false;
        for h in &hosts {
            let Some(line) = lines.iter().find(|l| l.code == h.code) else {
                steps.push(Step::Missing {
                    code: h.code.clone(),
                });
                missing = true;
                continue;
            };
            let e = rules.credit.to_ects_exact(h.scheme, line.credits_centi);
            exact += e;
            steps.push(Step::Credits {
                code: h.code.clone(),
                scheme: h.scheme,
                centi: line.credits_centi,
                ects_tenths: rules.credit.to_ects_tenths(h.scheme, line.credits_centi),
            });
            if !line.grade.passed() {
                failed = true;
                steps.push(Step::Failed {
                    code: h.code.clone(),
                });
            } else if let Some((letter, via)) = rules.letter(line.grade, line.percentile) {
                steps.push(Step::Letter {
                    code: h.code.clone(),
                    grade: line.grade,
                    letter,
                    via,
                });
                letters.push((letter, e));
            }
        }
        let recognised = !failed && !missing && !hosts.is_empty();
        let total = if recognised {
            rules.credit.from_ects_exact(rules.scheme, exact)
        } else {
            0
        };
        if recognised {
            steps.push(Step::Total {
                centi: total,
                scheme: rules.scheme,
            });
        }
        let grade = if !recognised {
            match rules.scale {
                Scale::Ru5 => Grade::Ru5(2),
                Scale::Cn100 => Grade::Cn100(0),
                Scale::Ects => Grade::Ects(5),
            }
        } else if letters.is_empty() {
            Grade::Pass(true)
        } else {
            let letter = weighted_letter(&letters);
            if letters.len() > 1 {
                steps.push(Step::Average { letter });
            }
            let own = rules.own_grade(letter);
            steps.push(Step::Own { letter, grade: own });
            own
        };
        let weights: Vec<i64> = homes.iter().map(|c| c.credits_centi).collect();
        let shares = split(total, &weights);
        for (home, share) in homes.iter().zip(shares) {
            let mut s = steps.clone();
            if homes.len() > 1 && recognised {
                s.push(Step::Share { centi: share });
            }
            out.push(Proposal {
                component_id: home.id,
                recognised,
                grade,
                credits_centi: share,
                scheme: rules.scheme,
                steps: s,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comp(id: i64, side: Side, grp: i64, code: &str, scheme: Scheme, centi: i64) -> Component {
        Component {
            id,
            side,
            grp,
            code: code.into(),
            title: code.into(),
            term: String::new(),
            scheme,
            credits_centi: centi,
            hours: 0,
            provisional: false,
        }
    }

    #[test]
    fn transcripts_are_read_with_an_error_per_row() {
        let codes = ["PHYS-201", "ANAT-110"];
        let ok = "code\tgrade\tcredits\thours\nphys-201\t86\t3\t48\tanat-110\n";
        // The second row has five cells, the fifth is not a percentile.
        assert_eq!(
            read_transcript(ok, Scale::Cn100, &codes, &[]),
            Err(vec![(2, RowProblem::Percentile)])
        );
        let ok = "code;grade;credits;hours\nPHYS-201;86;3;48;20%\n\nANAT-110;通过;2,5;40\n";
        let lines = read_transcript(ok, Scale::Cn100, &codes, &[]).expect("valid");
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0].grade, lines[0].percentile),
            (Grade::Cn100(86), Some(20))
        );
        assert_eq!(
            (lines[1].grade, lines[1].credits_centi),
            (Grade::Pass(true), 250)
        );
        let bad =
            "PHYS-201,86,3\nXYZ,80,3,48\nANAT-110,abc,3,48\nPHYS-201,86,x,48\nANAT-110,70,3,-1";
        assert_eq!(
            read_transcript(bad, Scale::Cn100, &codes, &[]),
            Err(vec![
                (1, RowProblem::Columns),
                (2, RowProblem::UnknownCode),
                (3, RowProblem::Grade),
                (4, RowProblem::Credits),
                (5, RowProblem::Hours),
            ])
        );
        assert_eq!(
            read_transcript(" \n", Scale::Ru5, &codes, &[]),
            Err(vec![(1, RowProblem::Empty)])
        );
        let twice = "PHYS-201;5;3;48\nPHYS-201;4;3;48";
        assert_eq!(
            read_transcript(twice, Scale::Ru5, &codes, &[]),
            Err(vec![(2, RowProblem::Duplicate)])
        );
        // A course whose home course is already recognised no longer changes.
        assert_eq!(
            read_transcript(
                "PHYS-201;5;3;48\nANAT-110;4;2;32",
                Scale::Ru5,
                &codes,
                &["ANAT-110"]
            ),
            Err(vec![(2, RowProblem::Decided)])
        );
        let q = row_errors_query(&[(2, RowProblem::UnknownCode), (7, RowProblem::Hours)]);
        assert_eq!(
            row_errors_from_query(&q),
            vec![(2, RowProblem::UnknownCode), (7, RowProblem::Hours)]
        );
    }

    #[test]
    fn proposals_explain_themselves() {
        let rules = Rules::defaults(Scheme::Zet, Scale::Ru5);
        let cs = vec![
            // Two host courses replace one home course (many-to-one).
            comp(1, Side::Host, 1, "PHYS-201", Scheme::Cn, 300),
            comp(2, Side::Host, 1, "PHYS-202", Scheme::Cn, 200),
            comp(3, Side::Home, 1, "Ф-12", Scheme::Zet, 700),
            // One host course replaces two home courses (one-to-many).
            comp(4, Side::Host, 2, "ANAT-110", Scheme::Cn, 400),
            comp(5, Side::Home, 2, "А-1", Scheme::Zet, 400),
            comp(6, Side::Home, 2, "А-2", Scheme::Zet, 200),
            // A failed course.
            comp(7, Side::Host, 3, "BIO-1", Scheme::Cn, 200),
            comp(8, Side::Home, 3, "Б-1", Scheme::Zet, 300),
        ];
        let line = |code: &str, grade, centi| Line {
            code: code.into(),
            grade,
            credits_centi: centi,
            hours: 48,
            percentile: None,
        };
        let lines = vec![
            line("PHYS-201", Grade::Cn100(86), 300),
            line("PHYS-202", Grade::Cn100(72), 200),
            line("ANAT-110", Grade::Pass(true), 400),
            line("BIO-1", Grade::Cn100(52), 200),
        ];
        let p = propose(&cs, &lines, &rules);
        assert_eq!(p.len(), 4);
        // 3 + 2 Chinese credits = 7.5 ZET; B (4.5 ECTS) and D (3 ECTS) average to C → 4.
        assert_eq!(
            (
                p[0].component_id,
                p[0].recognised,
                p[0].grade,
                p[0].credits_centi
            ),
            (3, true, Grade::Ru5(4), 750)
        );
        assert!(p[0].steps.contains(&Step::Average { letter: 2 }));
        assert!(p[0].steps.contains(&Step::Letter {
            code: "PHYS-201".into(),
            grade: Grade::Cn100(86),
            letter: 1,
            via: Via::Table
        }));
        // 6 ZET split 4 : 2 over the two home courses; pass stays pass.
        assert_eq!(
            (p[1].grade, p[1].credits_centi, p[2].credits_centi),
            (Grade::Pass(true), 400, 200)
        );
        assert!(p[1].steps.contains(&Step::Share { centi: 400 }));
        // Failed: not recognised, no credits.
        assert_eq!(
            (p[3].recognised, p[3].grade, p[3].credits_centi),
            (false, Grade::Ru5(2), 0)
        );
        // Without a transcript row: not recognised, says what is missing.
        let p = propose(&cs, &lines[..1], &rules);
        assert!(
            !p[0].recognised
                && p[0].steps.contains(&Step::Missing {
                    code: "PHYS-202".into()
                })
        );
    }
}
