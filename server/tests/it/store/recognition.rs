//! The recognition store: conversion rules by version, transcripts, and grades this build
//! cannot read.
use super::agreements::course;
use super::World;
use crate::applications::exec;
use crate::common::TestApp;
use crate::on_both_backends;
use app::domain::agreement::Side;
use app::domain::recognition::{Grade, Rules};
use app::domain::recognition_plan::Line;
use app::server::store::{agreements, recognition, StoreError, Tx};

on_both_backends!(
    rules_start_from_the_country_defaults_and_count_versions,
    rules_that_no_longer_parse_are_an_error,
    a_transcript_line_is_entered_corrected_and_read_back,
    a_grade_this_version_does_not_know_is_an_error,
);

async fn rules_start_from_the_country_defaults_and_count_versions(app: TestApp) {
    let w = World::new(&app).await;
    let (version, rules) = recognition::rules(&app.db, w.home).await.expect("rules");
    assert_eq!(version, 0);
    assert_eq!(rules, Rules::for_country("RU"));
    let mut tx = app.db.begin().await.expect("begin");
    let v1 = recognition::save_rules(&mut tx, w.home, &rules, None, 1)
        .await
        .expect("save");
    let v2 = recognition::save_rules(&mut tx, w.home, &rules, None, 2)
        .await
        .expect("save");
    let (seen, _) = recognition::rules(&mut tx, w.home).await.expect("rules");
    tx.commit().await.expect("commit");
    assert_eq!((v1, v2, seen), (1, 2, 2));
    let versions = recognition::rule_versions(&app.db, w.home)
        .await
        .expect("versions");
    assert_eq!(versions.iter().map(|v| v.0).collect::<Vec<_>>(), [2, 1]);
}

async fn rules_that_no_longer_parse_are_an_error(app: TestApp) {
    let w = World::new(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    recognition::save_rules(&mut tx, w.home, &Rules::for_country("RU"), None, 1)
        .await
        .expect("save");
    tx.commit().await.expect("commit");
    exec(&app, "UPDATE conversion_rules SET body = '{\"scale\": 42}'").await;
    let read = recognition::rules(&app.db, w.home).await;
    assert!(
        matches!(
            read,
            Err(StoreError::Decode {
                column: "conversion_rules.body",
                ..
            })
        ),
        "the saved rules must not silently turn into the defaults: {read:?}"
    );
}

/// Version 1 of application `id`'s agreement with one host course, CARD-1; its component id.
async fn one_host_course(tx: &mut Tx, w: &World, id: i64) -> i64 {
    let v1 = agreements::open_version(tx, id, 1, w.student, 10)
        .await
        .expect("open");
    agreements::add_component(tx, v1, &course(Side::Host, 1, "CARD-1"))
        .await
        .expect("add");
    agreements::components(&mut *tx, v1).await.expect("list")[0].id
}

async fn a_transcript_line_is_entered_corrected_and_read_back(app: TestApp) {
    let w = World::new(&app).await;
    let id = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    let component = one_host_course(&mut tx, &w, id).await;
    assert!(!recognition::has_transcript(&mut tx, id).await.expect("has"));
    for grade in [Grade::Ru5(4), Grade::Ru5(5)] {
        let line = Line {
            code: "CARD-1".into(),
            grade,
            credits_centi: 300,
            hours: 90,
            percentile: Some(20),
        };
        recognition::put_line(&mut tx, id, component, &line, w.student, 11)
            .await
            .expect("put");
    }
    assert!(recognition::has_transcript(&mut tx, id).await.expect("has"));
    tx.commit().await.expect("commit");
    let lines = recognition::transcript(&app.db, id).await.expect("read");
    assert_eq!(lines.len(), 1, "the second entry corrects the first");
    assert_eq!(lines[0].grade, Grade::Ru5(5));
    assert_eq!(lines[0].percentile, Some(20));
}

async fn a_grade_this_version_does_not_know_is_an_error(app: TestApp) {
    let w = World::new(&app).await;
    let id = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    let component = one_host_course(&mut tx, &w, id).await;
    let line = Line {
        code: "CARD-1".into(),
        grade: Grade::Pass(true),
        credits_centi: 300,
        hours: 90,
        percentile: None,
    };
    recognition::put_line(&mut tx, id, component, &line, w.student, 11)
        .await
        .expect("put");
    tx.commit().await.expect("commit");
    assert_eq!(
        recognition::transcript(&app.db, id)
            .await
            .expect("read")
            .len(),
        1
    );
    exec(&app, "UPDATE transcript_rows SET grade = 'gpa:3.7'").await;
    let read = recognition::transcript(&app.db, id).await;
    assert!(
        matches!(read, Err(StoreError::Decode { ref value, .. }) if value == "gpa:3.7"),
        "{read:?}"
    );
}
