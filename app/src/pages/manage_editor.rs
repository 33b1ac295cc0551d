//! `/manage/opportunities/new` and `/manage/opportunities/{id}/edit`: the opportunity editor.
//! A plain form (posted as `f[...]`, with or without JavaScript); a refused form comes back
//! with every value kept (from the session) and each problem next to its field.
use super::opportunities::kind_label;
use super::opportunity::document_label;
use super::register::language_name;
use crate::api::error::AppError;
use crate::api::manage::{opportunity_editor, SaveOpportunity};
use crate::components::form::{
    editor_resource, form_error, problem_for, text_area, Field, FormMessage, SelectField,
};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::account::Level;
use crate::domain::dates::{offset_label, TIME_ZONES};
use crate::domain::opportunity::{Kind, FIELDS};
use crate::domain::opportunity_form::{Editor, OpportunityForm, CEFR, DOCUMENTS};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// Every field the editor can show an error for.
const FIELDS_WITH_ERRORS: &[&str] = &[
    "host_university_id",
    "alliance_id",
    "kind",
    "field_code",
    "original_lang",
    "title_en",
    "title_ru",
    "title_zh",
    "summary_en",
    "summary_ru",
    "summary_zh",
    "description_en",
    "description_ru",
    "description_zh",
    "languages",
    "levels",
    "starts_on",
    "ends_on",
    "opens_at",
    "closes_at",
    "time_zone",
    "capacity",
    "quota_per_university",
    "offer_days",
    "fees_note",
    "contact_name",
    "contact_email",
];

#[component]
pub fn OpportunityEditorPage() -> impl IntoView {
    let l = use_locale();
    let editor = editor_resource(opportunity_editor);
    let error = form_error::<SaveOpportunity>(FIELDS_WITH_ERRORS);
    let query = use_query_map();
    let duplicated = move || query.read().get("duplicated").is_some();
    view! {
        <PageTitle text=t(Key::EditorTitle)/>
        <h1>{t(Key::EditorTitle)}</h1>
        <Show when=duplicated><p class="notice" role="status">{t(Key::EditorDuplicated)}</p></Show>
        <Loaded resource=editor render=move |e| editor_form(l, e, error)/>
    }
}

fn options(list: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    list.into_iter().collect()
}

/// A fieldset whose error belongs to the group (`languages`, `levels`).
fn group_error(name: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    let problem = problem_for(error, name);
    move || {
        problem.get().map(
            |p| view! { <p class="field-error" id=format!("{name}-error")>{t(p.message())}</p> },
        )
    }
}

fn checkbox(group: &'static str, code: String, label: String, checked: bool) -> impl IntoView {
    let id = format!("{group}-{code}");
    view! {
        <div class="field checkbox">
            <input id=id.clone() type="checkbox" name=format!("f[{group}][{code}]") value="1" checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}

fn editor_form(l: Locale, e: Editor, error: Signal<Option<AppError>>) -> impl IntoView {
    let f: OpportunityForm = e.form;
    let value = |s: &String| Signal::stored(s.clone());
    let kinds = options(
        Kind::ALL
            .iter()
            .map(|k| (k.code().to_string(), l.text(kind_label(*k)).to_string())),
    );
    let fields = options(
        FIELDS
            .iter()
            .map(|(c, n)| (c.to_string(), format!("{c} {n}"))),
    );
    let universities = options(
        e.universities
            .iter()
            .map(|(id, n)| (id.to_string(), n.clone())),
    );
    let alliances = options(
        e.alliances
            .iter()
            .map(|(id, n, _)| (id.to_string(), n.clone())),
    );
    let locales = options(
        Locale::ALL
            .iter()
            .map(|x| (x.code().to_string(), l.text(language_name(*x)).to_string())),
    );
    let zones = options(
        TIME_ZONES
            .iter()
            .map(|(z, o)| (z.to_string(), format!("{z} ({})", offset_label(*o)))),
    );
    let texts = Locale::ALL.map(|x| {
        let code = x.code();
        let get = |m: &std::collections::BTreeMap<String, String>| m.get(code).cloned().unwrap_or_default();
        let (title_name, summary_name, description_name) = match x {
            Locale::En => ("title_en", "summary_en", "description_en"),
            Locale::Ru => ("title_ru", "summary_ru", "description_ru"),
            Locale::Zh => ("title_zh", "summary_zh", "description_zh"),
        };
        view! {
            <fieldset lang=code>
                <legend>{l.text(language_name(x))}</legend>
                <Field name=title_name label=Key::EditorTitleField error value=Signal::stored(get(&f.title)) post_as=format!("f[title][{code}]") lang=code/>
                {text_area(summary_name, format!("f[summary][{code}]"), l.text(Key::EditorSummary).into(), get(&f.summary), 2, Some(code), error)}
                {text_area(description_name, format!("f[description][{code}]"), l.text(Key::EditorDescription).into(), get(&f.description), 6, Some(code), error)}
            </fieldset>
        }
    });
    let languages = Locale::ALL.map(|x| {
        let code = x.code();
        let chosen = f.languages.get(code).cloned().unwrap_or_default();
        let id = format!("language-{code}");
        view! {
            <div class="field">
                <label for=id.clone()>{l.text(language_name(x))}</label>
                <select id=id name=format!("f[languages][{code}]") aria-describedby="languages-error">
                    <option value="">{l.text(Key::EditorNotTaught)}</option>
                    {CEFR.iter().map(|c| view! { <option value=*c selected=chosen == *c>{*c}</option> }).collect_view()}
                </select>
            </div>
        }
    });
    let levels = Level::ALL
        .iter()
        .map(|lv| {
            let code = lv.code();
            checkbox(
                "levels",
                code.into(),
                l.text(lv.label()).into(),
                f.levels.contains_key(code),
            )
        })
        .collect_view();
    let documents = DOCUMENTS
        .iter()
        .map(|d| {
            checkbox(
                "documents",
                d.to_string(),
                l.text(document_label(d)).into(),
                f.documents.contains_key(*d),
            )
        })
        .collect_view();
    let cancel_href = match e.id {
        Some(id) => format!("/manage/opportunities/{id}"),
        None => "/manage/opportunities".to_string(),
    };
    view! {
        <form method="post" action=SaveOpportunity::PATH class="form editor">
            <FormMessage error/>
            {e.id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <fieldset>
                <legend>{l.text(Key::EditorWhere)}</legend>
                <SelectField name="host_university_id" label=Key::EditorHost error options=universities required=true placeholder=Key::FieldChoose selected=value(&f.host_university_id) post_as="f[host_university_id]"/>
                <SelectField name="alliance_id" label=Key::AdminAlliance error options=alliances required=true placeholder=Key::FieldChoose selected=value(&f.alliance_id) post_as="f[alliance_id]"/>
                <SelectField name="kind" label=Key::CatalogueKind error options=kinds required=true placeholder=Key::FieldChoose selected=value(&f.kind) post_as="f[kind]"/>
                <SelectField name="field_code" label=Key::CatalogueField error options=fields required=true placeholder=Key::FieldChoose selected=value(&f.field_code) post_as="f[field_code]"/>
            </fieldset>
            <fieldset>
                <legend>{l.text(Key::EditorTexts)}</legend>
                <p class="hint">{l.text(Key::EditorTextsHint)}</p>
                <SelectField name="original_lang" label=Key::EditorOriginal error options=locales required=true selected=value(&f.original_lang) post_as="f[original_lang]"/>
                {texts.into_iter().collect_view()}
            </fieldset>
            <fieldset aria-describedby="languages-error">
                <legend>{l.text(Key::CatalogueLanguage)}</legend>
                <p class="hint">{l.text(Key::EditorLanguagesHint)}</p>
                {languages.into_iter().collect_view()}
                {group_error("languages", error)}
            </fieldset>
            <fieldset aria-describedby="levels-error">
                <legend>{l.text(Key::EditorLevels)}</legend>
                {levels}
                {group_error("levels", error)}
            </fieldset>
            <fieldset>
                <legend>{l.text(Key::CatalogueDates)}</legend>
                <Field name="starts_on" label=Key::EditorStartsOn kind="date" required=true error value=value(&f.starts_on) post_as="f[starts_on]"/>
                <Field name="ends_on" label=Key::EditorEndsOn kind="date" required=true error value=value(&f.ends_on) post_as="f[ends_on]"/>
                <SelectField name="time_zone" label=Key::EditorTimeZone error options=zones required=true placeholder=Key::FieldChoose selected=value(&f.time_zone) post_as="f[time_zone]"/>
                <Field name="opens_at" label=Key::EditorOpensAt kind="datetime-local" required=true error value=value(&f.opens_at) post_as="f[opens_at]" hint=Key::EditorWindowHint/>
                <Field name="closes_at" label=Key::EditorClosesAt kind="datetime-local" required=true error value=value(&f.closes_at) post_as="f[closes_at]"/>
            </fieldset>
            <fieldset>
                <legend>{l.text(Key::CataloguePlaces)}</legend>
                <Field name="capacity" label=Key::EditorCapacity kind="number" required=true error value=value(&f.capacity) post_as="f[capacity]"/>
                <Field name="quota_per_university" label=Key::OpportunityQuota kind="number" error value=value(&f.quota_per_university) post_as="f[quota_per_university]" hint=Key::EditorQuotaHint/>
                <Field name="offer_days" label=Key::EditorOfferDays kind="number" error value=value(&f.offer_days) post_as="f[offer_days]" hint=Key::EditorOfferDaysHint/>
            </fieldset>
            <fieldset>
                <legend>{l.text(Key::OpportunityDocuments)}</legend>
                {documents}
            </fieldset>
            <fieldset>
                <legend>{l.text(Key::OpportunityContact)}</legend>
                {text_area("fees_note", "f[fees_note]".into(), l.text(Key::OpportunityFees).into(), f.fees_note.clone(), 2, None, error)}
                <Field name="contact_name" label=Key::EditorContactName error value=value(&f.contact_name) post_as="f[contact_name]"/>
                <Field name="contact_email" label=Key::FieldEmail kind="email" required=true error value=value(&f.contact_email) post_as="f[contact_email]"/>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">{l.text(Key::EditorSave)}</button>
                <a class="button" href=cancel_href>{l.text(Key::EditorBack)}</a>
            </div>
        </form>
    }
}
