//! What the account, sign-in and administration pages show: the signed-in user, roles,
//! the account list, invitations, the data export. Re-exported by `domain::account`.
use super::account::Level;
use serde::{Deserialize, Serialize};

/// The signed-in user as the page header needs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    /// May open `/admin` (administrator or current staff).
    pub administration: bool,
    /// May manage opportunities (coordinator or current staff).
    pub manage: bool,
    /// Has review queues (a coordinator).
    pub review: bool,
    /// Unread notifications.
    pub unread: i64,
    /// Staff: their alliance's inbox (slug) and its open messages.
    pub messages: Option<(String, i64)>,
}

/// One role on the account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleView {
    pub role: super::access::Role,
    /// The university or alliance, in the reader's language.
    pub scope: String,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    /// In term and (if needed) backed by a second factor.
    pub in_effect: bool,
    /// Waiting for the user to turn on the second factor.
    pub needs_second_factor: bool,
}

/// The account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub email: String,
    pub name_latin: String,
    pub name_native: String,
    pub home_university_id: Option<i64>,
    pub level: Option<Level>,
    pub locale: String,
    pub totp_enabled: bool,
    pub roles: Vec<RoleView>,
}

/// What happened at the password step of signing in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoginStep {
    SignedIn,
    /// The account uses TOTP: ask for the code.
    SecondFactor,
}

/// A TOTP secret to enter into an authenticator app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    pub secret: String,
    pub url: String,
    /// The `otpauth://` link as a QR code image (`data:` URL).
    pub qr: Option<String>,
}

/// One line of the account list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLine {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub disabled: bool,
    pub verified: bool,
}

/// A page of accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<UserLine>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

/// An invitation as its recipient sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub role: super::access::Role,
    pub scope: String,
    /// An account with this address exists: sign in as it to accept.
    pub account_exists: bool,
}

/// What the administration page may offer this actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminScope {
    pub invite_staff: bool,
    pub manage_accounts: bool,
    /// Whether the actor edits the member directory (`/admin/directory`).
    pub edit_directory: bool,
    /// (id, name) of alliances the actor may invite staff to (all, for administrators).
    pub alliances: Vec<(i64, String)>,
    /// (id, name) of universities the actor may invite coordinators of.
    pub universities: Vec<(i64, String)>,
}

/// One audit event in the data export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedEvent {
    pub at: i64,
    pub action: String,
    pub address: Option<String>,
}

/// Everything the platform keeps about the user (so far: the account and its audit trail).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub account: AccountView,
    pub created_at: i64,
    pub events: Vec<ExportedEvent>,
}

/// One role in force, in the administrator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantLine {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: super::access::Role,
    pub scope: String,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
}
