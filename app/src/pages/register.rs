//! `/register`: a student or faculty member creates an account; then "check your e-mail".
use crate::api::{auth::Register, directory::university_choices};
use crate::components::form::{
    form_error, kept_value, query_flag, Field, FormMessage, SelectField,
};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::account::Level;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

const FIELDS: &[&str] = &[
    "email",
    "password",
    "name_latin",
    "name_native",
    "university_id",
    "level",
    "locale",
];

#[component]
pub fn RegisterPage() -> impl IntoView {
    let sent = query_flag("sent");
    view! {
        <PageTitle text=t(Key::RegisterTitle)/>
        <section class="narrow">
            <h1>{t(Key::RegisterTitle)}</h1>
            <Show when=move || sent.get() fallback=RegisterForm>
                <div class="notice" role="status">
                    <h2>{t(Key::RegisterSentTitle)}</h2>
                    <p>{t(Key::RegisterSentBody)}</p>
                </div>
                <super::verify::ResendForm/>
            </Show>
        </section>
    }
}

#[component]
fn RegisterForm() -> impl IntoView {
    let l = use_locale();
    let error = form_error::<Register>(FIELDS);
    let universities = Resource::new(|| (), |_| university_choices());
    view! {
        <p class="lead">{t(Key::RegisterLead)}</p>
        <form method="post" action=Register::PATH class="form" novalidate=true>
            <FormMessage error/>
            <Field name="email" label=Key::FieldEmail kind="email" autocomplete="email" required=true error
                value=kept_value("email", String::new())/>
            <Field name="password" label=Key::FieldPassword kind="password" autocomplete="new-password" required=true error
                hint=Key::FieldPasswordHint/>
            <Field name="name_latin" label=Key::FieldNameLatin autocomplete="name" required=true error
                hint=Key::FieldNameLatinHint value=kept_value("name_latin", String::new())/>
            <Field name="name_native" label=Key::FieldNameNative error hint=Key::FieldNameNativeHint
                value=kept_value("name_native", String::new())/>
            <Loaded resource=universities render={move |list| {
                let options = list.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
                view! {
                    <SelectField name="university_id" label=Key::FieldUniversity error options required=true
                        placeholder=Key::FieldChoose selected=kept_value("university_id", String::new())/>
                }
            }}/>
            <SelectField name="level" label=Key::FieldLevel error required=true placeholder=Key::FieldChoose
                options=Level::ALL.iter().map(|lv| (lv.code().to_string(), l.text(lv.label()).to_string())).collect()
                selected=kept_value("level", String::new())/>
            <SelectField name="locale" label=Key::FieldLocale error
                options=Locale::ALL.iter().map(|x| (x.code().to_string(), x.text(language_name(*x)).to_string())).collect()
                selected=Signal::derive(move || l.code().to_string())/>
            <button type="submit" class="primary">{t(Key::RegisterSubmit)}</button>
        </form>
        <p>{t(Key::RegisterHaveAccount)}" "<a href="/login">{t(Key::NavLogin)}</a></p>
    }
}

/// The name of a language in that language.
pub fn language_name(l: Locale) -> Key {
    match l {
        Locale::En => Key::LangEn,
        Locale::Ru => Key::LangRu,
        Locale::Zh => Key::LangZh,
    }
}
