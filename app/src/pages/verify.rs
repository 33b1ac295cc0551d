//! `/verify?token=…`: the page the verification e-mail links to. Opening it changes nothing;
//! the button posts the token (link scanners that follow links do not confirm addresses).
use crate::api::auth::{ResendVerification, VerifyEmail};
use crate::components::form::{
    form_error, kept_value, query_flag, query_value, Field, FormMessage, Notice,
};
use crate::components::raw_text::PageTitle;
use crate::i18n::Key;
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let error = form_error::<VerifyEmail>(&["token"]);
    let token = query_value("token");
    view! {
        <PageTitle text=t(Key::VerifyTitle)/>
        <section class="narrow">
            <h1>{t(Key::VerifyTitle)}</h1>
            <Show when=move || token.get().is_some() fallback=|| view! { <ResendForm/> }>
                <p>{t(Key::VerifyLead)}</p>
                <form method="post" action=VerifyEmail::PATH class="form">
                    <FormMessage error/>
                    {move || error.get().and_then(|e| e.field("token")).map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                    <input type="hidden" name="token" value=move || token.get().unwrap_or_default()/>
                    <button type="submit" class="primary">{t(Key::VerifySubmit)}</button>
                </form>
                <ResendForm/>
            </Show>
        </section>
    }
}

/// "Send the link again": the same answer for any address.
#[component]
pub fn ResendForm() -> impl IntoView {
    let error = form_error::<ResendVerification>(&["email"]);
    let resent = query_flag("resent");
    view! {
        <section class="secondary-form" aria-labelledby="resend-heading">
            <h2 id="resend-heading">{t(Key::ResendTitle)}</h2>
            <Show when=move || resent.get()>
                <Notice text=Key::ResendDone/>
            </Show>
            <form method="post" action=ResendVerification::PATH class="form inline">
                <FormMessage error/>
                <Field name="email" label=Key::FieldEmail kind="email" autocomplete="email" required=true error
                    value=kept_value("email", String::new())/>
                <button type="submit">{t(Key::ResendSubmit)}</button>
            </form>
        </section>
    }
}
