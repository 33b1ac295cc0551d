//! `/opportunities/{id}`: everything an applicant needs, and the way to apply (signing in or
//! registering first).
use super::opportunities::kind_label;
use crate::api::{applications::StartApplication, error::AppError, opportunities::get_opportunity};
use crate::components::form::{form_error, FormMessage};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::account::Level;
use crate::domain::country::country_name;
use crate::domain::dates::{format_local, offset_label, offset_minutes};
use crate::domain::opportunity::{OpportunityDetail, FIELDS};
use crate::i18n::{Key, Locale};
use crate::locale::use_locale;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OpportunityPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let detail = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_opportunity(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let error = form_error::<StartApplication>(&["form"]);
    view! {
        <FormMessage error/>
        <Loaded resource=detail render=move |d| detail_view(l, d, true)/>
    }
}

/// The label of a document kind.
pub fn document_label(code: &str) -> Key {
    match code {
        "cv" => Key::DocumentCv,
        "motivation_letter" => Key::DocumentMotivationLetter,
        "transcript" => Key::DocumentTranscript,
        "language_certificate" => Key::DocumentLanguageCertificate,
        "recommendation_letter" => Key::DocumentRecommendationLetter,
        "passport_copy" => Key::DocumentPassportCopy,
        _ => Key::DocumentMedicalCertificate,
    }
}

/// Everything about one opportunity; `apply` offers the Apply button (not in a preview).
pub fn detail_view(l: Locale, d: OpportunityDetail, apply: bool) -> impl IntoView {
    let c = d.card;
    let original = (c.text_lang != l.code()).then(|| l.text(Key::CatalogueOriginal));
    let field = FIELDS
        .iter()
        .find(|(code, _)| *code == d.field_code)
        .map(|(code, name)| format!("{code} {name}"))
        .unwrap_or_default();
    let levels = d
        .levels
        .iter()
        .filter_map(|lv| Level::parse(lv).ok())
        .map(|lv| l.text(lv.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let languages = c
        .languages
        .iter()
        .map(|r| format!("{} {}", r.language, r.level))
        .collect::<Vec<_>>()
        .join(", ");
    let offset = offset_minutes(&d.time_zone).unwrap_or(0);
    let quota = d
        .quota_per_university
        .map(|q| view! { <dt>{l.text(Key::OpportunityQuota)}</dt><dd>{q}</dd> });
    view! {
        <PageTitle text=c.title.clone()/>
        <article class="opportunity-detail">
            <p class="kind">{l.text(kind_label(c.kind))}</p>
            <h1 lang=c.text_lang.clone()>{c.title.clone()}</h1>
            {original.map(|o| view! { <p class="hint">{o}</p> })}
            <p class="lead" lang=c.text_lang.clone()>{c.summary.clone()}</p>
            <p><a href=format!("/universities/{}", c.host_id)>{c.host_name.clone()}</a>" · "{country_name(l, &c.host_country)}</p>
            {(!d.description.is_empty()).then(|| view! { <p lang=c.text_lang.clone()>{d.description.clone()}</p> })}
            <dl class="facts">
                <dt>{l.text(Key::CatalogueDates)}</dt><dd>{l.long_date(&c.starts_on)}" – "{l.long_date(&c.ends_on)}</dd>
                <dt>{l.text(Key::OpportunityWindow)}</dt><dd>{moment(l, d.opens_at, offset)}" – "{moment(l, c.closes_at, offset)}" ("{d.time_zone.clone()}", "{offset_label(offset)}")"<span data-local-time=c.closes_at></span></dd>
                <dt>{l.text(Key::CataloguePlaces)}</dt><dd>{c.capacity}</dd>
                {quota}
                <dt>{l.text(Key::CatalogueField)}</dt><dd>{field}</dd>
                <dt>{l.text(Key::FieldLevel)}</dt><dd>{levels}</dd>
                <dt>{l.text(Key::CatalogueLanguage)}</dt><dd>{languages}</dd>
                <dt>{l.text(Key::OpportunityFees)}</dt><dd>{d.fees_note.clone()}</dd>
                <dt>{l.text(Key::OpportunityContact)}</dt><dd>{d.contact_name.clone()}" "<a href=format!("mailto:{}", d.contact_email)>{d.contact_email.clone()}</a></dd>
            </dl>
            <h2>{l.text(Key::OpportunityDocuments)}</h2>
            <ul>{d.documents.iter().map(|doc| view! { <li>{l.text(document_label(doc))}</li> }).collect_view()}</ul>
            {if d.closed {
                view! { <p class="notice">{l.text(Key::OpportunityClosed)}</p> }.into_any()
            } else if apply {
                view! {
                    <form method="post" action=StartApplication::PATH class="inline">
                        <input type="hidden" name="opportunity_id" value=c.id/>
                        <button type="submit" class="primary">{l.text(Key::OpportunityApply)}</button>
                    </form>
                }.into_any()
            } else {
                ().into_any()
            }}
        </article>
    }
}

/// A date and time in the host's zone: "15 December 2026 18:00".
pub fn moment(l: Locale, unix: i64, offset: i32) -> String {
    let local = format_local(unix, offset);
    match local.split_once('T') {
        Some((date, time)) => format!("{} {time}", l.long_date(date)),
        None => local,
    }
}
