//! `/reset` (ask for a link) and `/reset/new?token=…` (choose a new password).
use crate::api::auth::{RequestPasswordReset, ResetPassword};
use crate::components::form::{
    form_error, kept_value, query_flag, query_value, Field, FormMessage,
};
use crate::components::raw_text::PageTitle;
use crate::i18n::Key;
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ResetPage() -> impl IntoView {
    let error = form_error::<RequestPasswordReset>(&["email"]);
    let sent = query_flag("sent");
    view! {
        <PageTitle text=t(Key::ResetTitle)/>
        <section class="narrow">
            <h1>{t(Key::ResetTitle)}</h1>
            <Show when=move || sent.get() fallback=move || view! {
                <p>{t(Key::ResetLead)}</p>
                <form method="post" action=RequestPasswordReset::PATH class="form">
                    <FormMessage error/>
                    <Field name="email" label=Key::FieldEmail kind="email" autocomplete="email" required=true error
                        value=kept_value("email", String::new())/>
                    <button type="submit" class="primary">{t(Key::ResetSubmit)}</button>
                </form>
            }>
                <p class="notice" role="status">{t(Key::ResetSent)}</p>
            </Show>
        </section>
    }
}

#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let error = form_error::<ResetPassword>(&["token", "password"]);
    let token = query_value("token");
    view! {
        <PageTitle text=t(Key::NewPasswordTitle)/>
        <section class="narrow">
            <h1>{t(Key::NewPasswordTitle)}</h1>
            <form method="post" action=ResetPassword::PATH class="form">
                <FormMessage error/>
                {move || error.get().and_then(|e| e.field("token")).map(|p| view! {
                    <p class="field-error">{t(p.message())}" "<a href="/reset">{t(Key::ResetAgain)}</a></p>
                })}
                <input type="hidden" name="token" value=move || token.get().unwrap_or_default()/>
                <Field name="password" label=Key::FieldNewPassword kind="password" autocomplete="new-password" required=true error
                    hint=Key::FieldPasswordHint/>
                <button type="submit" class="primary">{t(Key::NewPasswordSubmit)}</button>
            </form>
        </section>
    }
}
