//! The demo applications of `server seed --demo`: at least one in every state of the workflow,
//! so each demo account has something to do — a draft to finish, nominations to make or
//! answer, an offer to confirm — and the timelines, documents and inboxes look lived in.
//! Idempotent: each application carries a seed key.
use crate::seed::SeedError;
use crate::seed_queries;
use app::domain::application::{Action, State};
use app::server::store::applications::documents::{self, NewDocument};
use app::server::store::applications::{self as store, NewApplication, NewEvent};
use app::server::store::Db;

/// (key, applicant e-mail, opportunity seed key, state, reason).
const APPLICATIONS: &[(&str, &str, &str, State, &str)] = &[
    (
        "a1",
        "student.sechenov@demo.test",
        "hmu-summer-clinical",
        State::Nominated,
        "",
    ),
    (
        "a2",
        "student.hmu@demo.test",
        "tjutcm-summer-tcm",
        State::Submitted,
        "",
    ),
    (
        "a3",
        "student.hmu@demo.test",
        "pacific-summer-marine",
        State::Accepted,
        "",
    ),
    (
        "a4",
        "student.sechenov@demo.test",
        "cmu-clerkship-internal",
        State::Draft,
        "",
    ),
    (
        "a5",
        "student.sechenov@demo.test",
        "bashgmu-clerkship-surgery",
        State::Rejected,
        "Квота университета на эту стажировку уже исчерпана.",
    ),
    (
        "a6",
        "faculty.hmu@demo.test",
        "rudn-faculty-teaching",
        State::Confirmed,
        "",
    ),
    (
        "a7",
        "faculty.hmu@demo.test",
        "fudan-research-visit",
        State::Waitlisted,
        "All places are provisionally taken; we will write if one frees.",
    ),
    (
        "a8",
        "student.sechenov@demo.test",
        "xiangya-joint-medicine",
        State::InMobility,
        "",
    ),
    (
        "a9",
        "student.sechenov@demo.test",
        "nwsmu-clerkship-dentistry",
        State::Completed,
        "",
    ),
    (
        "a10",
        "student.hmu@demo.test",
        "pkuhsc-joint-public-health",
        State::Declined,
        "",
    ),
    (
        "a11",
        "student.sechenov@demo.test",
        "tjutcm-summer-tcm",
        State::Withdrawn,
        "Я выбрал другую программу.",
    ),
    (
        "a12",
        "student.rudn@demo.test",
        "bucm-summer-tcm",
        State::Nominated,
        "",
    ),
    // Learning agreements and recognition (`demo_recognition`), between universities that
    // have demo coordinators to approve them: a draft agreement, an approved one, one changed
    // after approval, a transcript entered, a mobility recognised.
    (
        "a13",
        "student.sechenov@demo.test",
        "pkuhsc-joint-public-health",
        State::Confirmed,
        "",
    ),
    (
        "a14",
        "faculty.hmu@demo.test",
        "sechenov-winter-translational",
        State::Confirmed,
        "",
    ),
    (
        "a15",
        "student.hmu@demo.test",
        "sechenov-clerkship-therapy",
        State::InMobility,
        "",
    ),
    (
        "a18",
        "student.hmu@demo.test",
        "sechenov-winter-translational",
        State::Confirmed,
        "",
    ),
    (
        "a19",
        "student.sechenov@demo.test",
        "hmu-clerkship-surgery",
        State::Completed,
        "",
    ),
    // Confirmed semesters with no learning agreement yet: the next step is the student's.
    (
        "a16",
        "student.hmu@demo.test",
        "sechenov-joint-semester",
        State::Confirmed,
        "",
    ),
    (
        "a17",
        "student.sechenov@demo.test",
        "hmu-joint-semester",
        State::Confirmed,
        "",
    ),
];

/// The moves that bring a draft to `state`, each with who makes it.
fn path(state: State) -> Vec<(Action, State)> {
    use Action as A;
    use State as S;
    let forward = [
        (A::Submit, S::Submitted),
        (A::Nominate, S::Nominated),
        (A::Accept, S::Accepted),
        (A::Confirm, S::Confirmed),
        (A::Start, S::InMobility),
        (A::Complete, S::Completed),
    ];
    let upto = |s: S| {
        let n = forward
            .iter()
            .position(|(_, to)| *to == s)
            .map_or(0, |i| i + 1);
        forward[..n].to_vec()
    };
    match state {
        S::Draft => Vec::new(),
        S::Rejected => [upto(S::Submitted), vec![(A::Reject, S::Rejected)]].concat(),
        S::Waitlisted => [upto(S::Nominated), vec![(A::Waitlist, S::Waitlisted)]].concat(),
        S::Declined => [upto(S::Accepted), vec![(A::Decline, S::Declined)]].concat(),
        S::Withdrawn => [upto(S::Submitted), vec![(A::Withdraw, S::Withdrawn)]].concat(),
        s => upto(s),
    }
}

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

pub async fn seed(db: &Db) -> Result<usize, SeedError> {
    let now = chrono::Utc::now().timestamp();
    let mut created = 0;
    for (i, (key, email, opportunity, state, reason)) in APPLICATIONS.iter().enumerate() {
        let Some(facts) =
            seed_queries::demo_facts(db, email, &format!("demo:{opportunity}")).await?
        else {
            return Err(SeedError::Demo(format!(
                "{key}: unknown {email} or {opportunity}"
            )));
        };
        let seed_queries::DemoFacts {
            applicant,
            home,
            opportunity: opp,
            host,
            alliance,
            name,
        } = facts;
        let seed_key = format!("demo-application:{key}");
        let search = format!("{name} {email}").to_lowercase();
        // Older applications first: each step a day apart, ending a few days ago.
        let steps = path(*state);
        let start = now - 86_400 * (steps.len() as i64 + 3 + i as i64);
        let mut tx = db.begin().await?;
        let Some(id) = store::insert(
            &mut tx,
            &NewApplication {
                opportunity_id: opp,
                applicant_id: applicant,
                home_university_id: home,
                host_university_id: host,
                alliance_id: alliance,
                level: "",
                search_text: &search,
                seed_key: Some(&seed_key),
            },
            start,
        )
        .await?
        else {
            continue;
        };
        let motivation = "I want to learn how this clinic works and bring its practice home: \
            rotations, teaching rounds and research seminars.";
        seed_queries::fill_form(&mut tx, id, motivation).await?;
        if *state != State::Draft {
            documents::put(
                &mut tx,
                &NewDocument {
                    application_id: id,
                    kind: "cv",
                    file_name: "cv.pdf",
                    content_type: "application/pdf",
                    sha256: "",
                    storage_key: &format!("demo-{key}-cv"),
                    uploaded_by: applicant,
                },
                PDF,
                start,
            )
            .await?;
        }
        let mut from = State::Draft;
        for (n, (action, to)) in steps.iter().enumerate() {
            let at = start + 86_400 * (n as i64 + 1);
            let actor = match action {
                Action::Submit | Action::Confirm | Action::Decline | Action::Withdraw => {
                    Some(applicant)
                }
                Action::Nominate | Action::Reject if n == 1 => {
                    seed_queries::a_coordinator(&mut tx, home).await?
                }
                Action::Complete => seed_queries::a_coordinator(&mut tx, home).await?,
                _ => seed_queries::a_coordinator(&mut tx, host).await?,
            };
            let body = if action.needs_reason() { *reason } else { "" };
            store::add_event(
                &mut tx,
                &NewEvent {
                    application_id: id,
                    actor_id: actor,
                    kind: "move",
                    action: Some(*action),
                    from: Some(from),
                    to: Some(*to),
                    body,
                },
                at,
            )
            .await?;
            let fx = store::MoveEffects {
                reason: (!body.is_empty()).then_some(body),
                offer_expires_at: (*to == State::Accepted).then_some(at + 14 * 86_400),
            };
            store::set_state(&mut tx, id, from, *to, &fx, at).await?;
            if *to == State::Accepted && *state == State::Accepted {
                store::notify(&mut tx, applicant, id, "accept", at).await?;
            }
            from = *to;
        }
        tx.commit().await?;
        created += 1;
    }
    Ok(created)
}
