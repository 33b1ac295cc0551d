//! The learning agreement: host components mapped to the home components they replace
//! (one-to-one, many-to-one, one-to-many: components of one *group* replace each other),
//! versions approved by three parties, the differences between two versions, and the totals
//! per side. Pure; the store keeps versions, the services decide who may do what.
use super::recognition::{ects_tenths, parse_centi, Rules, Scheme};
use super::validation::{without_bidi_controls, FieldError, Problem};
use serde::{Deserialize, Serialize};

/// Which university's course a component is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    Host,
    Home,
}

impl Side {
    pub const fn code(self) -> &'static str {
        match self {
            Side::Host => "host",
            Side::Home => "home",
        }
    }

    pub fn parse(code: &str) -> Option<Side> {
        [Side::Host, Side::Home]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One course of the agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub id: i64,
    pub side: Side,
    /// Components of one group replace each other.
    pub grp: i64,
    pub code: String,
    pub title: String,
    pub term: String,
    pub scheme: Scheme,
    pub credits_centi: i64,
    pub hours: i64,
    pub provisional: bool,
}

pub const CODE_MAX: usize = 40;
pub const TITLE_MAX: usize = 200;
pub const TERM_MAX: usize = 40;
pub const GROUP_MAX: i64 = 99;

/// A component as typed into the form (`c[code]`, …); all text so a bad value comes back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComponentForm {
    pub side: String,
    pub grp: String,
    pub code: String,
    pub title: String,
    pub term: String,
    pub scheme: String,
    pub credits: String,
    pub hours: String,
    pub provisional: Option<String>,
    /// Why it is added, from the second version on.
    pub reason: String,
}

impl ComponentForm {
    /// The component, or every field that is wrong.
    pub fn check(&self) -> Result<Component, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, p: Problem| errors.push(FieldError::new(field, p));
        let side = Side::parse(&self.side);
        if side.is_none() {
            bad("side", Problem::ChooseOne);
        }
        let grp = self
            .grp
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|g| (1..=GROUP_MAX).contains(g));
        if grp.is_none() {
            bad("grp", Problem::Malformed);
        }
        for (field, value, max) in [
            ("code", &self.code, CODE_MAX),
            ("title", &self.title, TITLE_MAX),
            ("term", &self.term, TERM_MAX),
        ] {
            let v = value.trim();
            if v.is_empty() && field != "term" {
                bad(field, Problem::Required);
            } else if v.chars().count() > max {
                bad(field, Problem::TooLong);
            }
        }
        let scheme = Scheme::parse(&self.scheme);
        if scheme.is_none() {
            bad("scheme", Problem::ChooseOne);
        }
        let credits = parse_centi(&self.credits).filter(|c| *c > 0);
        if credits.is_none() {
            bad("credits", Problem::Malformed);
        }
        let hours = if self.hours.trim().is_empty() {
            Some(0)
        } else {
            self.hours
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|h| (0..=2000).contains(h))
        };
        if hours.is_none() {
            bad("hours", Problem::Malformed);
        }
        match (side, grp, scheme, credits, hours) {
            (Some(side), Some(grp), Some(scheme), Some(credits_centi), Some(hours))
                if errors.is_empty() =>
            {
                Ok(Component {
                    id: 0,
                    side,
                    grp,
                    code: without_bidi_controls(&self.code).trim().to_string(),
                    title: without_bidi_controls(&self.title).trim().to_string(),
                    term: without_bidi_controls(&self.term).trim().to_string(),
                    scheme,
                    credits_centi,
                    hours,
                    provisional: self.provisional.as_deref().is_some_and(|v| !v.is_empty()),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The totals of one side: per scheme as entered, and all of it in ECTS and in the home
/// university's scheme (through its rules).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub per_scheme: Vec<(Scheme, i64)>,
    pub ects_tenths: i64,
    pub home_centi: i64,
}

pub fn totals(components: &[Component], side: Side, rules: &Rules) -> Totals {
    let mine: Vec<&Component> = components.iter().filter(|c| c.side == side).collect();
    let per_scheme = Scheme::ALL
        .into_iter()
        .filter_map(|s| {
            let sum: i64 = mine
                .iter()
                .filter(|c| c.scheme == s)
                .map(|c| c.credits_centi)
                .sum();
            (sum > 0).then_some((s, sum))
        })
        .collect();
    let exact: i64 = mine
        .iter()
        .map(|c| rules.credit.to_ects_exact(c.scheme, c.credits_centi))
        .sum();
    Totals {
        per_scheme,
        ects_tenths: ects_tenths(exact),
        home_centi: rules.credit.from_ects_exact(rules.scheme, exact),
    }
}

/// Groups with a component on one side only: the agreement cannot be approved with them.
pub fn unmatched_groups(components: &[Component]) -> Vec<i64> {
    let mut groups: Vec<i64> = components.iter().map(|c| c.grp).collect();
    groups.sort_unstable();
    groups.dedup();
    groups
        .into_iter()
        .filter(|g| {
            let has = |s: Side| components.iter().any(|c| c.grp == *g && c.side == s);
            !(has(Side::Host) && has(Side::Home))
        })
        .collect()
}

/// What changed from one version to another, per component (side and code identify it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Added {
        component: Component,
        reason: String,
    },
    Removed {
        component: Component,
        reason: String,
    },
    Changed {
        before: Component,
        after: Component,
    },
}

/// A recorded reason: (side, code, added?, reason).
pub type ChangeReason = (Side, String, bool, String);

pub fn diff(old: &[Component], new: &[Component], reasons: &[ChangeReason]) -> Vec<Change> {
    let key = |c: &Component| (c.side, c.code.clone());
    let reason = |c: &Component, added: bool| {
        reasons
            .iter()
            .rev()
            .find(|(s, code, a, _)| *s == c.side && *code == c.code && *a == added)
            .map(|r| r.3.clone())
            .unwrap_or_default()
    };
    let same = |a: &Component, b: &Component| {
        (
            a.grp,
            &a.title,
            &a.term,
            a.scheme,
            a.credits_centi,
            a.hours,
            a.provisional,
        ) == (
            b.grp,
            &b.title,
            &b.term,
            b.scheme,
            b.credits_centi,
            b.hours,
            b.provisional,
        )
    };
    let mut out = Vec::new();
    for c in old {
        match new.iter().find(|n| key(n) == key(c)) {
            None => out.push(Change::Removed {
                component: c.clone(),
                reason: reason(c, false),
            }),
            Some(n) if !same(c, n) => out.push(Change::Changed {
                before: c.clone(),
                after: n.clone(),
            }),
            Some(_) => {}
        }
    }
    for n in new {
        if !old.iter().any(|c| key(c) == key(n)) {
            out.push(Change::Added {
                component: n.clone(),
                reason: reason(n, true),
            });
        }
    }
    out
}

/// Who approves: the three parties of an agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Approver {
    Applicant,
    Home,
    Host,
}

impl Approver {
    pub const ALL: [Approver; 3] = [Approver::Applicant, Approver::Home, Approver::Host];

    pub const fn code(self) -> &'static str {
        match self {
            Approver::Applicant => "applicant",
            Approver::Home => "home",
            Approver::Host => "host",
        }
    }

    pub fn parse(code: &str) -> Option<Approver> {
        Approver::ALL.into_iter().find(|a| a.code() == code)
    }

    pub const fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Approver::Applicant => Key::LaApplicant,
            Approver::Home => Key::LaHomeCoordinator,
            Approver::Host => Key::LaHostCoordinator,
        }
    }

    /// The approver an application party signs as.
    pub fn of(party: crate::domain::application::Party) -> Option<Approver> {
        use crate::domain::application::Party;
        match party {
            Party::Applicant => Some(Approver::Applicant),
            Party::HomeCoordinator => Some(Approver::Home),
            Party::HostCoordinator => Some(Approver::Host),
            _ => None,
        }
    }
}

/// One approval: who, as which party, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub approver: Approver,
    pub name: String,
    pub email: String,
    pub at: i64,
}

/// One version of the agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub id: i64,
    pub number: i64,
    pub created_at: i64,
    pub approved_at: Option<i64>,
    pub components: Vec<Component>,
    pub approvals: Vec<Approval>,
    pub reasons: Vec<ChangeReason>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::recognition::Scale;

    fn comp(side: Side, grp: i64, code: &str, scheme: Scheme, centi: i64) -> Component {
        Component {
            id: 0,
            side,
            grp,
            code: code.into(),
            title: format!("Course {code}"),
            term: "2026/27-1".into(),
            scheme,
            credits_centi: centi,
            hours: 48,
            provisional: false,
        }
    }

    #[test]
    fn the_form_refuses_each_bad_field() {
        let good = ComponentForm {
            side: "host".into(),
            grp: "1".into(),
            code: "PHYS-201".into(),
            title: "Physiology".into(),
            term: "2026 autumn".into(),
            scheme: "cn".into(),
            credits: "3".into(),
            hours: "48".into(),
            provisional: Some("on".into()),
            reason: String::new(),
        };
        let c = good.check().expect("valid");
        assert_eq!(
            (c.credits_centi, c.scheme, c.provisional),
            (300, Scheme::Cn, true)
        );
        let bad = ComponentForm {
            side: "both".into(),
            grp: "0".into(),
            code: " ".into(),
            title: "x".repeat(TITLE_MAX + 1),
            scheme: "ects2".into(),
            credits: "0".into(),
            hours: "-3".into(),
            ..good
        };
        let fields: Vec<String> = match bad.check() {
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
            Ok(c) => panic!("accepted {c:?}"),
        };
        assert_eq!(
            fields,
            ["side", "grp", "code", "title", "scheme", "credits", "hours"]
        );
    }

    #[test]
    fn totals_per_side_in_every_scheme() {
        let rules = Rules::defaults(Scheme::Zet, Scale::Ru5);
        let cs = vec![
            comp(Side::Host, 1, "PHYS-201", Scheme::Cn, 300),
            comp(Side::Host, 1, "PHYS-202", Scheme::Cn, 100),
            comp(Side::Home, 1, "Ф-12", Scheme::Zet, 500),
            comp(Side::Home, 2, "Б-3", Scheme::Zet, 200),
        ];
        let host = totals(&cs, Side::Host, &rules);
        assert_eq!(host.per_scheme, vec![(Scheme::Cn, 400)]);
        assert_eq!((host.ects_tenths, host.home_centi), (60, 600));
        let home = totals(&cs, Side::Home, &rules);
        assert_eq!((home.ects_tenths, home.home_centi), (70, 700));
        assert_eq!(unmatched_groups(&cs), vec![2]);
    }

    #[test]
    fn differences_between_versions_carry_their_reasons() {
        let a = comp(Side::Host, 1, "A", Scheme::Cn, 300);
        let b = comp(Side::Host, 1, "B", Scheme::Cn, 200);
        let mut a2 = a.clone();
        a2.credits_centi = 400;
        let c = comp(Side::Home, 1, "C", Scheme::Zet, 400);
        let reasons = vec![
            (
                Side::Host,
                "B".to_string(),
                false,
                "not offered this term".to_string(),
            ),
            (Side::Home, "C".to_string(), true, "replaces B".to_string()),
        ];
        let d = diff(&[a.clone(), b.clone()], &[a2.clone(), c.clone()], &reasons);
        assert_eq!(
            d,
            vec![
                Change::Changed {
                    before: a,
                    after: a2
                },
                Change::Removed {
                    component: b,
                    reason: "not offered this term".into()
                },
                Change::Added {
                    component: c,
                    reason: "replaces B".into()
                },
            ]
        );
    }
}
