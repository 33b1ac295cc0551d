//! The recognition record: `/applications/{id}/record` for the student and both universities
//! (an A4 page when printed, in the reader's language, course titles as the universities wrote
//! them), and `/records/verify` where anyone checks a record by its code.
use super::agreement_parts::{credits, grade_text};
use crate::api::error::AppError;
use crate::api::recognition::{recognition_record, verify_record};
use crate::components::islands::PrintButton;
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::agreement_view::RecordView;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RecordPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok());
    let page = Resource::new(id, |id| async move {
        match id {
            Some(id) => recognition_record(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageTitle text=t(Key::RecordTitle)/>
        <Loaded resource=page render=move |r| view! {
            <p class="no-print actions">
                <a class="button" href=format!("/applications/{}/recognition", r.application_id)>{l.text(Key::RecTitle)}</a>
                <PrintButton label=l.text(Key::RecordPrint).to_string() hint=l.text(Key::RecordPrintHint).to_string()/>
            </p>
            {record_view(l, &r)}
        }/>
    }
}

#[component]
pub fn VerifyRecordPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let code = move || query.with(|q| q.get("code")).unwrap_or_default();
    let found = Resource::new(code, |code| async move {
        if code.trim().is_empty() {
            Ok(None)
        } else {
            verify_record(code).await
        }
    });
    view! {
        <PageTitle text=t(Key::RecordVerifyTitle)/>
        <section class="narrow">
            <h1>{l.text(Key::RecordVerifyTitle)}</h1>
            <form method="get" action="/records/verify" class="form">
                <div class="field">
                    <label for="code">{l.text(Key::RecordCode)}</label>
                    <input id="code" name="code" value=code autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX"/>
                </div>
                <div class="actions"><button type="submit" class="primary">{l.text(Key::RecordCheck)}</button></div>
            </form>
        </section>
        <Loaded resource=found render=move |r| verified(l, r, !code().trim().is_empty())/>
    }
}

/// What the check found: the record, or that no record has the code.
fn verified(l: Locale, r: Option<RecordView>, asked: bool) -> AnyView {
    match r {
        Some(r) => view! {
            <p class="notice" role="status">{l.text(Key::RecordGenuine)}</p>
            {record_view(l, &r)}
        }
        .into_any(),
        None if asked => {
            view! { <p class="error" role="alert">{l.text(Key::RecordUnknown)}</p> }.into_any()
        }
        None => ().into_any(),
    }
}

/// The record as printed.
pub fn record_view(l: Locale, r: &RecordView) -> impl IntoView {
    let rows = r
        .lines
        .iter()
        .map(|line| {
            let hosts = line
                .hosts
                .iter()
                .map(|h| {
                    let grade = h.grade.map(|g| grade_text(l, g)).unwrap_or_default();
                    view! {
                        <div><code>{h.code.clone()}</code>" "{h.title.clone()}" · "{grade}" · "{credits(l, h.credits_centi, h.scheme)}</div>
                    }
                })
                .collect_view();
            let outcome = if line.recognised { l.text(Key::RecRecognised) } else { l.text(Key::RecNotRecognised) };
            view! {
                <tr>
                    <td><code>{line.home_code.clone()}</code>" "{line.home_title.clone()}</td>
                    <td>{hosts}</td>
                    <td>{outcome}</td>
                    <td class="num">{grade_text(l, line.grade)}</td>
                    <td class="num">{credits(l, line.credits_centi, line.scheme)}</td>
                    <td>{line.note.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let issued = crate::domain::dates::utc_date(r.issued_at);
    view! {
        <article class="record">
            <header>
                <p class="kind">{l.text(Key::AppName)}</p>
                <h1>{l.text(Key::RecordTitle)}</h1>
            </header>
            <dl class="facts">
                <dt>{l.text(Key::RecordStudent)}</dt><dd>{r.applicant_name.clone()}</dd>
                <dt>{l.text(Key::RecordHome)}</dt><dd>{r.home_name.clone()}</dd>
                <dt>{l.text(Key::RecordHost)}</dt><dd>{r.host_name.clone()}</dd>
                <dt>{l.text(Key::RecordProgramme)}</dt><dd>{r.opportunity_title.clone()}</dd>
                <dt>{l.text(Key::RecordPeriod)}</dt><dd>{format!("{} — {}", r.starts_on, r.ends_on)}</dd>
                <dt>{l.text(Key::RecordAgreement)}</dt><dd>{l.fill(Key::LaVersionN, &[("n", &r.agreement_version.to_string())])}</dd>
            </dl>
            {scroll_region(l.text(Key::RecordTitle), view! {
                <table class="record-lines">
                    <thead><tr>
                        <th scope="col">{l.text(Key::RecordHomeCourse)}</th>
                        <th scope="col">{l.text(Key::RecordHostCourses)}</th>
                        <th scope="col">{l.text(Key::RecDecision)}</th>
                        <th scope="col">{l.text(Key::RecHomeGrade)}</th>
                        <th scope="col">{l.text(Key::RecHomeCredits)}</th>
                        <th scope="col">{l.text(Key::RecNote)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr>
                        <th scope="row" colspan="4">{l.text(Key::RecordTotal)}</th>
                        <td class="num">{credits(l, r.total_centi, r.scheme)}</td>
                        <td></td>
                    </tr></tfoot>
                </table>
            })}
            <footer class="verification">
                <p>{l.fill(Key::RecordIssued, &[("date", &issued)])}</p>
                <p>{l.fill(Key::RecordCodeIs, &[("code", &r.code)])}</p>
                <p>{l.text(Key::RecordVerifyAt)}" "<a href=r.verify_url.clone()>{r.verify_url.clone()}</a></p>
            </footer>
        </article>
    }
}
