//! The opportunity form: a stored opportunity as its form, the form checked into an
//! opportunity to write, and a refused form kept for the next page view.
use crate::domain::access::{self, Actor};
use crate::domain::dates;
use crate::domain::opportunity::Status;
use crate::domain::opportunity_form::{OpportunityForm, ValidOpportunity};
use crate::domain::publishing::by_language;
use crate::domain::validation::Problem;
use crate::i18n::Locale;
use crate::server::auth::{guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::opportunities::managed::ManagedRow;
use crate::server::store::opportunities::{NewOpportunity, Texts};

/// Session key of a form refused without JavaScript, shown again on the editor (`kept=1`).
pub const KEPT_FORM: &str = "kept.opportunity_form";

pub(super) fn default_zone(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "Asia/Shanghai",
        _ => "Europe/Moscow",
    }
}

pub(super) async fn kept_form(ctx: &Ctx, kept: bool) -> Option<OpportunityForm> {
    super::kept_form::kept(ctx, KEPT_FORM, kept).await
}

/// Keeps a refused form in the session so the editor shows it again after the redirect.
pub async fn keep_form(ctx: &Ctx, form: &OpportunityForm) {
    super::kept_form::keep(ctx, KEPT_FORM, form).await;
}

/// The stored opportunity as the editor's form (window in its time zone).
pub(super) fn form_of(row: &ManagedRow) -> OpportunityForm {
    let offset = dates::offset_minutes(&row.time_zone).unwrap_or(0);
    let set = |csv: &str| {
        csv.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| (x.to_string(), "1".to_string()))
            .collect()
    };
    OpportunityForm {
        host_university_id: row.host_university_id.to_string(),
        alliance_id: row.alliance_id.to_string(),
        kind: row.kind.code().to_string(),
        field_code: row.field_code.clone(),
        original_lang: row.original_lang.clone(),
        title: by_language([&row.title_en, &row.title_ru, &row.title_zh]),
        summary: by_language([&row.summary_en, &row.summary_ru, &row.summary_zh]),
        description: by_language([
            &row.description_en,
            &row.description_ru,
            &row.description_zh,
        ]),
        languages: crate::domain::opportunity::parse_languages(&row.languages)
            .into_iter()
            .map(|r| (r.language, r.level))
            .collect(),
        levels: set(&row.levels),
        documents: set(&row.documents),
        starts_on: row.starts_on.clone(),
        ends_on: row.ends_on.clone(),
        opens_at: dates::format_local(row.opens_at, offset),
        closes_at: dates::format_local(row.closes_at, offset),
        time_zone: row.time_zone.clone(),
        capacity: row.capacity.to_string(),
        quota_per_university: row
            .quota_per_university
            .map(|q| q.to_string())
            .unwrap_or_default(),
        offer_days: row.offer_days.to_string(),
        fees_note: row.fees_note.clone(),
        contact_name: row.contact_name.clone(),
        contact_email: row.contact_email.clone(),
    }
}

fn new_opportunity(v: &ValidOpportunity) -> NewOpportunity {
    let texts = |i: usize| Texts {
        title: v.texts[i].title.clone(),
        summary: v.texts[i].summary.clone(),
        description: v.texts[i].description.clone(),
    };
    NewOpportunity {
        alliance_id: v.alliance_id,
        host_university_id: v.host_university_id,
        kind: v.kind,
        field_code: v.field_code.clone(),
        languages: v
            .languages
            .iter()
            .map(|r| format!("{}:{}", r.language, r.level))
            .collect::<Vec<_>>()
            .join(","),
        levels: v.levels.join(","),
        starts_on: v.starts_on.clone(),
        ends_on: v.ends_on.clone(),
        opens_at: v.opens_at,
        closes_at: v.closes_at,
        time_zone: v.time_zone.clone(),
        capacity: v.capacity,
        quota_per_university: v.quota_per_university,
        offer_days: v.offer_days,
        documents: v.documents.join(","),
        fees_note: v.fees_note.clone(),
        contact_name: v.contact_name.clone(),
        contact_email: v.contact_email.clone(),
        status: Status::Draft,
        original_lang: v.original_lang,
        en: texts(0),
        ru: texts(1),
        zh: texts(2),
        seed_key: None,
    }
}

/// Checks the form and that the actor may host it where it says; the values to store.
pub(super) async fn checked(
    state: &AppState,
    actor: &Actor,
    form: &OpportunityForm,
) -> Result<NewOpportunity, ServiceError> {
    let v = form.validate().map_err(ServiceError::Invalid)?;
    guard::check(access::may_manage_opportunity(
        actor,
        v.host_university_id,
        v.alliance_id,
    ))?;
    let alliances = accounts::alliances_of_university(&state.db, v.host_university_id).await?;
    if !alliances.contains(&v.alliance_id) {
        return Err(ServiceError::invalid("alliance_id", Problem::Mismatch));
    }
    Ok(new_opportunity(&v))
}
