//! Demo learning agreements and recognition of `server seed --demo`: one mobility at each
//! stage — an agreement being drafted, one approved, one changed after approval, a transcript
//! entered, and a mobility recognised with its record. Idempotent: an application that already
//! has an agreement is left alone.
use crate::seed::SeedError;
use crate::seed_queries;
use app::domain::agreement::{Approver, Component, Side};
use app::domain::recognition::{Grade, Scheme};
use app::domain::recognition_plan::{propose, Line};
use app::server::store::agreements;
use app::server::store::applications as apps;
use app::server::store::recognition::{self as store, NewDecision};
use app::server::store::{Db, Tx};

/// How far a demo agreement goes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Draft,
    Approved,
    Changed,
    Transcript,
    Recognised,
}

/// (application seed key, stage, components: (side, group, code, title, scheme, credits in
/// hundredths, hours, provisional)).
type Course = (
    Side,
    i64,
    &'static str,
    &'static str,
    Scheme,
    i64,
    i64,
    bool,
);

const HOST: Side = Side::Host;
const HOME: Side = Side::Home;

const AGREEMENTS: &[(&str, Stage, &[Course])] = &[
    (
        "a13",
        Stage::Draft,
        &[
            (HOST, 1, "PH-501", "流行病学", Scheme::Cn, 300, 48, false),
            (HOST, 1, "PH-502", "卫生统计学", Scheme::Cn, 200, 32, false),
            (
                HOME,
                1,
                "Б1.О.21",
                "Эпидемиология",
                Scheme::Zet,
                700,
                252,
                false,
            ),
            (HOST, 2, "PH-510", "全球卫生", Scheme::Cn, 200, 32, true),
            (
                HOME,
                2,
                "Б1.В.05",
                "Общественное здоровье",
                Scheme::Zet,
                300,
                108,
                false,
            ),
        ],
    ),
    (
        "a14",
        Stage::Approved,
        &[
            (
                HOST,
                1,
                "ТМ-01",
                "Трансляционная медицина",
                Scheme::Zet,
                200,
                72,
                false,
            ),
            (HOME, 1, "HMU-TM1", "转化医学", Scheme::Cn, 150, 24, false),
        ],
    ),
    (
        "a18",
        Stage::Changed,
        &[
            (
                HOST,
                1,
                "ТМ-01",
                "Трансляционная медицина",
                Scheme::Zet,
                200,
                72,
                false,
            ),
            (
                HOST,
                1,
                "ТМ-02",
                "Биостатистика",
                Scheme::Zet,
                100,
                36,
                false,
            ),
            (HOME, 1, "HMU-TM1", "转化医学", Scheme::Cn, 200, 32, false),
        ],
    ),
    (
        "a15",
        Stage::Transcript,
        &[
            (
                HOST,
                1,
                "Б2.П.1",
                "Клиническая практика: терапия",
                Scheme::Zet,
                600,
                216,
                false,
            ),
            (HOME, 1, "HMU-CL-12", "内科见习", Scheme::Cn, 400, 64, false),
            (
                HOST,
                2,
                "Б2.П.2",
                "Неотложная помощь",
                Scheme::Zet,
                200,
                72,
                false,
            ),
            (
                HOME,
                2,
                "HMU-CL-15",
                "急诊医学见习",
                Scheme::Cn,
                150,
                24,
                false,
            ),
        ],
    ),
    (
        "a19",
        Stage::Recognised,
        &[
            (HOST, 1, "SUR-501", "外科学见习", Scheme::Cn, 600, 96, false),
            (
                HOME,
                1,
                "Б2.П.5",
                "Хирургическая практика",
                Scheme::Zet,
                900,
                324,
                false,
            ),
            (HOST, 2, "SUR-502", "麻醉学", Scheme::Cn, 200, 32, false),
            (
                HOME,
                2,
                "Б1.В.07",
                "Анестезиология",
                Scheme::Zet,
                300,
                108,
                false,
            ),
        ],
    ),
];

fn component(c: &Course) -> Component {
    Component {
        id: 0,
        side: c.0,
        grp: c.1,
        code: c.2.into(),
        title: c.3.into(),
        term: "2026/27".into(),
        scheme: c.4,
        credits_centi: c.5,
        hours: c.6,
        provisional: c.7,
    }
}

async fn approve_all(
    tx: &mut Tx,
    version: i64,
    parties: [(Approver, Option<i64>); 3],
    only: usize,
    at: i64,
) -> Result<(), SeedError> {
    for (approver, user) in parties.into_iter().take(only) {
        // An approval needs a person: every demo agreement is between universities with a
        // demo coordinator.
        let Some(user) = user else {
            return Err(SeedError::Demo(format!(
                "nobody to approve as {}",
                approver.code()
            )));
        };
        let who = apps::person(tx, user).await?.unwrap_or_default();
        agreements::approve(tx, version, approver, user, (&who.name, &who.email), at).await?;
    }
    if only == 3 {
        agreements::mark_approved(tx, version, at).await?;
    }
    Ok(())
}

/// Seeds the demo agreements; how many were new.
pub async fn seed(db: &Db) -> Result<usize, SeedError> {
    let now = chrono::Utc::now().timestamp();
    let day = 86_400;
    let mut created = 0;
    for (key, stage, courses) in AGREEMENTS {
        let Some(seed_queries::Seeded {
            id,
            applicant_id: applicant,
            home_university_id: home,
            host_university_id: host,
        }) = seed_queries::seeded_application(db, &format!("demo-application:{key}")).await?
        else {
            return Err(SeedError::Demo(format!("{key}: no such demo application")));
        };
        if !agreements::versions(db, id).await?.is_empty() {
            continue;
        }
        let mut tx = db.begin().await?;
        let home_coordinator = seed_queries::a_coordinator(&mut tx, home).await?;
        let host_coordinator = seed_queries::a_coordinator(&mut tx, host).await?;
        let parties = [
            (Approver::Applicant, Some(applicant)),
            (Approver::Home, home_coordinator),
            (Approver::Host, host_coordinator),
        ];
        let start = now - 20 * day;
        let v1 = agreements::open_version(&mut tx, id, 1, applicant, start).await?;
        let components: Vec<Component> = courses.iter().map(component).collect();
        for c in &components {
            agreements::add_component(&mut tx, v1, c).await?;
            let detail = format!("v1 {} {}", c.side.code(), c.code);
            store::add_event(
                &mut tx,
                id,
                Some(applicant),
                "component_added",
                &detail,
                start,
            )
            .await?;
        }
        let approvals = if *stage == Stage::Draft { 1 } else { 3 };
        approve_all(&mut tx, v1, parties, approvals, start + day).await?;
        if *stage == Stage::Changed {
            // The host moved ТМ-02 to the spring: ТМ-03 replaces it.
            let v2 = agreements::open_version(&mut tx, id, 2, applicant, start + 5 * day).await?;
            for c in components.iter().filter(|c| c.code != "ТМ-02") {
                agreements::add_component(&mut tx, v2, c).await?;
            }
            let new = component(&(
                HOST,
                1,
                "ТМ-03",
                "Клинические исследования",
                Scheme::Zet,
                100,
                36,
                false,
            ));
            agreements::add_component(&mut tx, v2, &new).await?;
            agreements::add_reason(
                &mut tx,
                v2,
                Side::Host,
                "ТМ-02",
                false,
                "Курс перенесён на весенний семестр.",
            )
            .await?;
            agreements::add_reason(
                &mut tx,
                v2,
                Side::Host,
                "ТМ-03",
                true,
                "Заменяет ТМ-02 по согласованию с кафедрой.",
            )
            .await?;
            store::add_event(
                &mut tx,
                id,
                Some(applicant),
                "version_opened",
                "v2",
                start + 5 * day,
            )
            .await?;
            approve_all(&mut tx, v2, parties, 1, start + 6 * day).await?;
        }
        if *stage >= Stage::Transcript {
            let entered = agreements::components(&mut tx, v1).await?;
            let lines = transcript(*stage, &entered);
            for (c, line) in entered.iter().filter(|c| c.side == Side::Host).zip(&lines) {
                store::put_line(
                    &mut tx,
                    id,
                    c.id,
                    line,
                    host_coordinator.unwrap_or(applicant),
                    start + 10 * day,
                )
                .await?;
            }
            store::add_event(
                &mut tx,
                id,
                host_coordinator,
                "transcript",
                "",
                start + 10 * day,
            )
            .await?;
            if *stage == Stage::Recognised {
                let (rule_version, rules) = store::rules(&mut tx, home).await?;
                for p in propose(&entered, &lines, &rules) {
                    let d = NewDecision::as_proposed(&p, home, rule_version);
                    store::decide(
                        &mut tx,
                        id,
                        &d,
                        home_coordinator.unwrap_or(applicant),
                        start + 12 * day,
                    )
                    .await?;
                }
                store::issue_record(&mut tx, id, "DEMO-2026-0009", start + 12 * day).await?;
            }
        }
        tx.commit().await?;
        created += 1;
    }
    Ok(created)
}

/// The demo transcript of the host components in `components`, in order.
fn transcript(stage: Stage, components: &[Component]) -> Vec<Line> {
    components
        .iter()
        .filter(|c| c.side == Side::Host)
        .enumerate()
        .map(|(i, c)| Line {
            code: c.code.clone(),
            grade: match (stage, i) {
                // HMU grades out of 100; Sechenov on the 5-point scale.
                (Stage::Recognised, 0) => Grade::Cn100(88),
                (Stage::Recognised, _) => Grade::Cn100(76),
                (_, 0) => Grade::Ru5(5),
                _ => Grade::Ru5(4),
            },
            credits_centi: c.credits_centi,
            hours: c.hours,
            percentile: None,
        })
        .collect()
}
