//! `/applications/{id}/agreement`: the learning agreement — components grouped by what
//! replaces what, totals per side in every scheme, the three approvals, every version and the
//! differences between two of them, and the forms to change it (all plain posts).
use super::agreement_parts::{
    add_form, changes_view, component_rows, heading_view, totals_view, when,
};
use crate::api::error::AppError;
use crate::api::recognition::{
    agreement_page, AddComponent, ApproveAgreement, ChangeAgreement, RemoveComponent,
};
use crate::components::form::{form_error, FormMessage};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::agreement::{diff, Approver};
use crate::domain::agreement_view::AgreementView;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

pub const FIELDS: &[&str] = &[
    "form", "side", "grp", "code", "title", "term", "scheme", "credits", "hours", "reason",
];

#[component]
pub fn AgreementPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok());
    let add_error = form_error::<AddComponent>(FIELDS);
    let remove_error = form_error::<RemoveComponent>(FIELDS);
    let approve_error = form_error::<ApproveAgreement>(FIELDS);
    let change_error = form_error::<ChangeAgreement>(FIELDS);
    let notice = move || {
        query.with(|q| {
            if q.get("added").is_some() {
                Some(Key::LaAdded)
            } else if q.get("removed").is_some() {
                Some(Key::LaRemoved)
            } else if q.get("approved").is_some() {
                Some(Key::LaApprovedNotice)
            } else if q.get("opened").is_some() {
                Some(Key::LaOpenedNotice)
            } else {
                None
            }
        })
    };
    let shown = Memo::new(move |_| query.with(|q| q.get("v").and_then(|v| v.parse::<i64>().ok())));
    let compare = Memo::new(move |_| {
        query.with(|q| {
            let from = q.get("from")?.parse::<i64>().ok()?;
            let to = q.get("to")?.parse::<i64>().ok()?;
            Some((from, to))
        })
    });
    // The version shown and the comparison are part of the key, so following a link to
    // another version renders it also when the browser navigates without a reload.
    let page = Resource::new(
        move || (id(), shown.get(), compare.get()),
        |(id, shown, compare)| async move {
            match id {
                Some(id) => agreement_page(id).await.map(|v| (v, shown, compare)),
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=t(Key::LaTitle)/>
        {move || notice().map(|k| view! { <p class="notice" role="status">{t(k)}</p> })}
        <FormMessage error=remove_error/>
        <FormMessage error=approve_error/>
        <FormMessage error=change_error/>
        <Loaded resource=page render=move |(v, shown, compare)| body(l, v, shown, compare, add_error, remove_error)/>
    }
}

fn body(
    l: Locale,
    v: AgreementView,
    shown: Option<i64>,
    compare: Option<(i64, i64)>,
    add_error: Signal<Option<AppError>>,
    remove_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = v.heading.application_id;
    let current = v.current().cloned();
    let version = shown
        .and_then(|n| v.versions.iter().find(|x| x.number == n).cloned())
        .or_else(|| current.clone());
    let is_current = version.as_ref().map(|x| x.id) == current.as_ref().map(|x| x.id);
    let open = current.as_ref().is_none_or(|c| c.approved_at.is_none());
    let editable = v.may_shape && open && is_current;
    let number = current.as_ref().map_or(1, |c| c.number);
    let me = Approver::of(v.heading.party);
    let versions_nav = (v.versions.len() > 1).then(|| {
        let items = v
            .versions
            .iter()
            .map(|x| {
                let here = version.as_ref().map(|s| s.number) == Some(x.number);
                let label = l.fill(Key::LaVersionN, &[("n", &x.number.to_string())]);
                let state = if x.approved_at.is_some() { l.text(Key::LaStateApproved) } else { l.text(Key::LaStateOpen) };
                view! {
                    <li>
                        <a href=format!("/applications/{id}/agreement?v={}", x.number) aria-current=here.then_some("page")>{label}</a>
                        " — "{state}
                    </li>
                }
            })
            .collect_view();
        let last = v.versions.len() as i64;
        let options = move |sel: i64| {
            (1..=last)
                .map(|n| view! { <option value=n selected=n == sel>{n}</option> })
                .collect_view()
        };
        view! {
            <section class="card" aria-labelledby="versions-heading">
                <h2 id="versions-heading">{l.text(Key::LaVersions)}</h2>
                <ul class="plain">{items}</ul>
                <form method="get" action=format!("/applications/{id}/agreement") class="form inline">
                    <div class="field">
                        <label for="from">{l.text(Key::LaCompareFrom)}</label>
                        <select id="from" name="from">{options(last - 1)}</select>
                    </div>
                    <div class="field">
                        <label for="to">{l.text(Key::LaCompareTo)}</label>
                        <select id="to" name="to">{options(last)}</select>
                    </div>
                    <div class="actions"><button type="submit">{l.text(Key::LaCompare)}</button></div>
                </form>
            </section>
        }
    });
    let differences = compare.and_then(|(from, to)| {
        let a = v.versions.iter().find(|x| x.number == from)?;
        let b = v.versions.iter().find(|x| x.number == to)?;
        Some(changes_view(
            l,
            from,
            to,
            &diff(&a.components, &b.components, &b.reasons),
        ))
    });
    let components = version.clone().map(|x| {
        let approvals = Approver::ALL
            .iter()
            .map(|a| {
                let given = x.approvals.iter().find(|p| p.approver == *a);
                let text = match given {
                    Some(p) => l.fill(Key::LaApprovedBy, &[("name", &p.name), ("at", &when(p.at))]),
                    None => l.text(Key::LaWaiting).to_string(),
                };
                view! { <li><strong>{l.text(a.label())}": "</strong>{text}</li> }
            })
            .collect_view();
        let may_approve = editable
            && !x.components.is_empty()
            && me.is_some_and(|m| !x.approvals.iter().any(|p| p.approver == m));
        let heading = l.fill(Key::LaVersionN, &[("n", &x.number.to_string())]);
        let status = match x.approved_at {
            Some(at) => l.fill(Key::LaApprovedOn, &[("at", &when(at))]),
            None => l.text(Key::LaStateOpen).to_string(),
        };
        view! {
            <section class="card" id="components" aria-labelledby="components-heading">
                <h2 id="components-heading">{heading}" — "{status}</h2>
                {component_rows(l, id, &x, editable, x.number > 1, remove_error)}
                {totals_view(l, &x.components, &v.rules, v.rule_version)}
                <h3>{l.text(Key::LaApprovals)}</h3>
                <ul class="plain approvals">{approvals}</ul>
                {may_approve.then(|| view! {
                    <form method="post" action=ApproveAgreement::PATH class="form">
                        <input type="hidden" name="id" value=id/>
                        <p class="hint">{l.text(Key::LaApproveHint)}</p>
                        <div class="actions"><button type="submit" class="primary">{l.text(Key::LaApprove)}</button></div>
                    </form>
                })}
            </section>
        }
    });
    let may_change = v.may_shape && !open && is_current;
    let history = v
        .history
        .iter()
        .map(|e| {
            let kind = match e.kind.as_str() {
                "component_added" => l.text(Key::LaEventAdded),
                "component_removed" => l.text(Key::LaEventRemoved),
                "approved" => l.text(Key::LaEventApproved),
                "version_opened" => l.text(Key::LaEventOpened),
                "transcript" => l.text(Key::LaEventTranscript),
                "recognised" => l.text(Key::LaEventRecognised),
                _ => "",
            };
            view! { <li><time>{when(e.at)}</time>" · "{e.actor.clone()}" · "{kind}" "{detail(l, &e.detail)}</li> }
        })
        .collect_view();
    view! {
        <article class="agreement">
            {heading_view(l, &v.heading)}
            {(!v.carries_credit).then(|| view! { <p class="hint">{l.text(Key::LaOptional)}</p> })}
            {v.locked.then(|| view! { <p class="notice">{l.text(Key::LaLocked)}</p> })}
            {version.is_none().then(|| view! { <p>{l.text(Key::LaEmpty)}</p> })}
            {versions_nav}
            {differences}
            {components}
            {may_change.then(|| view! {
                <form method="post" action=ChangeAgreement::PATH class="form card">
                    <input type="hidden" name="id" value=id/>
                    <p>{l.text(Key::LaChangeHint)}</p>
                    <div class="actions"><button type="submit">{l.text(Key::LaChange)}</button></div>
                </form>
            })}
            {editable.then(|| {
                let components = current.as_ref().map(|c| c.components.clone()).unwrap_or_default();
                add_form(l, id, number > 1, &v.rules, &components, add_error)
            })}
            <section class="card" aria-labelledby="history-heading">
                <h2 id="history-heading">{l.text(Key::LaHistory)}</h2>
                <ul class="plain timeline">{history}</ul>
            </section>
        </article>
    }
}

/// A history line's detail ("v2 host MED-210") in the reader's words.
fn detail(l: Locale, text: &str) -> String {
    text.split_whitespace()
        .map(|w| match w {
            "host" => l.text(Key::LaSideHost).to_string(),
            "home" => l.text(Key::LaSideHome).to_string(),
            "applicant" => l.text(Key::LaApplicant).to_string(),
            v if v.starts_with('v') && v[1..].parse::<u32>().is_ok() => {
                l.fill(Key::LaVersionN, &[("n", &v[1..])])
            }
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
