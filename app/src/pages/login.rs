//! `/login` (e-mail and password) and `/login/code` (the TOTP step).
use crate::api::auth::{Login, LoginCode};
use crate::components::form::{
    form_error, kept_value, query_flag, query_value, Field, FormMessage, Notice,
};
use crate::components::raw_text::PageTitle;
use crate::domain::validation::Problem;
use crate::i18n::Key;
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn LoginPage() -> impl IntoView {
    let error = form_error::<Login>(&["form", "email", "password"]);
    let next = query_value("next");
    let unverified = Signal::derive(move || {
        error.get().and_then(|e| e.field("email")) == Some(Problem::Unverified)
    });
    view! {
        <PageTitle text=t(Key::LoginTitle)/>
        <section class="narrow">
            <h1>{t(Key::LoginTitle)}</h1>
            <Show when=move || query_flag("verified").get()><Notice text=Key::LoginVerified/></Show>
            <Show when=move || query_flag("reset").get()><Notice text=Key::LoginAfterReset/></Show>
            <Show when=move || query_flag("resent").get()><Notice text=Key::ResendDone/></Show>
            <form method="post" action=Login::PATH class="form">
                <FormMessage error/>
                <Field name="email" label=Key::FieldEmail kind="email" autocomplete="username" required=true error
                    value=kept_value("email", String::new())/>
                <Field name="password" label=Key::FieldPassword kind="password" autocomplete="current-password" required=true error/>
                <input type="hidden" name="next" value=move || next.get().unwrap_or_else(|| "/account".into())/>
                <button type="submit" class="primary">{t(Key::LoginSubmit)}</button>
            </form>
            <Show when=move || unverified.get()>
                <super::verify::ResendForm/>
            </Show>
            <ul class="links">
                <li><a href="/reset">{t(Key::LoginForgot)}</a></li>
                <li><a href="/register">{t(Key::LoginRegister)}</a></li>
            </ul>
        </section>
    }
}

#[component]
pub fn LoginCodePage() -> impl IntoView {
    let error = form_error::<LoginCode>(&["code"]);
    view! {
        <PageTitle text=t(Key::CodeTitle)/>
        <section class="narrow">
            <h1>{t(Key::CodeTitle)}</h1>
            <p>{t(Key::CodeLead)}</p>
            <form method="post" action=LoginCode::PATH class="form">
                <FormMessage error/>
                <Field name="code" label=Key::FieldCode autocomplete="one-time-code" required=true error/>
                <button type="submit" class="primary">{t(Key::CodeSubmit)}</button>
            </form>
        </section>
    }
}
