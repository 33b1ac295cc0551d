//! Pieces of the agreement and recognition pages: who it is about, the component table, the
//! totals per side, the form that adds a component, and the differences between versions.
use crate::api::error::AppError;
use crate::api::recognition::{AddComponent, RemoveComponent};
use crate::components::form::{kept_value, problem_for};
use crate::components::islands::{LiveTotal, LiveTotalText};
use crate::components::scroll_region::scroll_region;
use crate::domain::agreement::{totals, Change, Component, Side, Version};
use crate::domain::agreement_view::Heading;
use crate::domain::recognition::{show_centi, show_tenths, Grade, Rules, Scheme};
use crate::i18n::{Key, Locale};
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

pub use super::application_parts::when;

/// "4.5 ZET".
pub fn credits(l: Locale, centi: i64, scheme: Scheme) -> String {
    format!("{} {}", show_centi(centi), l.text(scheme.label()))
}

/// A grade as printed in the reader's language.
pub fn grade_text(l: Locale, g: Grade) -> String {
    g.pass_key()
        .map_or_else(|| g.show(), |k| l.text(k).to_string())
}

pub fn heading_view(l: Locale, h: &Heading) -> impl IntoView {
    let id = h.application_id;
    view! {
        <p class="kind"><a href=format!("/applications/{id}")>{l.text(Key::ApplyTitle)}" № "{id}</a></p>
        <h1>{h.opportunity_title.clone()}</h1>
        <p>
            {h.applicant_name.clone()}" · "{h.home_name.clone()}" → "{h.host_name.clone()}" · "
            <span class=format!("status status-{}", h.state.code())>{l.text(h.state.label())}</span>
        </p>
        <nav class="tabs" aria-label=l.text(Key::LaTabs)>
            <a href=format!("/applications/{id}/agreement")>{l.text(Key::LaTitle)}</a>
            <a href=format!("/applications/{id}/recognition")>{l.text(Key::RecTitle)}</a>
        </nav>
    }
}

/// The components of a version, group by group; a remove button on each when `editable`
/// (with a reason field from the second version on).
pub fn component_rows(
    l: Locale,
    id: i64,
    v: &Version,
    editable: bool,
    needs_reason: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    if v.components.is_empty() {
        return view! { <p>{l.text(Key::LaEmpty)}</p> }.into_any();
    }
    let reason = problem_for(error, "reason");
    let rows = v
        .components
        .iter()
        .map(|c| {
            let side = if c.side == Side::Host { l.text(Key::LaSideHost) } else { l.text(Key::LaSideHome) };
            let remove = editable.then(|| {
                let label = l.fill(Key::LaRemoveNamed, &[("code", &c.code)]);
                view! {
                    <form method="post" action=RemoveComponent::PATH class="inline">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="component_id" value=c.id/>
                        {needs_reason.then(|| view! {
                            <input name="reason" aria-label=l.fill(Key::LaRemoveReason, &[("code", &c.code)]) placeholder=l.text(Key::LaReasonShort) required=true/>
                        })}
                        <button type="submit" class="small danger" aria-label=label>{l.text(Key::LaRemove)}</button>
                    </form>
                }
            });
            view! {
                <tr class=format!("side-{}", c.side.code())>
                    <td>{c.grp}</td>
                    <td>{side}</td>
                    <td><code>{c.code.clone()}</code></td>
                    <td>{c.title.clone()}{c.provisional.then(|| view! { " " <span class="badge">{l.text(Key::LaProvisional)}</span> })}</td>
                    <td>{c.term.clone()}</td>
                    <td class="num">{credits(l, c.credits_centi, c.scheme)}</td>
                    <td class="num">{c.hours}</td>
                    <td>{remove}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {scroll_region(l.text(Key::LaTitle), view! {
            <table class="components">
                <caption class="hint">{l.text(Key::LaGroupsHint)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{l.text(Key::LaGroup)}</th>
                        <th scope="col">{l.text(Key::LaSide)}</th>
                        <th scope="col">{l.text(Key::LaCode)}</th>
                        <th scope="col">{l.text(Key::LaCourse)}</th>
                        <th scope="col">{l.text(Key::LaTerm)}</th>
                        <th scope="col">{l.text(Key::LaCredits)}</th>
                        <th scope="col">{l.text(Key::LaHours)}</th>
                        <th scope="col"><span class="visually-hidden">{l.text(Key::LaRemove)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        })}
        {move || reason.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
    }
    .into_any()
}

/// Totals of each side: as entered, in ECTS, and in the home university's scheme.
pub fn totals_view(
    l: Locale,
    components: &[Component],
    rules: &Rules,
    rule_version: i64,
) -> impl IntoView {
    let line = |side: Side, label: Key| {
        let t = totals(components, side, rules);
        let entered = t
            .per_scheme
            .iter()
            .map(|(s, c)| credits(l, *c, *s))
            .collect::<Vec<_>>()
            .join(" + ");
        let entered = if entered.is_empty() {
            "0".to_string()
        } else {
            entered
        };
        view! {
            <tr>
                <th scope="row">{l.text(label)}</th>
                <td class="num">{entered}</td>
                <td class="num">{show_tenths(t.ects_tenths)}" ECTS"</td>
                <td class="num">{credits(l, t.home_centi, rules.scheme)}</td>
            </tr>
        }
    };
    let rule = if rule_version == 0 {
        l.text(Key::LaRulesDefault).to_string()
    } else {
        l.fill(Key::LaRulesVersion, &[("n", &rule_version.to_string())])
    };
    view! {
        {scroll_region(l.text(Key::LaTotals), view! {
            <table class="totals" aria-label=l.text(Key::LaTotals)>
                <thead>
                    <tr>
                        <th scope="col">{l.text(Key::LaTotals)}</th>
                        <th scope="col">{l.text(Key::LaAsEntered)}</th>
                        <th scope="col">"ECTS"</th>
                        <th scope="col">{l.text(Key::LaInHomeScheme)}</th>
                    </tr>
                </thead>
                <tbody>
                    {line(Side::Host, Key::LaSideHost)}
                    {line(Side::Home, Key::LaSideHome)}
                </tbody>
            </table>
        })}
        <p class="hint">{rule}</p>
    }
}

/// The form adding one component to the open version.
pub fn add_form(
    l: Locale,
    id: i64,
    needs_reason: bool,
    rules: &Rules,
    components: &[Component],
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    // With JavaScript, the side's total as it would be with the course being typed (an
    // island, given the strings it shows).
    let live_text = LiveTotalText {
        template: l.text(Key::LaLiveTotal).to_string(),
        host: l.text(Key::LaSideHost).to_string(),
        home: l.text(Key::LaSideHome).to_string(),
        schemes: Scheme::ALL
            .iter()
            .map(|s| (s.code().to_string(), l.text(s.label()).to_string()))
            .collect(),
    };
    let (rules_now, components) = (*rules, components.to_vec());
    let field = move |name: &'static str, label: Key, kind: &'static str, hint: Option<Key>| {
        let problem = problem_for(error, name);
        let value = kept_value(name, String::new());
        let input_id = format!("c-{name}");
        view! {
            <div class="field" class:invalid=move || problem.get().is_some()>
                <label for=input_id.clone()>{l.text(label)}</label>
                {hint.map(|h| view! { <p class="hint">{l.text(h)}</p> })}
                <input id=input_id name=format!("c[{name}]") type=kind value=move || value.get() inputmode=(kind == "number").then_some("numeric")/>
                {move || problem.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
            </div>
        }
    };
    let select = move |name: &'static str,
                       label: Key,
                       options: Vec<(String, String)>,
                       default: String| {
        let problem = problem_for(error, name);
        let chosen = kept_value(name, default);
        let input_id = format!("c-{name}");
        view! {
            <div class="field" class:invalid=move || problem.get().is_some()>
                <label for=input_id.clone()>{l.text(label)}</label>
                <select id=input_id name=format!("c[{name}]")>
                    {options.into_iter().map(|(v, text)| {
                        let sel = {
                            let v = v.clone();
                            move || chosen.get() == v
                        };
                        view! { <option value=v selected=sel>{text}</option> }
                    }).collect_view()}
                </select>
                {move || problem.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
            </div>
        }
    };
    let sides = vec![
        ("host".to_string(), l.text(Key::LaSideHost).to_string()),
        ("home".to_string(), l.text(Key::LaSideHome).to_string()),
    ];
    let schemes: Vec<(String, String)> = Scheme::ALL
        .iter()
        .map(|s| (s.code().to_string(), l.text(s.label()).to_string()))
        .collect();
    view! {
        <section class="card" aria-labelledby="add-heading">
            <h2 id="add-heading">{l.text(Key::LaAdd)}</h2>
            <form method="post" action=AddComponent::PATH class="form grid">
                <input type="hidden" name="id" value=id/>
                {select("side", Key::LaSide, sides, "host".into())}
                {field("grp", Key::LaGroup, "number", Some(Key::LaGroupHint))}
                {field("code", Key::LaCode, "text", None)}
                {field("title", Key::LaCourse, "text", Some(Key::LaTitleHint))}
                {field("term", Key::LaTerm, "text", None)}
                {select("scheme", Key::LaScheme, schemes, rules.scheme.code().into())}
                {field("credits", Key::LaCredits, "text", None)}
                {field("hours", Key::LaHours, "number", None)}
                <div class="field checkbox">
                    <input id="c-provisional" type="checkbox" name="c[provisional]" value="on"/>
                    <label for="c-provisional">{l.text(Key::LaProvisionalLabel)}</label>
                </div>
                {needs_reason.then(|| field("reason", Key::LaReason, "text", Some(Key::LaReasonHint)))}
                <LiveTotal components rules=rules_now text=live_text/>
                <div class="actions"><button type="submit" class="primary">{l.text(Key::LaAddButton)}</button></div>
            </form>
        </section>
    }
}

/// The differences between versions `from` and `to`, with the reasons given.
pub fn changes_view(l: Locale, from: i64, to: i64, changes: &[Change]) -> impl IntoView {
    let describe = |c: &Component| {
        format!(
            "{} · {} {} · {}",
            if c.side == Side::Host {
                l.text(Key::LaSideHost)
            } else {
                l.text(Key::LaSideHome)
            },
            c.code,
            c.title,
            credits(l, c.credits_centi, c.scheme)
        )
    };
    let items = changes
        .iter()
        .map(|c| match c {
            Change::Added { component, reason } => view! {
                <li class="added"><strong>{l.text(Key::LaDiffAdded)}": "</strong>{describe(component)}
                    {(!reason.is_empty()).then(|| view! { <br/><em>{l.text(Key::LaReason)}": "{reason.clone()}</em> })}</li>
            }
            .into_any(),
            Change::Removed { component, reason } => view! {
                <li class="removed"><strong>{l.text(Key::LaDiffRemoved)}": "</strong>{describe(component)}
                    {(!reason.is_empty()).then(|| view! { <br/><em>{l.text(Key::LaReason)}": "{reason.clone()}</em> })}</li>
            }
            .into_any(),
            Change::Changed { before, after } => view! {
                <li class="changed"><strong>{l.text(Key::LaDiffChanged)}": "</strong>{describe(before)}" → "{describe(after)}</li>
            }
            .into_any(),
        })
        .collect_view();
    let title = l.fill(
        Key::LaDiffTitle,
        &[("from", &from.to_string()), ("to", &to.to_string())],
    );
    view! {
        <section class="card diff" aria-labelledby="diff-heading">
            <h2 id="diff-heading">{title}</h2>
            {if changes.is_empty() {
                view! { <p>{l.text(Key::LaDiffNone)}</p> }.into_any()
            } else {
                view! { <ul class="plain">{items}</ul> }.into_any()
            }}
        </section>
    }
}
