//! A typed client over the server functions the workflow tests call, so a test reads as the
//! steps people take (`app.decide(&home, id, Action::Nominate)`), and a fixture that brings an
//! application to a given state the way its parties would.
use crate::common::{json, RoleSpec, TestApp, UserSpec};
use app::domain::access::Role;
use app::domain::application::Action;
use serde_json::Value;

/// A server function's answer: the HTTP status and the JSON body.
pub type Answer = (u16, Value);

impl TestApp {
    /// `decide_application` as `who`.
    pub async fn decide(&self, who: &reqwest::Client, id: i64, action: Action) -> Answer {
        self.decide_because(who, id, action, None).await
    }

    /// `decide_application` as `who`, with the reason the applicant reads.
    pub async fn decide_because(
        &self,
        who: &reqwest::Client,
        id: i64,
        action: Action,
        reason: Option<&str>,
    ) -> Answer {
        let id = id.to_string();
        let mut form = vec![("id", id.as_str()), ("action", action.code())];
        if let Some(r) = reason {
            form.push(("reason", r));
        }
        json(self.call(who, "decide_application", &form).await).await
    }

    /// The application page as `who` sees it (404 for someone who may not know it exists).
    pub async fn application_page(&self, who: &reqwest::Client, id: i64) -> Answer {
        let id = id.to_string();
        json(self.call(who, "application_page", &[("id", &id)]).await).await
    }

    /// `start_application` as `who`: the draft's id, the same on a second start.
    pub async fn start_application(&self, who: &reqwest::Client, opportunity: i64) -> Answer {
        let opportunity = opportunity.to_string();
        json(
            self.call(
                who,
                "start_application",
                &[("opportunity_id", &opportunity)],
            )
            .await,
        )
        .await
    }

    /// Saves a draft's form (`f[…]` fields) as `who`.
    pub async fn save_application(
        &self,
        who: &reqwest::Client,
        id: i64,
        fields: &[(&str, &str)],
    ) -> Answer {
        let id = id.to_string();
        let mut form = vec![("id", id.as_str())];
        form.extend_from_slice(fields);
        json(self.call(who, "save_application", &form).await).await
    }

    /// A new account with `roles`, signed in: its cookie-keeping client.
    pub async fn signed_in(
        &self,
        email: &str,
        university: Option<&'static str>,
        roles: Vec<RoleSpec>,
        totp: Option<&str>,
    ) -> reqwest::Client {
        self.create_user(&UserSpec {
            email: email.into(),
            university,
            roles,
            totp_secret: totp.map(str::to_string),
            unverified: false,
        })
        .await;
        let c = self.session();
        self.sign_in(&c, email, totp).await;
        c
    }
}

pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
pub const STAFF_TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The parties of an application to Sechenov's summer school from a student of Harbin Medical
/// University, with a bystander coordinator (BUCM) and ASRMU staff, each signed in.
pub struct Parties {
    pub host: reqwest::Client,
    pub home: reqwest::Client,
    pub other: reqwest::Client,
    pub staff: reqwest::Client,
    pub student: reqwest::Client,
    pub opportunity: i64,
}

impl Parties {
    pub async fn new(app: &TestApp) -> Parties {
        let coordinator = |slug: &'static str| vec![(Role::Coordinator, slug, None)];
        let host = app
            .signed_in(
                "coord@sechenov.test",
                Some("sechenov"),
                coordinator("sechenov"),
                None,
            )
            .await;
        let home = app
            .signed_in("coord@hmu.test", Some("hmu"), coordinator("hmu"), None)
            .await;
        let other = app
            .signed_in("coord@bucm.test", Some("bucm"), coordinator("bucm"), None)
            .await;
        let staff = app
            .signed_in(
                "staff@asrmu.test",
                None,
                vec![(Role::Staff, "asrmu", None)],
                Some(STAFF_TOTP),
            )
            .await;
        let student = app
            .signed_in("student@hmu.test", Some("hmu"), vec![], None)
            .await;
        let opportunity = crate::applications::opportunity(app, &host, 5).await;
        Parties {
            host,
            home,
            other,
            staff,
            student,
            opportunity,
        }
    }

    /// The student's draft, its form filled in and a CV uploaded.
    pub async fn complete_draft(&self, app: &TestApp) -> i64 {
        let (status, id) = app.start_application(&self.student, self.opportunity).await;
        assert_eq!(status, 200, "{id}");
        let id = id.as_i64().expect("id");
        let (status, body) = app
            .save_application(
                &self.student,
                id,
                &[
                    (
                        "f[motivation]",
                        "Я хочу изучать кардиологию в клиниках Сеченовского университета.",
                    ),
                    ("f[level]", "master"),
                    ("f[year_of_study]", "2"),
                    ("f[languages][ru]", "B2"),
                ],
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let (status, location) =
            crate::applications::upload(app, &self.student, id, "cv", "cv.pdf", PDF.to_vec()).await;
        assert_eq!((status, location.contains("uploaded=cv")), (303, true));
        id
    }

    /// An application taken through `steps` (each by the party whose move it is) from a
    /// complete draft.
    pub async fn application(&self, app: &TestApp, steps: &[Action]) -> i64 {
        let id = self.complete_draft(app).await;
        for action in steps {
            let who = match action {
                Action::Submit | Action::Confirm | Action::Decline | Action::Withdraw => {
                    &self.student
                }
                Action::Nominate | Action::Complete => &self.home,
                _ => &self.host,
            };
            let (status, body) = app.decide(who, id, *action).await;
            assert_eq!(status, 200, "{action:?}: {body}");
        }
        id
    }
}
