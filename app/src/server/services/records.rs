//! The transcript of records with its recognition: issued once every home component is decided,
//! printable, and verifiable by its code without signing in.
use super::agreements::heading;
use super::applications::seen;
use super::recognition::in_force;
use crate::domain::agreement::Side;
use crate::domain::agreement_view::{RecordHost, RecordLine, RecordView};
use crate::domain::application::Party;
use crate::domain::recognition_plan::Line;
use crate::server::auth::Ctx;
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::agreements;
use crate::server::store::applications as apps;
use crate::server::store::recognition::{self as store};

/// A verification code: 12 characters of an alphabet without look-alikes (60 bits), in
/// groups of four.
pub(super) fn verification_code() -> String {
    use rand::RngCore;
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut bytes = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The record of application `id` for one of its parties.
pub async fn record(state: &AppState, ctx: &Ctx, id: i64) -> Result<RecordView, ServiceError> {
    let (_, row, party) = seen(state, ctx, id).await?;
    debug_assert!(party != Party::Other);
    build_record(state, ctx, &row).await
}

/// The record a verification code belongs to, for anyone who has the code.
pub async fn verify(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
) -> Result<Option<RecordView>, ServiceError> {
    let code = code.trim().to_uppercase();
    if code.is_empty() || code.len() > 20 {
        return Ok(None);
    }
    let Some(id) = store::record_by_code(&state.db, &code).await? else {
        return Ok(None);
    };
    let row = apps::by_id(&state.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    build_record(state, ctx, &row).await.map(Some)
}

async fn build_record(
    state: &AppState,
    ctx: &Ctx,
    row: &apps::AppRow,
) -> Result<RecordView, ServiceError> {
    let (code, issued_at) = store::record_of(&state.db, row.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (heading, facts) = heading(state, ctx, row, Party::Other).await?;
    let version =
        in_force(agreements::versions(&state.db, row.id).await?).ok_or(ServiceError::NotFound)?;
    let lines = store::transcript(&state.db, row.id).await?;
    let decisions = store::decisions(&state.db, row.id).await?;
    let (_, rules) = store::rules(&state.db, row.home_university_id).await?;
    let record_lines: Vec<RecordLine> = version
        .components
        .iter()
        .filter(|c| c.side == Side::Home)
        .filter_map(|home| {
            let d = decisions.iter().find(|d| d.component_id == home.id)?;
            let hosts = version
                .components
                .iter()
                .filter(|c| c.side == Side::Host && c.grp == home.grp)
                .map(|h| {
                    let line: Option<&Line> = lines.iter().find(|l| l.code == h.code);
                    RecordHost {
                        code: h.code.clone(),
                        title: h.title.clone(),
                        grade: line.map(|l| l.grade),
                        credits_centi: line.map_or(0, |l| l.credits_centi),
                        scheme: h.scheme,
                    }
                })
                .collect();
            Some(RecordLine {
                home_code: home.code.clone(),
                home_title: home.title.clone(),
                hosts,
                recognised: d.recognised,
                grade: d.grade,
                credits_centi: d.credits_centi,
                scheme: d.scheme,
                note: d.note.clone(),
            })
        })
        .collect();
    Ok(RecordView {
        verify_url: format!(
            "{}/records/verify?code={code}",
            state.public_url.trim_end_matches('/')
        ),
        code,
        issued_at,
        application_id: row.id,
        applicant_name: heading.applicant_name,
        home_name: heading.home_name,
        host_name: heading.host_name,
        opportunity_title: heading.opportunity_title,
        starts_on: facts.starts_on,
        ends_on: facts.ends_on,
        agreement_version: version.number,
        rule_version: decisions.iter().map(|d| d.rule_version).max().unwrap_or(0),
        total_centi: record_lines
            .iter()
            .filter(|l| l.recognised)
            .map(|l| l.credits_centi)
            .sum(),
        scheme: rules.scheme,
        lines: record_lines,
    })
}
