//! What the agreement, recognition, record and rules pages show, and the forms they post.
//! Shared by the server (which fills them) and the pages (which render them).
use super::agreement::Version;
use super::application::{Party, State};
use super::recognition::{Grade, Rules, Scale, Scheme};
use super::recognition_plan::{Line, Proposal};
use serde::{Deserialize, Serialize};

/// Who the agreement is about, shown at the top of every page of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub application_id: i64,
    pub opportunity_title: String,
    pub applicant_name: String,
    pub home_name: String,
    pub host_name: String,
    pub state: State,
    pub party: Party,
}

/// One line of the agreement's history (audit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: i64,
    pub actor: String,
    pub kind: String,
    pub detail: String,
}

/// `/applications/{id}/agreement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    pub heading: Heading,
    /// The opportunity's kind carries credit (joint semester, long clerkship).
    pub carries_credit: bool,
    /// The home university's rules (for the totals) and their version (0: the defaults).
    pub rules: Rules,
    pub rule_version: i64,
    /// Every version, oldest first.
    pub versions: Vec<Version>,
    /// The reader may add, remove, approve, open a new version.
    pub may_shape: bool,
    /// A transcript has been entered: the agreement no longer changes.
    pub locked: bool,
    pub history: Vec<Event>,
}

impl AgreementView {
    pub fn current(&self) -> Option<&Version> {
        self.versions.last()
    }
}

/// A recognition decided by the home coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub component_id: i64,
    pub recognised: bool,
    pub grade: Grade,
    pub credits_centi: i64,
    pub scheme: Scheme,
    pub proposed_grade: Grade,
    pub proposed_credits_centi: i64,
    pub note: String,
    pub rule_version: i64,
    pub decided_by: String,
    pub decided_at: i64,
}

impl Decision {
    pub fn overridden(&self) -> bool {
        self.grade != self.proposed_grade || self.credits_centi != self.proposed_credits_centi
    }
}

/// `/applications/{id}/recognition`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognitionView {
    pub heading: Heading,
    /// The agreement in force: the latest approved version.
    pub version: Option<Version>,
    /// The host's scale, for reading the transcript.
    pub host_scale: Scale,
    pub lines: Vec<Line>,
    pub proposals: Vec<Proposal>,
    pub decisions: Vec<Decision>,
    pub rules: Rules,
    pub rule_version: i64,
    pub may_enter: bool,
    pub may_decide: bool,
    pub record_code: Option<String>,
}

/// The home coordinator's decision on one home component, as posted (`d[grade]`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    /// `yes` or `no`.
    pub recognised: String,
    /// A grade in the home scale, or pass / fail.
    pub grade: String,
    pub credits: String,
    /// Required when the decision differs from the proposal.
    pub note: String,
}

pub const NOTE_MAX: usize = 1000;

/// One home component on the printable record, with the host components it replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordLine {
    pub home_code: String,
    pub home_title: String,
    pub hosts: Vec<RecordHost>,
    pub recognised: bool,
    pub grade: Grade,
    pub credits_centi: i64,
    pub scheme: Scheme,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordHost {
    pub code: String,
    /// The original title, as the host wrote it.
    pub title: String,
    pub grade: Option<Grade>,
    pub credits_centi: i64,
    pub scheme: Scheme,
}

/// The recognition record: printable by the parties, and shown to anyone with its code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    pub code: String,
    /// Where anyone checks the record (the installation's public address).
    pub verify_url: String,
    pub issued_at: i64,
    pub application_id: i64,
    pub applicant_name: String,
    pub home_name: String,
    pub host_name: String,
    pub opportunity_title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub agreement_version: i64,
    pub rule_version: i64,
    pub lines: Vec<RecordLine>,
    pub total_centi: i64,
    pub scheme: Scheme,
}

/// `/manage/rules`: a coordinator's university's rules and their versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub university_id: i64,
    pub university_name: String,
    /// Universities the reader coordinates (id, name), to switch between.
    pub choices: Vec<(i64, String)>,
    pub rules: Rules,
    pub version: i64,
    /// (version, saved at, by whom), newest first.
    pub versions: Vec<(i64, i64, String)>,
}

/// The rules as typed (`r[zet]`, …): lists are comma-separated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RulesForm {
    pub scheme: String,
    pub scale: String,
    /// ECTS per credit, "1" and "1.5".
    pub zet_ects: String,
    pub cn_ects: String,
    pub zet_hours: String,
    pub cn_hours: String,
    pub ects_hours: String,
    /// "90, 85, 75, 68, 60".
    pub cn_bands: String,
    /// "A, C, E".
    pub ru5_letters: String,
    /// "10, 35, 65, 90".
    pub percentile_cuts: String,
    /// "5, 5, 4, 4, 3" or "95, 87, 80, 71, 63" or "A, B, C, D, E".
    pub own_grades: String,
}

fn list(text: &str, letters: bool) -> Option<Vec<u8>> {
    text.split([',', ';', ' '])
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let p = p.trim();
            if letters {
                let up = p.to_uppercase();
                super::recognition::LETTERS
                    .iter()
                    .position(|l| *l == up)
                    .and_then(|i| u8::try_from(i).ok())
                    .or_else(|| p.parse().ok())
            } else {
                p.parse().ok()
            }
        })
        .collect()
}

fn show_list(v: &[u8]) -> String {
    v.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn show_letters(v: &[u8]) -> String {
    v.iter()
        .map(|n| super::recognition::LETTERS[usize::from((*n).min(5))])
        .collect::<Vec<_>>()
        .join(", ")
}

impl RulesForm {
    pub fn from_rules(r: &Rules) -> RulesForm {
        let permille = |p: i64| super::recognition::show_centi(p / 10);
        RulesForm {
            scheme: r.scheme.code().into(),
            scale: r.scale.code().into(),
            zet_ects: permille(r.credit.zet_permille),
            cn_ects: permille(r.credit.cn_permille),
            zet_hours: r.zet_hours.to_string(),
            cn_hours: r.cn_hours.to_string(),
            ects_hours: r.ects_hours.to_string(),
            cn_bands: show_list(&r.cn_bands),
            ru5_letters: show_letters(&r.ru5_letters),
            percentile_cuts: show_list(&r.percentile_cuts),
            own_grades: if r.scale == Scale::Ects {
                show_letters(&r.own_grades)
            } else {
                show_list(&r.own_grades)
            },
        }
    }

    /// The rules, or the names of the fields that are wrong.
    pub fn check(&self) -> Result<Rules, Vec<&'static str>> {
        let mut bad = Vec::new();
        let scheme = Scheme::parse(&self.scheme);
        let scale = Scale::parse(&self.scale);
        if scheme.is_none() {
            bad.push("scheme");
        }
        if scale.is_none() {
            bad.push("scale");
        }
        let mut r = Rules::defaults(scheme.unwrap_or(Scheme::Ects), scale.unwrap_or(Scale::Ects));
        let ects = |t: &str| super::recognition::parse_centi(t).map(|c| c * 10);
        match ects(&self.zet_ects) {
            Some(p) => r.credit.zet_permille = p,
            None => bad.push("zet_permille"),
        }
        match ects(&self.cn_ects) {
            Some(p) => r.credit.cn_permille = p,
            None => bad.push("cn_permille"),
        }
        for (name, text, slot) in [
            ("zet_hours", &self.zet_hours, &mut r.zet_hours),
            ("cn_hours", &self.cn_hours, &mut r.cn_hours),
            ("ects_hours", &self.ects_hours, &mut r.ects_hours),
        ] {
            match text.trim().parse() {
                Ok(h) => *slot = h,
                Err(_) => bad.push(name),
            }
        }
        let letters_own = r.scale == Scale::Ects;
        match list(&self.cn_bands, false).and_then(|v| <[u8; 5]>::try_from(v).ok()) {
            Some(v) => r.cn_bands = v,
            None => bad.push("cn_bands"),
        }
        match list(&self.ru5_letters, true).and_then(|v| <[u8; 3]>::try_from(v).ok()) {
            Some(v) => r.ru5_letters = v,
            None => bad.push("ru5_letters"),
        }
        match list(&self.percentile_cuts, false).and_then(|v| <[u8; 4]>::try_from(v).ok()) {
            Some(v) => r.percentile_cuts = v,
            None => bad.push("percentile_cuts"),
        }
        match list(&self.own_grades, letters_own).and_then(|v| <[u8; 5]>::try_from(v).ok()) {
            Some(v) => r.own_grades = v,
            None => bad.push("own_grades"),
        }
        for field in r.check() {
            if !bad.contains(&field) {
                bad.push(field);
            }
        }
        if bad.is_empty() {
            Ok(r)
        } else {
            Err(bad)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_forms_round_trip_and_refuse_bad_tables() {
        for r in [
            Rules::for_country("RU"),
            Rules::for_country("CN"),
            Rules::for_country("KZ"),
        ] {
            assert_eq!(RulesForm::from_rules(&r).check(), Ok(r));
        }
        let mut f = RulesForm::from_rules(&Rules::for_country("RU"));
        f.cn_ects = "1,25".into();
        f.own_grades = "5 5 4 3 3".into();
        let r = f.check().expect("valid");
        assert_eq!(
            (r.credit.cn_permille, r.own_grades),
            (1250, [5, 5, 4, 3, 3])
        );
        f.cn_bands = "90, 85, 75".into();
        f.own_grades = "3, 4, 5, 5, 5".into();
        f.zet_hours = "many".into();
        f.scale = "ten".into();
        assert_eq!(
            f.check(),
            Err(vec!["scale", "zet_hours", "cn_bands", "own_grades"])
        );
    }
}
