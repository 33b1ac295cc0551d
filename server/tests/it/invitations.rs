//! Invitations: staff invite a coordinator of their alliance's university, the invitee accepts
//! from the e-mail and holds the role; links are single-use; a staff role waits for TOTP.
use crate::common::{json, TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

async fn staff_invite_a_coordinator_who_accepts_once(app: TestApp) {
    let today = chrono::Utc::now().date_naive();
    let term = Some((
        (today - chrono::Days::new(10)).to_string(),
        (today + chrono::Days::new(300)).to_string(),
    ));
    app.create_user(&UserSpec {
        email: "staff@asrmu.test".into(),
        roles: vec![(Role::Staff, "asrmu", term)],
        totp_secret: Some(SECRET.into()),
        ..Default::default()
    })
    .await;
    let staff = app.session();
    app.sign_in(&staff, "staff@asrmu.test", Some(SECRET)).await;
    let hmu = app.university_id("hmu").await.to_string();
    let res = app
        .call(
            &staff,
            "invite",
            &[
                ("email", "New.Coordinator@hmu.test"),
                ("role", "coordinator"),
                ("university_id", &hmu),
                ("locale", "ru"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);

    let mail = app
        .mail
        .wait_for("new.coordinator@hmu.test", 1)
        .await
        .remove(0);
    assert_eq!(mail.subject, "Приглашение в Alliance Mobility");
    assert!(
        mail.text.contains("Harbin Medical University"),
        "{}",
        mail.text
    );
    let token = mail.token("/invitation?token=").expect("link");

    let invitee = app.session();
    let (s, view) = json(app.call(&invitee, "invitation", &[("token", &token)]).await).await;
    assert_eq!(s, 200);
    assert_eq!(view["role"], "Coordinator");
    assert_eq!(view["account_exists"], false);
    let (s, _) = json(
        app.call(
            &invitee,
            "accept_invitation",
            &[
                ("token", &token),
                ("name_latin", "Wang Lei"),
                ("password", "short"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        s, 400,
        "a bad password creates nothing and keeps the invitation open"
    );
    let res = app
        .call(
            &invitee,
            "accept_invitation",
            &[
                ("token", &token),
                ("name_latin", "Wang Lei"),
                ("name_native", "王磊"),
                ("password", "a long new phrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, account) = json(app.call(&invitee, "my_account", &[]).await).await;
    assert_eq!(account["email"], "new.coordinator@hmu.test");
    assert_eq!(account["roles"][0]["role"], "Coordinator");
    assert_eq!(account["roles"][0]["in_effect"], true);

    let (s, _) = json(
        app.call(
            &app.session(),
            "accept_invitation",
            &[
                ("token", &token),
                ("name_latin", "Someone Else"),
                ("password", "another long phrase"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(s, 400, "single use");
    assert_eq!(
        app.call(&app.session(), "invitation", &[("token", &token)])
            .await
            .status(),
        404
    );

    // Staff cannot invite outside their alliance: SCO-only members are refused.
    let ids = app.ids().await;
    let members = app::server::store::directory::memberships(&app.db)
        .await
        .expect("members");
    let (asrmu, sco) = (ids["alliance:asrmu"], ids["alliance:sco"]);
    let sco_only = members
        .iter()
        .filter(|(a, _)| *a == sco)
        .map(|(_, u)| *u)
        .find(|u| !members.contains(&(asrmu, *u)))
        .expect("a university only in SCO");
    let res = app
        .call(
            &staff,
            "invite",
            &[
                ("email", "x@sco.test"),
                ("role", "coordinator"),
                ("university_id", &sco_only.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
}

async fn an_invited_staff_member_needs_totp_before_the_role_counts(app: TestApp) {
    app.create_user(&UserSpec {
        email: "root@admin.test".into(),
        roles: vec![(Role::Admin, "", None)],
        totp_secret: Some(SECRET.into()),
        ..Default::default()
    })
    .await;
    let admin = app.session();
    app.sign_in(&admin, "root@admin.test", Some(SECRET)).await;
    let sco = app.ids().await["alliance:sco"].to_string();
    let (s, b) = json(
        app.call(
            &admin,
            "invite",
            &[
                ("email", "secretary@sco.test"),
                ("role", "staff"),
                ("alliance_id", &sco),
                ("term_start", "2027-01-01"),
                ("term_end", "2026-01-01"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(s, 400, "term ends before it starts: {b}");
    let res = app
        .call(
            &admin,
            "invite",
            &[
                ("email", "secretary@sco.test"),
                ("role", "staff"),
                ("alliance_id", &sco),
                ("term_start", "2026-01-01"),
                ("term_end", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let token = app.mail.wait_for("secretary@sco.test", 1).await[0]
        .token("/invitation?token=")
        .expect("link");

    // The address already has an account: accepting needs that account signed in.
    app.create_user(&UserSpec {
        email: "secretary@sco.test".into(),
        ..Default::default()
    })
    .await;
    let someone = app.session();
    assert_eq!(
        app.call(&someone, "accept_invitation", &[("token", &token)])
            .await
            .status(),
        401
    );
    let secretary = app.session();
    app.sign_in(&secretary, "secretary@sco.test", None).await;
    assert_eq!(
        app.call(&secretary, "accept_invitation", &[("token", &token)])
            .await
            .status(),
        200
    );
    let (_, account) = json(app.call(&secretary, "my_account", &[]).await).await;
    assert_eq!(account["roles"][0]["role"], "Staff");
    assert_eq!(account["roles"][0]["needs_second_factor"], true);
    assert_eq!(
        app.call(&secretary, "administration", &[]).await.status(),
        403,
        "not before TOTP"
    );

    app.call(&secretary, "begin_totp", &[]).await;
    let (_, setup) = json(app.call(&secretary, "pending_totp_setup", &[]).await).await;
    let secret = setup["secret"].as_str().expect("secret").to_string();
    let code =
        app::server::auth::totp::code_at(&secret, chrono::Utc::now().timestamp()).expect("code");
    assert_eq!(
        app.call(&secretary, "enable_totp", &[("code", &code)])
            .await
            .status(),
        200
    );
    assert_eq!(
        app.call(&secretary, "administration", &[]).await.status(),
        200,
        "with TOTP the role counts"
    );
}

on_both_backends!(
    staff_invite_a_coordinator_who_accepts_once,
    an_invited_staff_member_needs_totp_before_the_role_counts,
    an_administrator_revokes_a_role,
);

/// An administrator revokes a coordinator's role; it stops counting at the holder's next
/// request. The administrator cannot revoke their own administrator role.
async fn an_administrator_revokes_a_role(app: TestApp) {
    app.create_user(&UserSpec {
        email: "root@admin.test".into(),
        roles: vec![(Role::Admin, "", None)],
        totp_secret: Some(SECRET.into()),
        ..Default::default()
    })
    .await;
    let coordinator = app
        .create_user(&UserSpec {
            email: "coord@hmu.test".into(),
            university: Some("hmu"),
            roles: vec![(Role::Coordinator, "hmu", None)],
            ..Default::default()
        })
        .await;
    let (admin, coord) = (app.session(), app.session());
    app.sign_in(&admin, "root@admin.test", Some(SECRET)).await;
    app.sign_in(&coord, "coord@hmu.test", None).await;
    let (_, before) = json(app.call(&coord, "my_account", &[]).await).await;
    assert_eq!(before["roles"].as_array().map(Vec::len), Some(1));

    let (s, roles) = json(app.call(&admin, "list_roles", &[]).await).await;
    assert_eq!(s, 200);
    let list = roles.as_array().expect("list");
    let find = |email: &str| {
        list.iter()
            .find(|g| g["email"] == email)
            .and_then(|g| g["id"].as_i64())
            .expect("grant")
    };
    let (coord_grant, own_grant) = (
        find("coord@hmu.test").to_string(),
        find("root@admin.test").to_string(),
    );
    assert!(list.iter().any(|g| g["email"] == "coord@hmu.test"
        && g["scope"].as_str().is_some_and(|s| s.contains("Harbin"))));

    assert_eq!(
        app.call(
            &admin,
            "revoke_role",
            &[("grant_id", &own_grant), ("confirm", "on")]
        )
        .await
        .status(),
        400
    );
    assert_eq!(
        app.call(&admin, "revoke_role", &[("grant_id", &coord_grant)])
            .await
            .status(),
        400,
        "confirmation box"
    );
    assert_eq!(
        app.call(
            &admin,
            "revoke_role",
            &[("grant_id", &coord_grant), ("confirm", "on")]
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.call(
            &admin,
            "revoke_role",
            &[("grant_id", &coord_grant), ("confirm", "on")]
        )
        .await
        .status(),
        404,
        "already revoked"
    );
    let (_, after) = json(app.call(&coord, "my_account", &[]).await).await;
    assert_eq!(after["roles"].as_array().map(Vec::len), Some(0));
    let events = app::server::store::audit::for_user(&app.db, coordinator, 20)
        .await
        .expect("audit");
    assert!(events
        .iter()
        .any(|e| e.action == "role.revoked" && e.detail == coord_grant));
}
