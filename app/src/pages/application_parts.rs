//! The parts of the application page: the decision form (one button per move this reader may
//! make now), the documents, and the timeline with the message form.
use super::opportunity::document_label;
use crate::api::applications::{DecideApplication, RemoveDocument, WriteOnApplication};
use crate::api::error::AppError;
use crate::components::form::problem_for;
use crate::components::raw_text::TextArea;
use crate::domain::application::{Action, Party};
use crate::domain::application_view::ApplicationView;
use crate::domain::opportunity_form::DOCUMENTS;
use crate::i18n::{Key, Locale};
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// When `t` happened, in UTC: "2026-11-24 10:05".
pub fn when(t: i64) -> String {
    crate::domain::dates::format_local(t, 0).replace('T', " ")
}

pub fn decisions_view(
    l: Locale,
    v: &ApplicationView,
    error: Signal<Option<AppError>>,
    confirm: Memo<Option<String>>,
) -> impl IntoView {
    let id = v.id;
    let moves: Vec<Action> = v
        .actions
        .iter()
        .copied()
        .filter(|a| *a != Action::Withdraw)
        .collect();
    let may_withdraw = v.actions.contains(&Action::Withdraw);
    let needs_reason = moves.iter().any(|a| a.needs_reason());
    let reason = problem_for(error, "reason");
    let buttons = moves
        .iter()
        .map(|a| {
            let class = match a {
                Action::Reject | Action::Decline => "danger",
                Action::Submit | Action::Nominate | Action::Accept | Action::Confirm => "primary",
                _ => "",
            };
            view! { <button type="submit" name="action" value=a.code() class=class>{l.text(a.label())}</button> }
        })
        .collect_view();
    let decide = (!moves.is_empty()).then(|| {
        view! {
            <form method="post" action=DecideApplication::PATH class="form">
                <input type="hidden" name="id" value=id/>
                {needs_reason.then(|| view! {
                    <div class="field" class:invalid=move || reason.get().is_some()>
                        <label for="reason">{l.text(Key::ApplyReasonLabel)}</label>
                        <TextArea value={String::new()} {..} id="reason" name="reason" rows="3"/>
                        {move || reason.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                    </div>
                })}
                <div class="actions">{buttons}</div>
            </form>
        }
    });
    let withdraw = may_withdraw.then_some({
        move || {
            if confirm.get().as_deref() == Some("withdraw") {
                view! {
                    <form method="post" action=DecideApplication::PATH class="form card danger">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="action" value="withdraw"/>
                        <p>{l.text(Key::ApplyWithdrawWarning)}</p>
                        <div class="field">
                            <label for="withdraw-reason">{l.text(Key::ApplyWithdrawReason)}</label>
                            <TextArea value={String::new()} {..} id="withdraw-reason" name="reason" rows="2" required=true/>
                        </div>
                        <div class="actions">
                            <button type="submit" class="danger">{l.text(Key::ApplyWithdrawConfirm)}</button>
                            <a class="button" href=format!("/applications/{id}")>{l.text(Key::ApplyWithdrawKeep)}</a>
                        </div>
                    </form>
                }
                .into_any()
            } else {
                view! { <p><a class="button danger" href=format!("/applications/{id}?confirm=withdraw#decisions")>{l.text(Key::AppActionWithdraw)}</a></p> }.into_any()
            }
        }
    });
    (decide.is_some() || may_withdraw).then(|| {
        view! {
            <section class="card" id="decisions" aria-labelledby="decisions-heading">
                <h2 id="decisions-heading">{l.text(Key::ApplyDecisions)}</h2>
                {decide}
                {withdraw}
            </section>
        }
    })
}

pub fn documents_view(
    l: Locale,
    v: &ApplicationView,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = v.id;
    let editable = v.editable;
    let list = v
        .documents
        .iter()
        .map(|d| {
            let size = if d.size_bytes >= 1_048_576 {
                format!("{:.1} MB", d.size_bytes as f64 / 1_048_576.0)
            } else {
                format!("{} KB", (d.size_bytes + 1023) / 1024)
            };
            let doc_id = d.id;
            view! {
                <li>
                    <strong>{l.text(document_label(&d.kind))}": "</strong>
                    <a href=format!("/applications/{id}/documents/{doc_id}") download="">{d.file_name.clone()}</a>
                    " ("{size}")"
                    {editable.then(|| view! {
                        <form method="post" action=RemoveDocument::PATH class="inline">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="document_id" value=doc_id/>
                            <button type="submit" class="link-button">{l.text(Key::ApplyRemove)}</button>
                        </form>
                    })}
                </li>
            }
        })
        .collect_view();
    let max_mb = (v.max_document_bytes / 1_048_576).to_string();
    let uploads = editable.then(|| {
        let kinds: Vec<(String, bool)> = DOCUMENTS
            .iter()
            .map(|k| (k.to_string(), v.required_documents.iter().any(|r| r == k)))
            .filter(|(k, required)| *required || v.documents.iter().any(|d| &d.kind == k))
            .collect();
        let file_problem = problem_for(error, "file");
        view! {
            <p class="hint">{l.fill(Key::ApplyFileHint, &[("mb", &max_mb)])}</p>
            {move || file_problem.get().map(|p| view! { <p class="field-error" role="alert">{t(p.message())}</p> })}
            {kinds.into_iter().map(|(kind, required)| {
                let field = super::application::FIELDS
                    .iter()
                    .copied()
                    .find(|f| f.strip_prefix("doc.") == Some(kind.as_str()))
                    .unwrap_or("file");
                let problem = problem_for(error, field);
                let input_id = format!("file-{kind}");
                view! {
                    <form method="post" action=format!("/applications/{id}/documents") enctype="multipart/form-data" class="upload field" class:invalid=move || problem.get().is_some()>
                        <input type="hidden" name="kind" value=kind.clone()/>
                        <label for=input_id.clone()>
                            {l.fill(Key::ApplyUpload, &[("kind", l.text(document_label(&kind)))])}
                            {required.then(|| view! { " " <span class="hint">{l.text(Key::ApplyRequired)}</span> })}
                        </label>
                        <input id=input_id type="file" name="file" accept="application/pdf,image/jpeg,image/png" required=true/>
                        <button type="submit">{l.text(Key::ApplyUploadButton)}</button>
                        {move || problem.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                    </form>
                }
            }).collect_view()}
        }
    });
    view! {
        <section class="card" id="documents" aria-labelledby="documents-heading">
            <h2 id="documents-heading">{l.text(Key::ApplyDocuments)}</h2>
            {v.documents.is_empty().then(|| view! { <p>{l.text(Key::ApplyNoDocuments)}</p> })}
            <ul>{list}</ul>
            {uploads}
        </section>
    }
}

pub fn timeline_view(l: Locale, v: &ApplicationView) -> impl IntoView {
    let id = v.id;
    let items = v
        .timeline
        .iter()
        .map(|e| {
            let who = e
                .actor
                .clone()
                .unwrap_or_else(|| l.text(Key::ApplyPlatform).to_string());
            let what = match (e.kind.as_str(), e.action, e.to) {
                ("move", Some(a), Some(to)) => {
                    format!("{} → {}", l.text(a.label()), l.text(to.label()))
                }
                ("note", _, _) => l.text(Key::ApplyNote).to_string(),
                _ => l.text(Key::ApplyMessage).to_string(),
            };
            let class = format!("event event-{}", e.kind);
            view! {
                <li class=class>
                    <p><time>{when(e.at)}</time>" · "<strong>{who}</strong>" · "{what}</p>
                    {(!e.body.is_empty()).then(|| view! { <p class="prose">{e.body.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    let note = v.notes;
    let form = v.may_message.then(|| {
        view! {
            <form method="post" action=WriteOnApplication::PATH class="form">
                <input type="hidden" name="id" value=id/>
                <div class="field">
                    <label for="body">{l.text(Key::ApplyWrite)}</label>
                    <TextArea value={String::new()} {..} id="body" name="body" rows="3" required=true/>
                </div>
                {note.then(|| view! {
                    <div class="field checkbox">
                        <input id="internal" type="checkbox" name="internal" value="1"/>
                        <label for="internal">{l.text(Key::ApplyInternal)}</label>
                    </div>
                })}
                <div class="actions"><button type="submit">{l.text(Key::ApplySend)}</button></div>
            </form>
        }
    });
    let staff = v.party == Party::Staff;
    view! {
        <section class="card" id="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{l.text(Key::ApplyTimeline)}</h2>
            {staff.then(|| view! { <p class="hint">{l.text(Key::ApplyReadOnly)}</p> })}
            <ol class="timeline">{items}</ol>
            {form}
        </section>
    }
}
