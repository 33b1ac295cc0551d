//! The coordinators' queues: which side, the filter (a shareable GET query), a page of lines with
//! its counts per state and choices, and the rank a home coordinator gives a nominee.
use super::application::{Action, State};
use super::validation::Problem;
use serde::{Deserialize, Serialize};

/// Lines per page of a queue.
pub const QUEUE_PAGE: i64 = 50;

/// Which of a coordinator's queues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// Applicants of my university.
    Outgoing,
    /// Nominees to my university's opportunities.
    Incoming,
}

impl Side {
    pub const fn code(self) -> &'static str {
        match self {
            Side::Outgoing => "outgoing",
            Side::Incoming => "incoming",
        }
    }

    pub fn parse(code: &str) -> Option<Side> {
        [Side::Outgoing, Side::Incoming]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// The states a queue lists (a draft is the applicant's until submitted). The incoming
    /// queue lists the outgoing one's states from the nomination on.
    pub fn states(self) -> &'static [State] {
        use State as S;
        // A draft here was returned to the applicant for changes.
        const OUTGOING: &[State] = &[
            S::Draft,
            S::Submitted,
            S::Nominated,
            S::Waitlisted,
            S::Accepted,
            S::Confirmed,
            S::InMobility,
            S::Completed,
            S::Rejected,
            S::Declined,
            S::Withdrawn,
        ];
        match self {
            Side::Outgoing => OUTGOING,
            Side::Incoming => &OUTGOING[2..],
        }
    }

    /// The moves a coordinator can make on many applications of this queue at once.
    pub fn bulk_actions(self) -> &'static [Action] {
        match self {
            Side::Outgoing => &[Action::Nominate, Action::Reject, Action::ReturnForChanges],
            Side::Incoming => &[Action::Accept, Action::Waitlist, Action::Reject],
        }
    }
}

/// A queue's filter, from its GET form (shareable URLs).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFilter {
    pub opportunity: Option<i64>,
    pub state: Option<State>,
    pub level: Option<String>,
    pub q: String,
    /// Oldest first (the order work arrived) instead of newest first.
    pub oldest: bool,
    /// Keyset cursor: the last id of the previous page.
    pub after: Option<i64>,
}

impl QueueFilter {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> QueueFilter {
        let nonempty = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        QueueFilter {
            opportunity: nonempty("opportunity").and_then(|v| v.parse().ok()),
            state: nonempty("state").and_then(|v| State::parse(&v)),
            level: nonempty("level"),
            q: nonempty("q").unwrap_or_default(),
            oldest: nonempty("sort").as_deref() == Some("oldest"),
            after: nonempty("after").and_then(|v| v.parse().ok()),
        }
    }

    /// The query string of this filter (without the cursor), for links and the CSV export.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(o) = self.opportunity {
            parts.push(format!("opportunity={o}"));
        }
        if let Some(s) = self.state {
            parts.push(format!("state={}", s.code()));
        }
        if let Some(l) = &self.level {
            parts.push(format!("level={}", urlencode(l)));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", urlencode(&self.q)));
        }
        if self.oldest {
            parts.push("sort=oldest".into());
        }
        parts.join("&")
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One line of a queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    pub id: i64,
    pub applicant_name: String,
    pub applicant_email: String,
    pub home_name: String,
    pub host_name: String,
    pub opportunity_id: i64,
    pub opportunity_title: String,
    pub level: String,
    pub state: State,
    pub submitted_at: Option<i64>,
    pub waiting_since: i64,
    pub rank: Option<i64>,
}

/// A page of a queue with its counts per state and the choices of its filter form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub side: Side,
    pub filter: QueueFilter,
    pub lines: Vec<QueueLine>,
    /// The cursor of the next page.
    pub next: Option<i64>,
    pub counts: Vec<(State, i64)>,
    pub opportunities: Vec<(i64, String)>,
}

/// An integer typed by a person, e.g. a rank.
pub fn parse_rank(s: &str) -> Result<Option<i64>, Problem> {
    match s.trim() {
        "" => Ok(None),
        s => match s.parse::<i64>() {
            Ok(n) if (1..=9999).contains(&n) => Ok(Some(n)),
            Ok(_) => Err(Problem::TooSmall),
            Err(_) => Err(Problem::Malformed),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_filters_round_trip_through_their_query() {
        let f = QueueFilter {
            opportunity: Some(3),
            state: Some(State::Nominated),
            level: Some("master".into()),
            q: "Ли Вэй".into(),
            oldest: true,
            after: None,
        };
        let q = f.query();
        let pairs: Vec<(String, String)> = q
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let back = QueueFilter::from_query(|k| {
            pairs.iter().find(|(pk, _)| pk == k).map(|(_, v)| {
                // decode %XX
                let bytes = v.as_bytes();
                let mut out = Vec::new();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i] == b'%' {
                        out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap_or(0));
                        i += 3;
                    } else {
                        out.push(bytes[i]);
                        i += 1;
                    }
                }
                String::from_utf8(out).unwrap_or_default()
            })
        });
        assert_eq!(back, f);
        assert_eq!(parse_rank(""), Ok(None));
        assert_eq!(parse_rank("0"), Err(Problem::TooSmall));
        assert_eq!(parse_rank("2"), Ok(Some(2)));
    }
}
