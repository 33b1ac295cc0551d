//! `/calendar`: a month of opportunities — each on its dates, each application deadline on its
//! day — for the catalogue's filter. Choosing a date lists its events; everything is links
//! and a GET form, so it works without JavaScript. The deadlines of the same filter are an
//! iCalendar feed (`/calendar.ics`).
use super::events::date_range;
use super::opportunities::{filter_form, filter_query, kind_label};
use crate::api::{directory::list_alliances, opportunities::opportunity_calendar};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::dates::{days_from_civil, days_in_month, format_date, utc_date, weekday};
use crate::domain::opportunity::{parse_month, CalendarMonth, Filter, OpportunityCard};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const MONTHS: [Key; 12] = [
    Key::CalendarN01,
    Key::CalendarN02,
    Key::CalendarN03,
    Key::CalendarN04,
    Key::CalendarN05,
    Key::CalendarN06,
    Key::CalendarN07,
    Key::CalendarN08,
    Key::CalendarN09,
    Key::CalendarN10,
    Key::CalendarN11,
    Key::CalendarN12,
];

const WEEKDAYS: [Key; 7] = [
    Key::CalendarMon,
    Key::CalendarTue,
    Key::CalendarWed,
    Key::CalendarThu,
    Key::CalendarFri,
    Key::CalendarSat,
    Key::CalendarSun,
];

#[component]
pub fn CalendarPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| Filter::from_query(|k| q.get(k))));
    let month = Memo::new(move |_| query.with(|q| q.get("month")));
    let date = Memo::new(move |_| query.with(|q| q.get("date")));
    let base = Memo::new(move |_| query.with(|q| filter_query(|k| q.get(k))));
    let data = Resource::new(
        move || (filter.get(), month.get(), date.get()),
        |(f, m, d)| opportunity_calendar(f, m, d),
    );
    let alliances = Resource::new(|| (), |_| list_alliances());
    view! {
        <PageTitle text=t(Key::CalendarTitle)/>
        <h1>{t(Key::CalendarTitle)}</h1>
        <p class="lead">{t(Key::CalendarLead)}</p>
        <Loaded resource=alliances render=move |o| {
            let month = month.get_untracked().map(|m| vec![("month", m)]).unwrap_or_default();
            filter_form(l, filter.get_untracked(), o, "/calendar", month)
        }/>
        <Loaded resource=data render=move |m| month_view(l, m, base.get_untracked())/>
    }
}

fn title(l: Locale, y: i64, m: u32) -> String {
    let name = MONTHS
        .get(m.saturating_sub(1) as usize)
        .map(|k| l.text(*k))
        .unwrap_or_default();
    l.fill(
        Key::CalendarMonthTitle,
        &[("month", name), ("year", &y.to_string())],
    )
}

fn href(base: &str, month: &str, date: Option<&str>) -> String {
    let sep = if base.is_empty() { "" } else { "&" };
    match date {
        Some(d) => format!("/calendar?{base}{sep}month={month}&date={d}#events"),
        None => format!("/calendar?{base}{sep}month={month}"),
    }
}

fn runs_on(c: &OpportunityCard, day: &str) -> bool {
    c.starts_on.as_str() <= day && day <= c.ends_on.as_str()
}

fn month_view(l: Locale, m: CalendarMonth, base: String) -> impl IntoView {
    let Some((y, mo)) = parse_month(&m.month) else {
        return ().into_any();
    };
    let first = days_from_civil(y, mo, 1);
    let len = i64::from(days_in_month(y, mo));
    let (py, pm) = if mo == 1 { (y - 1, 12) } else { (y, mo - 1) };
    let (ny, nm) = if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
    let prev = format!("{py:04}-{pm:02}");
    let next = format!("{ny:04}-{nm:02}");
    // Weeks of seven cells, Monday first; `None` pads before the 1st and after the last day.
    let lead = i64::from(weekday(first));
    let cells: Vec<Option<i64>> = (0..lead)
        .map(|_| None)
        .chain((0..len).map(|d| Some(first + d)))
        .collect();
    let weeks: Vec<Vec<Option<i64>>> = cells
        .chunks(7)
        .map(|w| {
            let mut w = w.to_vec();
            w.resize(7, None);
            w
        })
        .collect();
    let cell = {
        let (days, base, month, selected, today) = (
            m.days.clone(),
            base.clone(),
            m.month.clone(),
            m.date.clone(),
            m.today.clone(),
        );
        move |day: Option<i64>| {
            let Some(day) = day else {
                return view! { <td class="pad"></td> }.into_any();
            };
            let iso = format_date(day);
            let marks = days
                .get((day - first) as usize)
                .copied()
                .unwrap_or_default();
            let (runs, deadlines, events) = (marks.runs, marks.deadlines, marks.events);
            let label = l.fill(
                Key::CalendarDayLabel,
                &[
                    ("date", &l.long_date(&iso)),
                    ("runs", &runs.to_string()),
                    ("deadlines", &deadlines.to_string()),
                ],
            );
            let number = iso
                .get(8..10)
                .unwrap_or_default()
                .trim_start_matches('0')
                .to_string();
            let is_selected = selected.as_deref() == Some(iso.as_str());
            let (is_today, busy) = (iso == today, runs + deadlines + events > 0);
            let events_label = (events > 0)
                .then(|| l.fill(Key::EventsDayCount, &[("count", &events.to_string())]));
            view! {
                <td class:today=is_today class:selected=is_selected class:busy=busy>
                    <a href=href(&base, &month, Some(&iso)) aria-current=is_selected.then_some("date")>
                        <span class="day" aria-hidden="true">{number}</span>
                        <span class="visually-hidden">{label}{events_label.map(|e| format!(", {e}"))}</span>
                        {(runs > 0).then(|| view! { <span class="runs" aria-hidden="true">{runs}</span> })}
                        {(deadlines > 0).then(|| view! { <span class="deadlines" aria-hidden="true">"⏰"{deadlines}</span> })}
                        {(events > 0).then(|| view! { <span class="gatherings" aria-hidden="true">"★"{events}</span> })}
                    </a>
                </td>
            }
            .into_any()
        }
    };
    let feed = {
        let sep = if base.is_empty() { "" } else { "&" };
        format!("/calendar.ics?{base}{sep}lang={}", l.code())
    };
    let events = m.date.clone().map(|day| {
        let title = l.fill(Key::CalendarEventsOn, &[("date", &l.long_date(&day))]);
        let empty = m.cards.is_empty() && m.events.is_empty();
        let gatherings = (!m.events.is_empty()).then(|| {
            let items = m
                .events
                .iter()
                .map(|e| {
                    view! {
                        <li>
                            <span class="kind">{l.text(e.kind.label())}</span>" "
                            <a href=format!("/events/{}", e.id) lang=e.text.lang.clone()>{e.text.title.clone()}</a>
                            " · "<span lang=e.text.lang.clone()>{e.text.place.clone()}</span>
                            <span class="when">" · "{date_range(l, &e.starts_on, &e.ends_on)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3>{l.text(Key::EventsOnDay)}</h3>
                <ul class="events">{items}</ul>
            }
        });
        let items = m
            .cards
            .iter()
            .map(|c| {
                let runs = runs_on(c, &day);
                let closes = utc_date(c.closes_at) == day;
                view! {
                    <li>
                        <span class="kind">{l.text(kind_label(c.kind))}</span>" "
                        <a href=format!("/opportunities/{}", c.id) lang=c.text_lang.clone()>{c.title.clone()}</a>
                        " · "{c.host_name.clone()}
                        {runs.then(|| view! { <span class="when">" · "{l.long_date(&c.starts_on)}" – "{l.long_date(&c.ends_on)}</span> })}
                        {closes.then(|| view! { <strong class="deadline">" · "{l.text(Key::CatalogueDeadline)}" "{l.long_date(&utc_date(c.closes_at))}</strong> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <h2 id="events-heading">{title}</h2>
            {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::CalendarNone)}</p> })}
            {gatherings}
            <ul class="events">{items}</ul>
        }
    });
    view! {
        <nav class="month-nav" aria-label=l.text(Key::CalendarMonths)>
            <a href=href(&base, &prev, None) rel="prev">"← "{title(l, py, pm)}</a>
            <h2 id="month-heading">{title(l, y, mo)}</h2>
            <a href=href(&base, &next, None) rel="next">{title(l, ny, nm)}" →"</a>
        </nav>
        <table class="calendar" aria-labelledby="month-heading">
            <thead><tr>{WEEKDAYS.iter().map(|k| view! { <th scope="col">{l.text(*k)}</th> }).collect_view()}</tr></thead>
            <tbody>
                {weeks.into_iter().map(|w| view! { <tr>{w.into_iter().map(cell.clone()).collect_view()}</tr> }).collect_view()}
            </tbody>
        </table>
        <p class="legend">{l.text(Key::CalendarLegend)}</p>
        {m.truncated.then(|| view! { <p class="notice">{l.text(Key::CalendarTruncated)}</p> })}
        <p><a href=feed type="text/calendar">{l.text(Key::CalendarSubscribe)}</a></p>
        <section id="events" aria-labelledby="events-heading">
            {match events {
                Some(e) => e.into_any(),
                None => view! { <h2 id="events-heading">{l.text(Key::CalendarChoose)}</h2> }.into_any(),
            }}
        </section>
    }
    .into_any()
}
