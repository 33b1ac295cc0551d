//! The agreements store: versions, components, approvals by each party once.
use super::World;
use crate::common::TestApp;
use crate::on_both_backends;
use app::domain::agreement::{Approver, Component, Side};
use app::domain::recognition::Scheme;
use app::server::store::agreements;

on_both_backends!(
    a_version_gathers_its_components_approvals_and_reasons,
    each_party_approves_a_version_once,
);

pub(crate) fn course(side: Side, grp: i64, code: &str) -> Component {
    Component {
        id: 0,
        side,
        grp,
        code: code.into(),
        title: format!("Course {code}"),
        term: "2027 summer".into(),
        scheme: Scheme::Ects,
        credits_centi: 300,
        hours: 90,
        provisional: false,
    }
}

async fn a_version_gathers_its_components_approvals_and_reasons(app: TestApp) {
    let w = World::new(&app).await;
    let id = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    let v1 = agreements::open_version(&mut tx, id, 1, w.student, 10)
        .await
        .expect("open");
    assert!(
        agreements::add_component(&mut tx, v1, &course(Side::Host, 1, "CARD-1"))
            .await
            .expect("add")
    );
    assert!(
        agreements::add_component(&mut tx, v1, &course(Side::Home, 1, "KARD-1"))
            .await
            .expect("add")
    );
    assert!(
        !agreements::add_component(&mut tx, v1, &course(Side::Host, 2, "CARD-1"))
            .await
            .expect("add"),
        "a side has each code once"
    );
    agreements::add_reason(&mut tx, v1, Side::Host, "CARD-1", true, "the core course")
        .await
        .expect("reason");
    let head = agreements::current(&mut tx, id)
        .await
        .expect("current")
        .expect("a version");
    assert_eq!((head.id, head.number, head.approved_at), (v1, 1, None));
    let components = agreements::components(&mut tx, v1).await.expect("list");
    tx.commit().await.expect("commit");
    assert_eq!(components.len(), 2);
    let versions = agreements::versions(&app.db, id).await.expect("versions");
    assert_eq!(versions.len(), 1);
    let v = &versions[0];
    assert_eq!(v.number, 1);
    // Host components first within a group.
    let codes: Vec<&str> = v.components.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["CARD-1", "KARD-1"]);
    assert_eq!(v.components[0].scheme, Scheme::Ects);
    assert_eq!(
        v.reasons,
        [(
            Side::Host,
            "CARD-1".to_string(),
            true,
            "the core course".to_string()
        )]
    );
    // The same components read outside the transaction.
    assert_eq!(
        agreements::components(&app.db, v1).await.expect("list"),
        components
    );
}

async fn each_party_approves_a_version_once(app: TestApp) {
    let w = World::new(&app).await;
    let id = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    let v1 = agreements::open_version(&mut tx, id, 1, w.student, 10)
        .await
        .expect("open");
    let who = ("Test User", "student@sechenov.test");
    let first = agreements::approve(&mut tx, v1, Approver::Applicant, w.student, who, 11)
        .await
        .expect("approve");
    let again = agreements::approve(&mut tx, v1, Approver::Applicant, w.student, who, 12)
        .await
        .expect("approve");
    let home = agreements::approve(&mut tx, v1, Approver::Home, w.student, who, 13)
        .await
        .expect("approve");
    assert_eq!((first, again, home), (Some(1), None, Some(2)));
    let mut parties = agreements::approvers(&mut tx, v1).await.expect("approvers");
    parties.sort_by_key(|p| p.code());
    assert_eq!(parties, [Approver::Applicant, Approver::Home]);
    agreements::clear_approvals(&mut tx, v1)
        .await
        .expect("clear");
    assert!(agreements::approvers(&mut tx, v1)
        .await
        .expect("approvers")
        .is_empty());
    tx.commit().await.expect("commit");
}
