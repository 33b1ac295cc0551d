//! Mobility statistics: the counters every rollup keeps, the dashboard's filters (a GET query,
//! so every view has a shareable URL), what the dashboard and the annual report show, and the
//! arithmetic on them (rates, percentiles from day histograms, year-over-year change).
//!
//! The academic year runs from September to August; a mobility belongs to the year in which its
//! opportunity starts, written by its first calendar year (2025 = 2025/26).
use crate::domain::account::Level;
use crate::domain::application::State;
use crate::domain::opportunity::Kind;
use serde::{Deserialize, Serialize};

/// The academic year of an ISO date (`2025-09-01` → 2025, `2026-08-31` → 2025).
pub fn academic_year(date: &str) -> Option<i64> {
    let year: i64 = date.get(0..4)?.parse().ok()?;
    let month: u32 = date.get(5..7)?.parse().ok()?;
    Some(if month >= 9 { year } else { year - 1 })
}

/// `2025` → `2025/26`.
pub fn year_label(year: i64) -> String {
    format!("{year}/{:02}", (year + 1).rem_euclid(100))
}

/// The states a submitted application can be in (all but a draft), in the order of the
/// counters' columns.
pub const STATES: &[State] = State::ALL.split_at(1).1;

/// The counter columns of every rollup table, in [`Counters::values`] order.
pub const COUNTER_COLUMNS: [&str; 13] = [
    "applications",
    "nominated",
    "accepted",
    "s_submitted",
    "s_nominated",
    "s_waitlisted",
    "s_accepted",
    "s_confirmed",
    "s_in_mobility",
    "s_completed",
    "s_rejected",
    "s_declined",
    "s_withdrawn",
];

/// What a set of applications adds up to: how many were submitted, nominated and accepted at
/// least once, and how many are in each state now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub applications: i64,
    pub nominated: i64,
    pub accepted: i64,
    pub states: [i64; 10],
}

impl Counters {
    /// From the 13 columns in [`COUNTER_COLUMNS`] order.
    pub fn from_values(v: &[i64]) -> Counters {
        let at = |i: usize| v.get(i).copied().unwrap_or(0);
        let mut states = [0; 10];
        for (i, s) in states.iter_mut().enumerate() {
            *s = at(3 + i);
        }
        Counters {
            applications: at(0),
            nominated: at(1),
            accepted: at(2),
            states,
        }
    }

    pub fn values(&self) -> [i64; 13] {
        let mut v = [0; 13];
        v[0] = self.applications;
        v[1] = self.nominated;
        v[2] = self.accepted;
        v[3..].copy_from_slice(&self.states);
        v
    }

    /// One application as it stands: nothing before its first submission.
    pub fn of(state: State, submitted: bool, nominated: bool, accepted: bool) -> Counters {
        let mut c = Counters::default();
        if !submitted {
            return c;
        }
        c.applications = 1;
        c.nominated = i64::from(nominated);
        c.accepted = i64::from(accepted);
        if let Some(i) = STATES.iter().position(|s| *s == state) {
            c.states[i] = 1;
        }
        c
    }

    pub fn add(&mut self, o: &Counters) {
        self.applications += o.applications;
        self.nominated += o.nominated;
        self.accepted += o.accepted;
        for (a, b) in self.states.iter_mut().zip(o.states) {
            *a += b;
        }
    }

    pub fn minus(&self, o: &Counters) -> Counters {
        let mut d = *self;
        d.applications -= o.applications;
        d.nominated -= o.nominated;
        d.accepted -= o.accepted;
        for (a, b) in d.states.iter_mut().zip(o.states) {
            *a -= b;
        }
        d
    }

    pub fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }

    pub fn in_state(&self, s: State) -> i64 {
        STATES
            .iter()
            .position(|x| *x == s)
            .map_or(0, |i| self.states[i])
    }

    /// Mobilities: places confirmed, running or completed.
    pub fn mobilities(&self) -> i64 {
        self.in_state(State::Confirmed)
            + self.in_state(State::InMobility)
            + self.in_state(State::Completed)
    }

    /// Share of nominations the host accepted, in tenths of a percent; `None` without any.
    pub fn acceptance_permille(&self) -> Option<i64> {
        (self.nominated > 0).then(|| (self.accepted * 1000 + self.nominated / 2) / self.nominated)
    }
}

/// `123` ‰ → `12.3 %`.
pub fn percent(permille: Option<i64>) -> String {
    permille.map_or_else(|| "—".to_string(), |p| format!("{}.{} %", p / 10, p % 10))
}

/// The nearest-rank percentile `p` (1–100) of a histogram of (value, count), sorted by value.
pub fn percentile(hist: &[(i64, i64)], p: i64) -> Option<i64> {
    let total: i64 = hist.iter().map(|(_, n)| n).sum();
    if total <= 0 {
        return None;
    }
    let rank = (total * p + 99) / 100;
    let mut seen = 0;
    for (value, n) in hist {
        seen += n;
        if seen >= rank.max(1) {
            return Some(*value);
        }
    }
    hist.last().map(|(v, _)| *v)
}

/// Whole days, capped: the histograms count 0 … 59 days one by one and 60 or more together (a
/// percentile of 60 reads "60 or more").
pub const DAYS_CAP: i64 = 60;

/// Days as the tables show them: `60+` for the cap.
pub fn days_text(days: i64) -> String {
    if days >= DAYS_CAP {
        format!("{DAYS_CAP}+")
    } else {
        days.to_string()
    }
}

pub fn days_between(from: i64, to: i64) -> i64 {
    ((to - from).max(0) / 86_400).min(DAYS_CAP)
}

/// The dashboard's filters, as in its GET query. On the wire (server functions, JSON) they are
/// the query's strings, read back through [`Filters::from_query`]: a wrong value is ignored as it
/// is in a URL, never an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "FilterQuery", into = "FilterQuery")]
pub struct Filters {
    /// An alliance's slug.
    pub alliance: Option<String>,
    /// A university's id: its coordinators' view, or staff's drill-down.
    pub university: Option<i64>,
    /// Academic years, inclusive.
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub kind: Option<Kind>,
    pub level: Option<Level>,
    /// Home and host country (ISO 3166 alpha-2).
    pub home: Option<String>,
    pub host: Option<String>,
}

/// [`Filters`] as strings.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FilterQuery {
    #[serde(default)]
    alliance: Option<String>,
    #[serde(default)]
    university: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    home: Option<String>,
    #[serde(default)]
    host: Option<String>,
}

impl From<FilterQuery> for Filters {
    fn from(q: FilterQuery) -> Filters {
        Filters::from_query(|k| match k {
            "alliance" => q.alliance.clone(),
            "university" => q.university.clone(),
            "from" => q.from.clone(),
            "to" => q.to.clone(),
            "kind" => q.kind.clone(),
            "level" => q.level.clone(),
            "home" => q.home.clone(),
            "host" => q.host.clone(),
            _ => None,
        })
    }
}

impl From<Filters> for FilterQuery {
    fn from(f: Filters) -> FilterQuery {
        FilterQuery {
            alliance: f.get("alliance"),
            university: f.get("university"),
            from: f.get("from"),
            to: f.get("to"),
            kind: f.get("kind"),
            level: f.get("level"),
            home: f.get("home"),
            host: f.get("host"),
        }
    }
}

const QUERY_KEYS: [&str; 8] = [
    "alliance",
    "university",
    "from",
    "to",
    "kind",
    "level",
    "home",
    "host",
];

impl Filters {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Filters {
        let text = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let year = |k: &str| {
            text(k)
                .and_then(|v| v.get(0..4).and_then(|y| y.parse::<i64>().ok()))
                .filter(|y| (2000..=2100).contains(y))
        };
        let country = |k: &str| {
            text(k)
                .filter(|c| c.len() == 2 && c.chars().all(|c| c.is_ascii_alphabetic()))
                .map(|c| c.to_ascii_uppercase())
        };
        let mut f = Filters {
            alliance: text("alliance").filter(|a| {
                a.len() <= 40
                    && a.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            }),
            university: text("university").and_then(|u| u.parse().ok()),
            from: year("from"),
            to: year("to"),
            kind: text("kind").and_then(|k| Kind::parse(&k)),
            level: text("level").and_then(|l| Level::parse(&l).ok()),
            home: country("home"),
            host: country("host"),
        };
        if let (Some(a), Some(b)) = (f.from, f.to) {
            if a > b {
                (f.from, f.to) = (Some(b), Some(a));
            }
        }
        f
    }

    /// The query string of these filters (`alliance=asrmu&from=2024…`), without `?`.
    pub fn to_query(&self) -> String {
        QUERY_KEYS
            .iter()
            .filter_map(|k| {
                self.get(k)
                    .map(|v| format!("{k}={}", crate::url::encode(&v)))
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    fn get(&self, key: &str) -> Option<String> {
        match key {
            "alliance" => self.alliance.clone(),
            "university" => self.university.map(|u| u.to_string()),
            "from" => self.from.map(|y| y.to_string()),
            "to" => self.to.map(|y| y.to_string()),
            "kind" => self.kind.map(|k| k.code().to_string()),
            "level" => self.level.map(|l| l.code().to_string()),
            "home" => self.home.clone(),
            "host" => self.host.clone(),
            _ => None,
        }
    }

    /// The academic years the filters select, given the default (the current one).
    pub fn years(&self, current: i64) -> (i64, i64) {
        match (self.from, self.to) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, a.max(current)),
            (None, Some(b)) => (b, b),
            (None, None) => (current, current),
        }
    }
}

/// Whose figures: a whole alliance (its staff), or one university within one alliance or all
/// of its alliances (its coordinators; staff drilling down).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub alliance_id: Option<i64>,
    pub alliance_slug: Option<String>,
    pub alliance_name: Option<String>,
    pub university_id: Option<i64>,
    pub university_name: Option<String>,
}

/// One row of a breakdown: a key (a year, a kind's code, a level's code, a state's code) and
/// its counters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub key: String,
    pub counters: Counters,
}

/// Home country → host country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub home: String,
    pub host: String,
    pub counters: Counters,
}

/// A university's outgoing and incoming applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniversityRow {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub outgoing: Counters,
    pub incoming: Counters,
}

impl UniversityRow {
    /// Incoming minus outgoing mobilities.
    pub fn balance(&self) -> i64 {
        self.incoming.mobilities() - self.outgoing.mobilities()
    }
}

/// One university to another (the drill-down of a country pair, a coordinator's partners).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairRow {
    pub home_id: i64,
    pub home: String,
    pub host_id: i64,
    pub host: String,
    pub counters: Counters,
}

/// An opportunity's applications and its acceptance rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityRow {
    pub id: i64,
    pub title: String,
    pub host: String,
    pub counters: Counters,
}

/// Median and 90th percentile of whole days, and how many answers they are of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timing {
    pub median: i64,
    pub p90: i64,
    pub count: i64,
}

impl Timing {
    pub fn of(hist: &[(i64, i64)]) -> Option<Timing> {
        Some(Timing {
            median: percentile(hist, 50)?,
            p90: percentile(hist, 90)?,
            count: hist.iter().map(|(_, n)| n).sum(),
        })
    }
}

/// How fast a university answered: home coordinators nominating, host coordinators accepting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimingRow {
    pub id: i64,
    pub name: String,
    pub nominate: Option<Timing>,
    pub accept: Option<Timing>,
}

/// Everything the dashboard shows for one scope and set of filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub scope: Scope,
    pub filters: Filters,
    /// The academic years shown.
    pub years: (i64, i64),
    /// Years that have applications in this scope (for the filter), newest first.
    pub available_years: Vec<i64>,
    /// The alliances the viewer may choose (slug, name).
    pub alliances: Vec<(String, String)>,
    pub totals: Counters,
    /// Every year (the trend ignores the year filter).
    pub trend: Vec<Row>,
    /// Mobilities per (year, kind): the bars.
    pub kinds_by_year: Vec<(i64, String, i64)>,
    pub by_kind: Vec<Row>,
    pub by_level: Vec<Row>,
    pub flows: Vec<Flow>,
    pub universities: Vec<UniversityRow>,
    /// University to university: a staff member's drill-down (`home` and `host` set) or a
    /// coordinator's partners; the largest first, at most [`PAIRS_SHOWN`].
    pub pairs: Vec<PairRow>,
    /// The opportunities with the most applications, at most [`OPPORTUNITIES_SHOWN`] (the CSV
    /// has them all).
    pub opportunities: Vec<OpportunityRow>,
    pub timings: Vec<TimingRow>,
}

pub const PAIRS_SHOWN: usize = 30;
pub const OPPORTUNITIES_SHOWN: usize = 20;

impl Dashboard {
    /// Counts per state, for the status table.
    pub fn by_state(&self) -> Vec<(State, i64)> {
        STATES
            .iter()
            .map(|s| (*s, self.totals.in_state(*s)))
            .collect()
    }

    /// Counters per home country and per host country.
    pub fn by_country(&self) -> (Vec<Row>, Vec<Row>) {
        let mut home: Vec<Row> = Vec::new();
        let mut host: Vec<Row> = Vec::new();
        for f in &self.flows {
            bump(&mut home, &f.home, &f.counters);
            bump(&mut host, &f.host, &f.counters);
        }
        let by_size = |v: &mut Vec<Row>| {
            v.sort_by(|a, b| {
                b.counters
                    .applications
                    .cmp(&a.counters.applications)
                    .then(a.key.cmp(&b.key))
            })
        };
        by_size(&mut home);
        by_size(&mut host);
        (home, host)
    }
}

fn bump(rows: &mut Vec<Row>, key: &str, c: &Counters) {
    match rows.iter_mut().find(|r| r.key == key) {
        Some(r) => r.counters.add(c),
        None => rows.push(Row {
            key: key.to_string(),
            counters: *c,
        }),
    }
}

/// Change from last year to this one, in tenths of a percent; `None` when last year had none.
pub fn change_permille(this: i64, last: i64) -> Option<i64> {
    (last > 0).then(|| ((this - last) * 1000) / last)
}

/// `+12.5 %`, `−3.0 %`, `—`.
pub fn signed_percent(permille: Option<i64>) -> String {
    match permille {
        None => "—".to_string(),
        Some(p) if p < 0 => format!("−{}.{} %", -p / 10, -p % 10),
        Some(p) => format!("+{}.{} %", p / 10, p % 10),
    }
}

/// What a breakdown's keys are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakdown {
    Year,
    Kind,
    Level,
    Country,
}

/// A breakdown key as a person reads it: `2025/26`, a kind's or level's name, a country's.
pub fn key_label(l: crate::i18n::Locale, by: Breakdown, key: &str) -> String {
    match by {
        Breakdown::Year => key.parse().map_or_else(|_| key.to_string(), year_label),
        Breakdown::Kind => {
            Kind::parse(key).map_or_else(|| key.to_string(), |k| l.text(k.label()).to_string())
        }
        Breakdown::Level => {
            Level::parse(key).map_or_else(|_| key.to_string(), |v| l.text(v.label()).to_string())
        }
        Breakdown::Country => crate::domain::country::country_name(l, key),
    }
}

/// The annual report: one academic year of one alliance beside the year before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub year: i64,
    pub this: Dashboard,
    pub last: Dashboard,
    pub generated_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn academic_years_start_in_september() {
        assert_eq!(academic_year("2025-09-01"), Some(2025));
        assert_eq!(academic_year("2026-08-31"), Some(2025));
        assert_eq!(academic_year("2026-01-15"), Some(2025));
        assert_eq!(academic_year("2025-08-31"), Some(2024));
        assert_eq!(academic_year("bad"), None);
        assert_eq!(year_label(2025), "2025/26");
        assert_eq!(year_label(2099), "2099/00");
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[(3, 1)], 50), Some(3));
        // 1,2,3,4 → median rank 2 = 2; p90 rank 4 = 4.
        let h = [(1, 1), (2, 1), (3, 1), (4, 1)];
        assert_eq!(percentile(&h, 50), Some(2));
        assert_eq!(percentile(&h, 90), Some(4));
        // 10 answers: nine on day 0, one on day 30 → median 0, p90 rank 9 = 0, p100 = 30.
        let h = [(0, 9), (30, 1)];
        assert_eq!(percentile(&h, 50), Some(0));
        assert_eq!(percentile(&h, 90), Some(0));
        assert_eq!(percentile(&h, 100), Some(30));
        assert_eq!(days_between(0, 86_399), 0);
        assert_eq!(days_between(0, 86_400 * 3 + 5), 3);
        assert_eq!(days_between(0, 86_400 * 1000), DAYS_CAP);
        assert_eq!(days_between(10, 0), 0);
    }

    #[test]
    fn counters_follow_one_application() {
        assert!(Counters::of(State::Draft, false, false, false).is_zero());
        let c = Counters::of(State::Completed, true, true, true);
        assert_eq!((c.applications, c.nominated, c.accepted), (1, 1, 1));
        assert_eq!(c.mobilities(), 1);
        let r = Counters::of(State::Rejected, true, true, false);
        let d = c.minus(&r);
        assert_eq!(d.accepted, 1);
        assert_eq!(d.in_state(State::Rejected), -1);
        assert_eq!(Counters::from_values(&c.values()), c);
        let mut both = c;
        both.add(&r);
        assert_eq!(both.acceptance_permille(), Some(500));
        assert_eq!(percent(both.acceptance_permille()), "50.0 %");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn filters_round_trip_through_the_query() {
        let q = [
            ("alliance", "asrmu"),
            ("from", "2025"),
            ("to", "2023/24"),
            ("kind", "summer_school"),
            ("level", "master"),
            ("home", "ru"),
            ("host", "CHN"),
            ("university", "x"),
        ];
        let get = |k: &str| q.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
        let f = Filters::from_query(get);
        assert_eq!(f.alliance.as_deref(), Some("asrmu"));
        assert_eq!(
            (f.from, f.to),
            (Some(2023), Some(2025)),
            "swapped into order"
        );
        assert_eq!(f.kind, Some(Kind::SummerSchool));
        assert_eq!(f.level, Some(Level::Master));
        assert_eq!(f.home.as_deref(), Some("RU"));
        assert_eq!(f.host, None, "three letters are not a country code");
        assert_eq!(f.university, None);
        let back = Filters::from_query(|k| {
            f.to_query()
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(str::to_string))
        });
        assert_eq!(back, f);
        assert_eq!(f.years(2026), (2023, 2025));

        assert_eq!(Filters::default().years(2026), (2026, 2026));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn filters_travel_as_the_query_strings() {
        let f = Filters {
            kind: Some(Kind::SummerSchool),
            from: Some(2024),
            ..Filters::default()
        };
        let json = serde_json::to_value(&f).expect("json");
        assert_eq!(json["kind"], "summer_school", "codes on the wire");
        assert_eq!(serde_json::from_value::<Filters>(json).expect("filters"), f);
        let wrong: Filters =
            serde_json::from_str(r#"{"kind":"party","from":"20x"}"#).expect("lenient");
        assert_eq!(wrong, Filters::default());
    }

    #[test]
    fn change_is_signed() {
        assert_eq!(change_permille(120, 100), Some(200));
        assert_eq!(signed_percent(change_permille(120, 100)), "+20.0 %");
        assert_eq!(signed_percent(change_permille(97, 100)), "−3.0 %");
        assert_eq!(signed_percent(change_permille(5, 0)), "—");
    }
}
