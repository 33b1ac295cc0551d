//! What the directory pages show: alliances, their member universities and the figures.
//! Texts arrive already in the reader's language (English where a translation is missing): the
//! store picks the language, so pages carry one language, not three.
use serde::{Deserialize, Serialize};

/// An alliance as listed on the home page and `/alliances`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllianceSummary {
    pub slug: String,
    pub abbreviation: String,
    pub name: String,
    pub summary: String,
    /// ISO date, `YYYY-MM-DD`.
    pub founded_on: String,
    pub member_count: u32,
    pub country_count: u32,
}

/// The alliances with the figures of the whole network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub alliances: Vec<AllianceSummary>,
    /// Distinct universities across all alliances (a university in two alliances counts once).
    pub university_count: u32,
    pub country_count: u32,
    /// The countries of the current members (ISO codes), the most members first: the
    /// catalogue's country filter.
    pub countries: Vec<String>,
}

/// A university's name in English and in its own script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniversityRef {
    pub id: i64,
    pub name_en: String,
    pub name_native: Option<String>,
    /// BCP 47 tag of `name_native` (`zh-Hans`, `ru`, `fa`, …), for `lang` attributes.
    pub native_lang: Option<String>,
    pub country: String,
    pub city: String,
}

/// One alliance with its members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllianceDetail {
    pub summary: AllianceSummary,
    pub description: String,
    pub website: Option<String>,
    pub members: Vec<UniversityRef>,
}

impl AllianceDetail {
    /// Members grouped by country code, countries ordered by how many members they have
    /// (then by code), members by English name.
    pub fn members_by_country(&self) -> Vec<(String, Vec<UniversityRef>)> {
        let mut groups: Vec<(String, Vec<UniversityRef>)> = Vec::new();
        for m in &self.members {
            match groups.iter_mut().find(|(c, _)| *c == m.country) {
                Some((_, list)) => list.push(m.clone()),
                None => groups.push((m.country.clone(), vec![m.clone()])),
            }
        }
        for (_, list) in &mut groups {
            list.sort_by(|a, b| a.name_en.cmp(&b.name_en));
        }
        groups.sort_by(|(ca, la), (cb, lb)| lb.len().cmp(&la.len()).then(ca.cmp(cb)));
        groups
    }
}

/// An alliance a university belongs or belonged to, as shown on the university page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub slug: String,
    pub abbreviation: String,
    pub name: String,
    /// ISO dates; `left_on` is set once the university left.
    pub joined_on: Option<String>,
    pub left_on: Option<String>,
    pub founding: bool,
    pub council: bool,
    /// The name of its liaison secretary for this alliance.
    pub liaison: Option<String>,
}

/// One university with the alliances it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniversityDetail {
    pub university: UniversityRef,
    pub city_native: Option<String>,
    pub website: Option<String>,
    /// IANA time zone, when the secretariat gave it.
    pub time_zone: Option<String>,
    pub alliances: Vec<Membership>,
    /// The names of its current coordinators.
    pub coordinators: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uni(id: i64, name: &str, country: &str) -> UniversityRef {
        UniversityRef {
            id,
            name_en: name.into(),
            name_native: None,
            native_lang: None,
            country: country.into(),
            city: String::new(),
        }
    }

    #[test]
    fn groups_members_by_country_largest_first() {
        let detail = AllianceDetail {
            summary: AllianceSummary {
                slug: "x".into(),
                abbreviation: String::new(),
                name: String::new(),
                summary: String::new(),
                founded_on: "2020-01-01".into(),
                member_count: 4,
                country_count: 3,
            },
            description: String::new(),
            website: None,
            members: vec![
                uni(1, "Zeta", "RU"),
                uni(2, "Alpha", "IR"),
                uni(3, "Beta", "RU"),
                uni(4, "Gamma", "CN"),
            ],
        };
        let groups = detail.members_by_country();
        let countries: Vec<&str> = groups.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(countries, ["RU", "CN", "IR"]);
        let ru: Vec<&str> = groups[0].1.iter().map(|u| u.name_en.as_str()).collect();
        assert_eq!(ru, ["Beta", "Zeta"]);
    }
}
