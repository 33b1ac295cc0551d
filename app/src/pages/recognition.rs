//! `/applications/{id}/recognition`: the host's transcript (pasted or as a CSV file, with an
//! error per refused row), and per home component the platform's proposal with each step of
//! how it got there, beside the home coordinator's decision.
use super::agreement_parts::{credits, grade_text, heading_view, when};
use super::recognition_parts::{decision_form, proposal_view};
use crate::api::error::AppError;
use crate::api::recognition::{
    recognition_page, AcceptProposals, DecideRecognition, EnterTranscript,
};
use crate::components::form::{form_error, kept_value, FormMessage};
use crate::components::raw_text::{PageTitle, TextArea};
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::agreement::Side;
use crate::domain::agreement_view::RecognitionView;
use crate::domain::recognition_plan::row_errors_from_query;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

pub const FIELDS: &[&str] = &["form", "file", "recognised", "grade", "credits", "note"];

#[component]
pub fn RecognitionPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok());
    let page = Resource::new(id, |id| async move {
        match id {
            Some(id) => recognition_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let enter_error = form_error::<EnterTranscript>(FIELDS);
    let decide_error = form_error::<DecideRecognition>(FIELDS);
    let notice = move || {
        query.with(|q| {
            if let Some(n) = q.get("entered") {
                Some(l.fill(Key::TrEntered, &[("n", &n)]))
            } else if q.get("completed").is_some() {
                Some(l.text(Key::RecCompleted).to_string())
            } else {
                q.get("decided")
                    .map(|_| l.text(Key::RecDecided).to_string())
            }
        })
    };
    view! {
        <PageTitle text=t(Key::RecTitle)/>
        {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <FormMessage error=enter_error/>
        <FormMessage error=decide_error/>
        <Loaded resource=page render=move |v| body(l, v, decide_error)/>
    }
}

fn body(l: Locale, v: RecognitionView, decide_error: Signal<Option<AppError>>) -> impl IntoView {
    let id = v.heading.application_id;
    let Some(version) = v.version.clone() else {
        return view! {
            <article class="recognition">
                {heading_view(l, &v.heading)}
                <p>{l.text(Key::RecNoAgreement)}</p>
                <p><a href=format!("/applications/{id}/agreement")>{l.text(Key::LaTitle)}</a></p>
            </article>
        }
        .into_any();
    };
    let transcript_rows = version
        .components
        .iter()
        .filter(|c| c.side == Side::Host)
        .map(|c| {
            let line = v.lines.iter().find(|x| x.code == c.code).cloned();
            view! {
                <tr>
                    <td><code>{c.code.clone()}</code></td>
                    <td>{c.title.clone()}</td>
                    <td class="num">{credits(l, c.credits_centi, c.scheme)}</td>
                    {match line {
                        Some(x) => view! {
                            <td class="num">{grade_text(l, x.grade)}</td>
                            <td class="num">{credits(l, x.credits_centi, c.scheme)}</td>
                            <td class="num">{x.hours}</td>
                            <td class="num">{x.percentile.map(|p| format!("{p}%"))}</td>
                        }.into_any(),
                        None => view! { <td colspan="4" class="hint">{l.text(Key::TrNotYet)}</td> }.into_any(),
                    }}
                </tr>
            }
        })
        .collect_view();
    let record = v.record_code.clone().map(|code| {
        view! {
            <p class="notice">
                <a class="button primary" href=format!("/applications/{id}/record")>{l.text(Key::RecordOpen)}</a>
                " "{l.fill(Key::RecordCodeIs, &[("code", &code)])}
            </p>
        }
    });
    let homes = version
        .components
        .iter()
        .filter(|c| c.side == Side::Home)
        .map(|c| {
            let proposal = v.proposals.iter().find(|p| p.component_id == c.id).cloned();
            let decision = v.decisions.iter().find(|d| d.component_id == c.id).cloned();
            let decided = decision.map(|d| {
                let outcome = if d.recognised { l.text(Key::RecRecognised) } else { l.text(Key::RecNotRecognised) };
                view! {
                    <p class="decision">
                        <strong>{outcome}</strong>" · "{grade_text(l, d.grade)}" · "{credits(l, d.credits_centi, d.scheme)}
                        " · "{d.decided_by.clone()}", "{when(d.decided_at)}
                        {d.overridden().then(|| view! { " · " <span class="badge">{l.text(Key::RecOverridden)}</span> })}
                        {(!d.note.is_empty()).then(|| view! { <br/><em>{d.note.clone()}</em> })}
                    </p>
                }
            });
            let form = (v.may_decide && proposal.is_some()).then(|| decision_form(l, id, c.id, proposal.clone(), decide_error));
            view! {
                <section class="card component" id=format!("c{}", c.id) aria-labelledby=format!("c{}-h", c.id)>
                    <h3 id=format!("c{}-h", c.id)><code>{c.code.clone()}</code>" "{c.title.clone()}" · "{credits(l, c.credits_centi, c.scheme)}</h3>
                    {proposal.map(|p| proposal_view(l, &p))}
                    {decided}
                    {form}
                </section>
            }
        })
        .collect_view();
    let undecided = version
        .components
        .iter()
        .filter(|c| c.side == Side::Home)
        .filter(|c| !v.decisions.iter().any(|d| d.component_id == c.id))
        .count();
    let accept_all = (v.may_decide && undecided > 0).then(|| accept_all_view(l, id, undecided));
    let rule = if v.rule_version == 0 {
        l.text(Key::LaRulesDefault).to_string()
    } else {
        l.fill(Key::LaRulesVersion, &[("n", &v.rule_version.to_string())])
    };
    view! {
        <article class="recognition">
            {heading_view(l, &v.heading)}
            {record}
            <section class="card" id="transcript" aria-labelledby="transcript-heading">
                <h2 id="transcript-heading">{l.text(Key::TrTitle)}</h2>
                {scroll_region(l.text(Key::TrTitle), view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{l.text(Key::LaCode)}</th>
                            <th scope="col">{l.text(Key::LaCourse)}</th>
                            <th scope="col">{l.text(Key::TrAgreed)}</th>
                            <th scope="col">{l.text(Key::TrGrade)}</th>
                            <th scope="col">{l.text(Key::TrEarned)}</th>
                            <th scope="col">{l.text(Key::LaHours)}</th>
                            <th scope="col">{l.text(Key::TrPercentile)}</th>
                        </tr></thead>
                        <tbody>{transcript_rows}</tbody>
                    </table>
                })}
                {v.may_enter.then(|| transcript_forms(l, id, v.host_scale))}
            </section>
            <section aria-labelledby="recognition-heading">
                <h2 id="recognition-heading">{l.text(Key::RecTitle)}</h2>
                <p class="hint">{rule}</p>
                {accept_all}
                {homes}
            </section>
        </article>
    }
    .into_any()
}

/// Taking every remaining proposal at once completes the mobility: a confirmation step first
/// (a link, so it works without JavaScript), then the post.
fn accept_all_view(l: Locale, id: i64, undecided: usize) -> impl IntoView {
    let query = use_query_map();
    let confirming =
        Signal::derive(move || query.with(|q| q.get("confirm").as_deref() == Some("all")));
    let n = undecided.to_string();
    move || {
        if confirming.get() {
            view! {
                <div class="card danger" id="accept">
                    <p>{l.fill(Key::RecAcceptAllWarning, &[("n", &n)])}</p>
                    <form method="post" action=AcceptProposals::PATH class="actions">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="primary">{l.text(Key::RecAcceptAllConfirm)}</button>
                        <a class="button" href=format!("/applications/{id}/recognition")>{l.text(Key::RecAcceptAllKeep)}</a>
                    </form>
                </div>
            }
            .into_any()
        } else {
            view! {
                <p class="actions" id="accept">
                    <a class="button" href=format!("/applications/{id}/recognition?confirm=all#accept")>{l.fill(Key::RecAcceptAll, &[("n", &n)])}</a>
                </p>
            }
            .into_any()
        }
    }
}

fn transcript_forms(l: Locale, id: i64, scale: crate::domain::recognition::Scale) -> impl IntoView {
    let query = use_query_map();
    let rows = Signal::derive(move || {
        query.with(|q| {
            q.get("rows")
                .map(|r| row_errors_from_query(&r))
                .unwrap_or_default()
        })
    });
    let kept = kept_value("transcript", String::new());
    let file_error = Signal::derive(move || query.with(|q| q.get("e.file")));
    view! {
        {move || {
            let rows = rows.get();
            (!rows.is_empty()).then(|| view! {
                <div class="form-message error" role="alert">
                    <p>{l.text(Key::TrRefused)}</p>
                    <ul>
                        {rows.into_iter().map(|(n, p)| view! {
                            <li>{l.fill(Key::TrLine, &[("n", &n.to_string())])}": "{l.text(p.message())}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })
        }}
        <form method="post" action=EnterTranscript::PATH class="form">
            <input type="hidden" name="id" value=id/>
            <div class="field">
                <label for="transcript-text">{l.text(Key::TrPaste)}</label>
                <p class="hint" id="transcript-hint">{l.fill(Key::TrPasteHint, &[("scale", l.text(scale.label()))])}</p>
                <TextArea value={kept} {..} id="transcript-text" name="text" rows="6" aria-describedby="transcript-hint" prop:value=move || kept.get()/>
            </div>
            <div class="actions"><button type="submit" class="primary">{l.text(Key::TrEnter)}</button></div>
        </form>
        <form method="post" action=format!("/applications/{id}/transcript") enctype="multipart/form-data" class="form">
            <div class="field" class:invalid=move || file_error.get().is_some()>
                <label for="transcript-file">{l.text(Key::TrUpload)}</label>
                <input id="transcript-file" type="file" name="file" accept=".csv,text/csv,text/plain"/>
                {move || file_error.get().map(|_| view! { <p class="field-error">{l.text(Key::FieldRequired)}</p> })}
            </div>
            <div class="actions"><button type="submit">{l.text(Key::TrUploadButton)}</button></div>
        </form>
    }
}
