//! `/applications/{id}`: one application for everyone with a part in it — the applicant's form
//! and documents (editable while a draft), the decisions this reader may make now and no
//! others, the timeline with messages, and coordinators' internal notes.
use super::application_parts::{decisions_view, documents_view, timeline_view};
use crate::api::applications::{application_page, DecideApplication, SaveApplication};
use crate::api::error::AppError;
use crate::components::form::{form_error, kept_value, problem_for, FormMessage};
use crate::components::raw_text::{PageTitle, TextArea};
use crate::components::status::Loaded;
use crate::domain::account::Level;
use crate::domain::application::{Action, State};
use crate::domain::application_view::ApplicationView;
use crate::domain::opportunity_form::CEFR;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Every field a save or a submission can be refused on.
pub const FIELDS: &[&str] = &[
    "form",
    "reason",
    "motivation",
    "level",
    "year_of_study",
    "lang.en",
    "lang.ru",
    "lang.zh",
    "doc.cv",
    "doc.motivation_letter",
    "doc.transcript",
    "doc.language_certificate",
    "doc.recommendation_letter",
    "doc.passport_copy",
    "doc.medical_certificate",
    "file",
    "kind",
    "body",
];

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok());
    let page = Resource::new(id, |id| async move {
        match id {
            Some(id) => application_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let notice = move || {
        query.with(|q| {
            if q.get("saved").is_some() {
                Some(l.text(Key::ApplySaved).to_string())
            } else if q.get("uploaded").is_some() {
                Some(l.text(Key::ApplyUploaded).to_string())
            } else if q.get("written").is_some() {
                Some(l.text(Key::ApplyWritten).to_string())
            } else {
                q.get("done")
                    .as_deref()
                    .and_then(Action::parse)
                    .map(|a| l.fill(Key::ApplyDone, &[("action", l.text(a.label()))]))
            }
        })
    };
    let save_error = form_error::<SaveApplication>(FIELDS);
    let decide_error = form_error::<DecideApplication>(FIELDS);
    let upload_error = Signal::derive(move || {
        query.with(|q| {
            (q.get("form").is_none() && q.get("error").is_some())
                .then(|| AppError::from_query(|k| q.get(k), FIELDS))
                .flatten()
        })
    });
    // Field problems of a refused submission show on the fields they concern.
    let field_error = Signal::derive(move || save_error.get().or(decide_error.get()));
    let confirm = Memo::new(move |_| query.with(|q| q.get("confirm")));
    view! {
        <PageTitle text=t(Key::ApplyTitle)/>
        {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <FormMessage error=decide_error/>
        <Loaded resource=page render=move |v| page_view(l, v, field_error, upload_error, decide_error, confirm)/>
    }
}

fn page_view(
    l: Locale,
    v: ApplicationView,
    field_error: Signal<Option<AppError>>,
    upload_error: Signal<Option<AppError>>,
    decide_error: Signal<Option<AppError>>,
    confirm: Memo<Option<String>>,
) -> impl IntoView {
    let offer = v.offer_expires_at.filter(|_| v.state == State::Accepted);
    let details = if v.editable {
        details_form(l, &v, field_error).into_any()
    } else {
        details_read(l, &v).into_any()
    };
    view! {
        <article class="application">
            <p class="kind">{l.text(Key::ApplyTitle)}" № "{v.id}</p>
            <h1><a href=format!("/opportunities/{}", v.opportunity_id)>{v.opportunity_title.clone()}</a></h1>
            <p>
                {v.applicant_name.clone()}
                {(!v.applicant_email.is_empty()).then(|| format!(" <{}>", v.applicant_email))}
                " · "{v.home_name.clone()}" → "{v.host_name.clone()}
            </p>
            <p>
                {l.text(Key::ReviewState)}": "
                <span class=format!("status status-{}", v.state.code())>{l.text(v.state.label())}</span>
            </p>
            {v.reason.clone().map(|r| view! { <p class="reason"><strong>{l.text(Key::ApplyReason)}": "</strong>{r}</p> })}
            {offer.map(|t| view! { <p class="notice">{l.fill(Key::ApplyOfferBy, &[("date", &crate::domain::dates::utc_date(t))])}</p> })}
            {matches!(v.state, State::Confirmed | State::InMobility | State::Completed).then(|| view! {
                <nav class="tabs" aria-label=l.text(Key::LaTabs)>
                    <a href=format!("/applications/{}/agreement", v.id)>{l.text(Key::LaTitle)}</a>
                    <a href=format!("/applications/{}/recognition", v.id)>{l.text(Key::RecTitle)}</a>
                </nav>
            })}
            {decisions_view(l, &v, decide_error, confirm)}
            {details}
            {documents_view(l, &v, upload_error)}
            {timeline_view(l, &v)}
        </article>
    }
}

fn details_read(l: Locale, v: &ApplicationView) -> impl IntoView {
    let level = Level::parse(&v.form.level)
        .map(|lv| l.text(lv.label()).to_string())
        .unwrap_or_else(|_| v.form.level.clone());
    let languages = v
        .form
        .languages
        .iter()
        .map(|(lang, level)| format!("{lang} {level}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">{l.text(Key::ApplyDetails)}</h2>
            <dl class="facts">
                <dt>{l.text(Key::ApplyLevel)}</dt><dd>{level}</dd>
                <dt>{l.text(Key::ApplyYear)}</dt><dd>{v.form.year_of_study.clone()}</dd>
                <dt>{l.text(Key::ApplyLanguages)}</dt><dd>{languages}</dd>
                <dt>{l.text(Key::ApplyMotivation)}</dt><dd class="prose">{v.form.motivation.clone()}</dd>
            </dl>
        </section>
    }
}

fn details_form(l: Locale, v: &ApplicationView, error: Signal<Option<AppError>>) -> impl IntoView {
    let motivation = problem_for(error, "motivation");
    let level = problem_for(error, "level");
    let year = problem_for(error, "year_of_study");
    let levels = Level::ALL
        .iter()
        .filter(|lv| v.eligible_levels.iter().any(|e| e == lv.code()) || v.form.level == lv.code())
        .map(|lv| (lv.code().to_string(), l.text(lv.label()).to_string()))
        .collect::<Vec<_>>();
    let chosen = v.form.level.clone();
    let year_value = kept_value("year_of_study", v.form.year_of_study.clone());
    let languages = v
        .required_languages
        .iter()
        .map(|r| {
            let field: &'static str = match r.language.as_str() {
                "ru" => "lang.ru",
                "zh" => "lang.zh",
                _ => "lang.en",
            };
            let problem = problem_for(error, field);
            let mine = v.form.languages.get(&r.language).cloned().unwrap_or_default();
            let label = l.fill(
                Key::ApplyLanguageLevel,
                &[("language", &r.language), ("level", &r.level)],
            );
            view! {
                <div class="field" class:invalid=move || problem.get().is_some()>
                    <label for=field>{label}</label>
                    <select id=field name=format!("f[languages][{}]", r.language)>
                        <option value="">"—"</option>
                        {CEFR.iter().map(|c| view! { <option value=*c selected=mine == *c>{*c}</option> }).collect_view()}
                    </select>
                    {move || problem.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">{l.text(Key::ApplyDetails)}</h2>
            <form method="post" action=SaveApplication::PATH class="form">
                <input type="hidden" name="id" value=v.id/>
                <div class="field" class:invalid=move || motivation.get().is_some()>
                    <label for="motivation">{l.text(Key::ApplyMotivation)}</label>
                    <p class="hint" id="motivation-hint">{l.text(Key::ApplyMotivationHint)}</p>
                    <TextArea value={v.form.motivation.clone()} {..} id="motivation" name="f[motivation]" rows="8" aria-describedby="motivation-hint"/>
                    {move || motivation.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
                <div class="field" class:invalid=move || level.get().is_some()>
                    <label for="level">{l.text(Key::ApplyLevel)}</label>
                    <select id="level" name="f[level]">
                        <option value="">"—"</option>
                        {levels.into_iter().map(|(code, text)| {
                            let sel = code == chosen;
                            view! { <option value=code selected=sel>{text}</option> }
                        }).collect_view()}
                    </select>
                    {move || level.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
                <div class="field" class:invalid=move || year.get().is_some()>
                    <label for="year_of_study">{l.text(Key::ApplyYear)}</label>
                    <input id="year_of_study" name="f[year_of_study]" type="number" min="1" max="12" inputmode="numeric" value=move || year_value.get()/>
                    {move || year.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
                {languages}
                <div class="actions">
                    <button type="submit">{l.text(Key::ApplySave)}</button>
                </div>
            </form>
        </section>
    }
}
