//! The memberships part of `/admin/directory/{id}`: per alliance the editor keeps, the
//! university's state (a member since, left on, never a member), the form that makes it a
//! member or corrects its date, marks and liaison secretary, and the form that records that it
//! left (with a confirmation). A refused form shows its problems in its own alliance's part.
use crate::api::directory_admin::{RecordLeaving, SaveMembership};
use crate::api::error::AppError;
use crate::components::form::{form_error, kept_value, problem_for, FormMessage};
use crate::domain::directory_admin::{MembershipEditing, UniversityEditing};
use crate::i18n::{Key, Locale};
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The memberships of university `id` in the alliances the editor keeps.
pub fn memberships(l: Locale, id: i64, e: &UniversityEditing) -> impl IntoView {
    let people = e.people.clone();
    view! {
        <section aria-labelledby="memberships-heading">
            <h2 id="memberships-heading">{l.text(Key::DirectoryMemberships)}</h2>
            {e.memberships
                .iter()
                .cloned()
                .map(|m| membership(l, id, m, people.clone()))
                .collect_view()}
        </section>
    }
}

/// The error of the form posting to `S`, when it was the form of `alliance`.
fn error_of<S: ServerFn>(
    fields: &'static [&'static str],
    alliance: i64,
) -> Signal<Option<AppError>> {
    let error = form_error::<S>(fields);
    let query = use_query_map();
    Signal::derive(move || {
        let ours = query.with(|q| q.get("v.alliance")) == Some(alliance.to_string());
        error.get().filter(|_| ours)
    })
}

/// A labelled input of a membership form; `id` is unique on the page.
fn input(
    id: String,
    post_as: &'static str,
    (label, kind): (Key, &'static str),
    value: Signal<String>,
    problem: Signal<Option<crate::domain::validation::Problem>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || problem.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input id=id.clone() name=post_as type=kind required=true value=value
                aria-invalid=move || problem.get().map(|_| "true") aria-describedby=described/>
            {move || problem.get().map(|p| view! { <p class="field-error" id=error_id.clone()>{t(p.message())}</p> })}
        </div>
    }
}

fn state(l: Locale, m: &MembershipEditing) -> String {
    match (&m.joined_on, &m.left_on) {
        (Some(joined), None) => {
            l.fill(Key::DirectoryMemberSince, &[("date", &l.long_date(joined))])
        }
        (Some(joined), Some(left)) => l.fill(
            Key::DirectoryMemberUntil,
            &[("from", &l.long_date(joined)), ("to", &l.long_date(left))],
        ),
        _ => l.text(Key::DirectoryNotMember).to_string(),
    }
}

fn membership(
    l: Locale,
    id: i64,
    m: MembershipEditing,
    people: Vec<(i64, String)>,
) -> impl IntoView {
    let a = m.alliance_id;
    let saved = error_of::<SaveMembership>(&["joined_on", "liaison_user_id", "alliance_id"], a);
    let leaving = error_of::<RecordLeaving>(&["left_on", "confirm"], a);
    let current = m.joined_on.is_some() && m.left_on.is_none();
    let heading = format!("membership-{a}");
    let joined = m.joined_on.clone().filter(|_| current).unwrap_or_default();
    let button = if current {
        Key::DirectoryMemberSave
    } else {
        Key::DirectoryMemberAdd
    };
    let liaison = m.liaison_user_id;
    let liaison_problem = problem_for(saved, "liaison_user_id");
    let leave = current.then(|| {
        let confirm_problem = problem_for(leaving, "confirm");
        view! {
            <form method="post" action=RecordLeaving::PATH class="form inline-form">
                <FormMessage error=leaving/>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="alliance_id" value=a/>
                {input(format!("m{a}-left_on"), "left_on", (Key::DirectoryLeftOn, "date"), kept_value("left_on", String::new()), problem_for(leaving, "left_on"))}
                <div class="field checkbox" class:invalid=move || confirm_problem.get().is_some()>
                    <input type="checkbox" id=format!("m{a}-confirm") name="confirm"/>
                    <label for=format!("m{a}-confirm")>{l.text(Key::DirectoryLeaveConfirm)}</label>
                    {move || confirm_problem.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
                <div class="actions"><button type="submit" class="danger">{l.text(Key::DirectoryLeave)}</button></div>
            </form>
        }
    });
    view! {
        <section class="card" aria-labelledby=heading.clone()>
            <h3 id=heading.clone()>{m.alliance.clone()}</h3>
            <p>{state(l, &m)}</p>
            <form method="post" action=SaveMembership::PATH class="form">
                <FormMessage error=saved/>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="m[alliance_id]" value=a/>
                {input(format!("m{a}-joined_on"), "m[joined_on]", (Key::DirectoryJoinedOn, "date"), Signal::stored(joined), problem_for(saved, "joined_on"))}
                <div class="field checkbox">
                    <input type="checkbox" id=format!("m{a}-founding") name="m[founding]" checked=m.founding/>
                    <label for=format!("m{a}-founding")>{l.text(Key::DirectoryFounding)}</label>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id=format!("m{a}-council") name="m[council]" checked=m.council/>
                    <label for=format!("m{a}-council")>{l.text(Key::DirectoryCouncil)}</label>
                </div>
                <div class="field" class:invalid=move || liaison_problem.get().is_some()>
                    <label for=format!("m{a}-liaison")>{l.text(Key::DirectoryLiaison)}</label>
                    <p class="hint">{l.text(Key::DirectoryLiaisonHint)}</p>
                    <select id=format!("m{a}-liaison") name="m[liaison_user_id]">
                        <option value="">{l.text(Key::DirectoryLiaisonNone)}</option>
                        {people.into_iter().map(|(p, name)| view! {
                            <option value=p selected=liaison == Some(p)>{name}</option>
                        }).collect_view()}
                    </select>
                    {move || liaison_problem.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
                <div class="actions"><button type="submit" class="primary">{l.text(button)}</button></div>
            </form>
            {leave}
        </section>
    }
}
