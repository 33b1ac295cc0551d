//! `/manage/events` (every event the staff member may write, drafts too) and
//! `/manage/events/new`, `/manage/events/{id}/edit` (the editor: a plain form posted as
//! `f[...]`, with or without JavaScript; a refused form comes back with every value kept).
use super::events::date_range;
use super::register::language_name;
use crate::api::error::AppError;
use crate::api::events::{event_editor, managed_events, SaveEvent};
use crate::components::form::{
    editor_resource, form_error, text_area, Field, FormMessage, SelectField,
};
use crate::components::pager::pager;
use crate::components::publication::status_badge;
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::event::{EventEditing, EventKind, EventListing};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ManageEventsPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse().ok())));
    let deleted = move || query.with(|q| q.get("deleted").is_some());
    let list = Resource::new(move || page.get(), managed_events);
    view! {
        <PageTitle text=t(Key::EventsManage)/>
        <h1>{t(Key::EventsManage)}</h1>
        <Show when=deleted><p class="notice" role="status">{t(Key::EventsDeleted)}</p></Show>
        <Loaded resource=list render=move |e| managed_view(l, e)/>
    }
}

fn managed_view(l: Locale, e: EventListing) -> impl IntoView {
    let empty = e.lines.is_empty();
    let pager = pager(l, e.page, e.pages, |p| format!("/manage/events?page={p}"));
    view! {
        <p><a class="button primary" href="/manage/events/new">{l.text(Key::EventsNew)}</a></p>
        {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::EventsEmpty)}</p> })}
        {scroll_region(l.text(Key::EventsManage), view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{l.text(Key::EditorTitleField)}</th>
                    <th scope="col">{l.text(Key::AdminAlliance)}</th>
                    <th scope="col">{l.text(Key::EventsWhen)}</th>
                    <th scope="col">{l.text(Key::ManageStatus)}</th>
                </tr></thead>
                <tbody>
                    {e.lines.into_iter().map(|line| {
                        view! {
                            <tr>
                                <td lang=line.text.lang.clone()><a href=format!("/events/{}", line.id)>{line.text.title.clone()}</a></td>
                                <td>{line.alliance.clone()}</td>
                                <td>{date_range(l, &line.starts_on, &line.ends_on)}</td>
                                <td>{status_badge(l, line.status)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {pager}
    }
}

/// Every field the editor can show an error for.
const FIELDS_WITH_ERRORS: &[&str] = &[
    "alliance_id",
    "host_university_id",
    "kind",
    "starts_on",
    "ends_on",
    "original_lang",
    "title_en",
    "title_ru",
    "title_zh",
    "place_en",
    "place_ru",
    "place_zh",
    "description_en",
    "description_ru",
    "description_zh",
    "register_url",
    "opportunity_id",
];

#[component]
pub fn EventEditorPage() -> impl IntoView {
    let l = use_locale();
    let editor = editor_resource(event_editor);
    let error = form_error::<SaveEvent>(FIELDS_WITH_ERRORS);
    view! {
        <PageTitle text=t(Key::EventsEditorTitle)/>
        <h1>{t(Key::EventsEditorTitle)}</h1>
        <Loaded resource=editor render=move |e| editor_form(l, e, error)/>
    }
}

fn editor_form(l: Locale, e: EventEditing, error: Signal<Option<AppError>>) -> impl IntoView {
    let f = e.form;
    let value = |s: &String| Signal::stored(s.clone());
    let pairs = |v: &[(i64, String)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(id, n)| (id.to_string(), n.clone()))
            .collect()
    };
    let kinds: Vec<(String, String)> = EventKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), l.text(k.label()).to_string()))
        .collect();
    let locales: Vec<(String, String)> = Locale::ALL
        .iter()
        .map(|x| (x.code().to_string(), l.text(language_name(*x)).to_string()))
        .collect();
    let texts = Locale::ALL.map(|x| {
        let code = x.code();
        let get = |m: &std::collections::BTreeMap<String, String>| {
            m.get(code).cloned().unwrap_or_default()
        };
        let (title, place, description) = match x {
            Locale::En => ("title_en", "place_en", "description_en"),
            Locale::Ru => ("title_ru", "place_ru", "description_ru"),
            Locale::Zh => ("title_zh", "place_zh", "description_zh"),
        };
        view! {
            <fieldset lang=code>
                <legend>{l.text(language_name(x))}</legend>
                <Field name=title label=Key::EditorTitleField error value=Signal::stored(get(&f.title)) post_as=format!("f[title][{code}]") lang=code/>
                <Field name=place label=Key::EventsPlace error value=Signal::stored(get(&f.place)) post_as=format!("f[place][{code}]") lang=code/>
                {text_area(description, format!("f[description][{code}]"), l.text(Key::EditorDescription).into(), get(&f.description), 6, Some(code), error)}
            </fieldset>
        }
    });
    let back = match e.id {
        Some(id) => format!("/events/{id}"),
        None => "/manage/events".to_string(),
    };
    view! {
        <form method="post" action=SaveEvent::PATH class="form editor">
            <FormMessage error/>
            {e.id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <fieldset>
                <legend>{l.text(Key::EditorWhere)}</legend>
                <SelectField name="alliance_id" label=Key::AdminAlliance error options=pairs(&e.alliances) required=true placeholder=Key::FieldChoose selected=value(&f.alliance_id) post_as="f[alliance_id]"/>
                <SelectField name="kind" label=Key::EventsKind error options=kinds required=true placeholder=Key::FieldChoose selected=value(&f.kind) post_as="f[kind]"/>
                <SelectField name="host_university_id" label=Key::EventsHost error options=pairs(&e.universities) placeholder=Key::EventsNoHost selected=value(&f.host_university_id) post_as="f[host_university_id]"/>
                <Field name="starts_on" label=Key::EditorStartsOn kind="date" required=true error value=value(&f.starts_on) post_as="f[starts_on]"/>
                <Field name="ends_on" label=Key::EditorEndsOn kind="date" required=true error value=value(&f.ends_on) post_as="f[ends_on]"/>
            </fieldset>
            <fieldset>
                <legend>{l.text(Key::EditorTexts)}</legend>
                <p class="hint">{l.text(Key::EditorTextsHint)}" "{l.text(Key::NewsBodyHint)}</p>
                <SelectField name="original_lang" label=Key::EditorOriginal error options=locales required=true selected=value(&f.original_lang) post_as="f[original_lang]"/>
                {texts.into_iter().collect_view()}
            </fieldset>
            <fieldset>
                <legend>{l.text(Key::EventsRegistration)}</legend>
                <Field name="register_url" label=Key::EventsRegisterUrl kind="url" error value=value(&f.register_url) post_as="f[register_url]" hint=Key::EventsRegisterUrlHint/>
                <Field name="opportunity_id" label=Key::EventsOpportunity error value=value(&f.opportunity_id) post_as="f[opportunity_id]" hint=Key::EventsOpportunityHint/>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">{l.text(Key::NewsSave)}</button>
                <a class="button" href=back>{l.text(Key::EditorBack)}</a>
            </div>
        </form>
    }
}
