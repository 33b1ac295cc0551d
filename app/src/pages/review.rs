//! `/review/outgoing` and `/review/incoming`: a coordinator's two queues — a GET filter form
//! (shareable URL), counts per state, a keyset-paged table with a checkbox per line, one
//! decision with one reason for every checked line, ranks of nominees, and the CSV export.
use crate::api::applications::{review_queue, DecideApplications, RankNominees};
use crate::api::error::AppError;
use crate::components::form::{form_error, problem_for, FormMessage};
use crate::components::raw_text::{PageTitle, TextArea};
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::account::Level;
use crate::domain::application::{Action, State};
use crate::domain::queue_view::{Queue, QueueFilter, Side};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let side = Memo::new(move |_| {
        params
            .read()
            .get("side")
            .and_then(|s| Side::parse(&s))
            .unwrap_or(Side::Outgoing)
    });
    let filter = Memo::new(move |_| query.with(|q| QueueFilter::from_query(|k| q.get(k))));
    let queue = Resource::new(
        move || (side.get(), filter.get()),
        |(side, filter)| review_queue(side.code().to_string(), filter),
    );
    let error = form_error::<DecideApplications>(&["form", "reason", "action", "sel"]);
    let notice = move || {
        query.with(|q| {
            let done = q.get("done").as_deref().and_then(Action::parse)?;
            let n = q.get("n").unwrap_or_default();
            let refused = q.get("refused").unwrap_or_default();
            Some(l.fill(
                Key::ReviewDone,
                &[
                    ("action", l.text(done.label())),
                    ("n", &n),
                    ("refused", &refused),
                ],
            ))
        })
    };
    // The head's title is rendered after the body, when reactive values of the page may be gone:
    // it is fixed per page load, and the tabs load their page (rel="external").
    let current = side.get_untracked();
    let title = match current {
        Side::Outgoing => t(Key::ReviewOutgoing),
        Side::Incoming => t(Key::ReviewIncoming),
    };
    view! {
        <PageTitle text=title/>
        <h1>{title}</h1>
        <nav class="tabs" aria-label=t(Key::NavReview)>
            <a href="/review/outgoing" rel="external" aria-current=(current == Side::Outgoing).then_some("page")>{t(Key::ReviewOutgoing)}</a>
            <a href="/review/incoming" rel="external" aria-current=(current == Side::Incoming).then_some("page")>{t(Key::ReviewIncoming)}</a>
            <a href="/manage/rules">{t(Key::RulesTitle)}</a>
        </nav>
        {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <FormMessage error/>
        <Loaded resource=queue render=move |q| queue_view(l, q, error)/>
    }
}

fn filter_form(l: Locale, q: &Queue) -> impl IntoView {
    let f = &q.filter;
    let chosen_opportunity = f.opportunity.map(|o| o.to_string()).unwrap_or_default();
    let chosen_state = f.state.map(|s| s.code()).unwrap_or_default();
    let chosen_level = f.level.clone().unwrap_or_default();
    view! {
        <form method="get" action=format!("/review/{}", q.side.code()) class="filters">
            <div class="field">
                <label for="q">{l.text(Key::ReviewSearch)}</label>
                <input id="q" name="q" type="search" value=f.q.clone()/>
            </div>
            <div class="field">
                <label for="opportunity">{l.text(Key::ReviewOpportunity)}</label>
                <select id="opportunity" name="opportunity">
                    <option value="">{l.text(Key::CatalogueAny)}</option>
                    {q.opportunities.iter().map(|(id, title)| {
                        let sel = chosen_opportunity == id.to_string();
                        view! { <option value=*id selected=sel>{title.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="state">{l.text(Key::ReviewState)}</label>
                <select id="state" name="state">
                    <option value="">{l.text(Key::CatalogueAny)}</option>
                    {q.side.states().iter().map(|s| {
                        let sel = chosen_state == s.code();
                        view! { <option value=s.code() selected=sel>{l.text(s.label())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="level">{l.text(Key::ApplyLevel)}</label>
                <select id="level" name="level">
                    <option value="">{l.text(Key::CatalogueAny)}</option>
                    {Level::ALL.iter().map(|lv| {
                        let sel = chosen_level == lv.code();
                        view! { <option value=lv.code() selected=sel>{l.text(lv.label())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sort">{l.text(Key::ReviewSort)}</label>
                <select id="sort" name="sort">
                    <option value="newest" selected=!f.oldest>{l.text(Key::ReviewNewest)}</option>
                    <option value="oldest" selected=f.oldest>{l.text(Key::ReviewOldest)}</option>
                </select>
            </div>
            <div class="actions"><button type="submit">{l.text(Key::ReviewFilter)}</button></div>
        </form>
    }
}

fn counts_view(l: Locale, q: &Queue) -> impl IntoView {
    let base = {
        let mut f = q.filter.clone();
        f.state = None;
        f.query()
    };
    let side = q.side.code();
    view! {
        <ul class="counts" aria-label=l.text(Key::ReviewCounts)>
            {q.counts.iter().filter(|(_, n)| *n > 0).map(|(s, n)| {
                let sep = if base.is_empty() { "" } else { "&" };
                let href = format!("/review/{side}?{base}{sep}state={}", s.code());
                view! { <li><a href=href>{l.text(s.label())}": "<strong>{*n}</strong></a></li> }
            }).collect_view()}
        </ul>
    }
}

fn queue_view(l: Locale, q: Queue, error: Signal<Option<AppError>>) -> impl IntoView {
    let side = q.side;
    let reason = problem_for(error, "reason");
    let back = q.filter.query();
    let csv = match side {
        Side::Outgoing => format!("/exports/review-outgoing.csv?{back}"),
        Side::Incoming => format!("/exports/review-incoming.csv?{back}"),
    };
    let next = q.next.map(|n| {
        let sep = if back.is_empty() { "" } else { "&" };
        format!("/review/{}?{back}{sep}after={n}", side.code())
    });
    let rankable =
        side == Side::Outgoing && q.lines.iter().any(|line| line.state == State::Nominated);
    let empty = q.lines.is_empty();
    let rows = q
        .lines
        .iter()
        .map(|line| {
            let check_id = format!("sel-{}", line.id);
            let label = l.fill(Key::ReviewSelect, &[("name", &line.applicant_name)]);
            let rank = (side == Side::Outgoing && line.state == State::Nominated).then(|| {
                let rank_id = format!("rank-{}", line.id);
                view! {
                    <label for=rank_id.clone() class="visually-hidden">{l.text(Key::ReviewRank)}</label>
                    <input id=rank_id form="rank-form" class="rank" type="number" min="1" max="9999" name=format!("rank[{}]", line.id) value=line.rank.map(|r| r.to_string()).unwrap_or_default()/>
                }
            });
            view! {
                <tr>
                    <td>
                        <input id=check_id.clone() type="checkbox" name=format!("sel[{}]", line.id) value="1"/>
                        <label for=check_id class="visually-hidden">{label}</label>
                    </td>
                    <td><a href=format!("/applications/{}", line.id)>{line.applicant_name.clone()}</a></td>
                    <td>{match side { Side::Outgoing => line.host_name.clone(), Side::Incoming => line.home_name.clone() }}</td>
                    <td>{line.opportunity_title.clone()}</td>
                    <td>{Level::parse(&line.level).map(|lv| l.text(lv.label()).to_string()).unwrap_or_default()}</td>
                    <td><span class=format!("status status-{}", line.state.code())>{l.text(line.state.label())}</span></td>
                    <td>{line.submitted_at.map(crate::domain::dates::utc_date).unwrap_or_default()}</td>
                    <td>{rank}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {filter_form(l, &q)}
        {counts_view(l, &q)}
        <p><a href=csv download="">{l.text(Key::ReviewCsv)}</a></p>
        {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::ReviewEmpty)}</p> })}
        {(!empty).then(|| view! {
            <form method="post" action=DecideApplications::PATH id="bulk-form" class="form">
                <input type="hidden" name="side" value=side.code()/>
                <input type="hidden" name="back" value=back.clone()/>
                {scroll_region(l.text(match side { Side::Outgoing => Key::ReviewOutgoing, Side::Incoming => Key::ReviewIncoming }), view! {
                    <table class="list">
                        <thead><tr>
                            <th scope="col"><span class="visually-hidden">{l.text(Key::ReviewSelectColumn)}</span></th>
                            <th scope="col">{l.text(Key::ReviewApplicant)}</th>
                            <th scope="col">{match side { Side::Outgoing => l.text(Key::ReviewHost), Side::Incoming => l.text(Key::ReviewHome) }}</th>
                            <th scope="col">{l.text(Key::ReviewOpportunity)}</th>
                            <th scope="col">{l.text(Key::ApplyLevel)}</th>
                            <th scope="col">{l.text(Key::ReviewState)}</th>
                            <th scope="col">{l.text(Key::ReviewSubmitted)}</th>
                            <th scope="col">{l.text(Key::ReviewRank)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                })}
                <fieldset class="bulk">
                    <legend>{l.text(Key::ReviewBulk)}</legend>
                    <div class="field" class:invalid=move || reason.get().is_some()>
                        <label for="bulk-reason">{l.text(Key::ApplyReasonLabel)}</label>
                        <TextArea value={String::new()} {..} id="bulk-reason" name="reason" rows="2"/>
                        {move || reason.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                    </div>
                    <div class="actions">
                        {side.bulk_actions().iter().map(|a| view! {
                            <button type="submit" name="action" value=a.code()>{l.text(a.label())}</button>
                        }).collect_view()}
                    </div>
                </fieldset>
            </form>
        })}
        {rankable.then(|| view! {
            <form method="post" action=RankNominees::PATH id="rank-form" class="inline">
                <button type="submit">{l.text(Key::ReviewSaveRanks)}</button>
            </form>
        })}
        {next.map(|h| view! { <nav class="pager" aria-label=l.text(Key::AdminPages)><a href=h rel="next">{l.text(Key::AdminNext)}</a></nav> })}
    }
}
