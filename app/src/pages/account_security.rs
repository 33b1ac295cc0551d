//! `/account/totp` (set up the authenticator app) and `/account/email?token=…` (confirm a new
//! e-mail address).
use crate::api::account::{pending_totp_setup, ConfirmEmailChange, EnableTotp};
use crate::components::form::{form_error, query_value, Field, FormMessage};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::i18n::Key;
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn TotpPage() -> impl IntoView {
    let setup = Resource::new(|| (), |_| pending_totp_setup());
    let error = form_error::<EnableTotp>(&["code"]);
    view! {
        <PageTitle text=t(Key::TotpTitle)/>
        <section class="narrow">
            <h1>{t(Key::TotpTitle)}</h1>
            <Loaded resource=setup render={move |s| match s {
                None => view! { <p>{t(Key::TotpNone)}" "<a href="/account">{t(Key::AccountTitle)}</a></p> }.into_any(),
                Some(s) => view! {
                    <ol class="steps">
                        <li>{t(Key::TotpStep1)}</li>
                        <li>{t(Key::TotpStep2)}<br/>
                            {s.qr.clone().map(|src| view! { <img class="qr" src=src width="200" height="200" alt=t(Key::TotpQrAlt)/><br/> })}<code class="secret">{s.secret.clone()}</code><br/>
                            <a href=s.url.clone()>{t(Key::TotpOpenApp)}</a></li>
                        <li>{t(Key::TotpStep3)}</li>
                    </ol>
                    <form method="post" action=EnableTotp::PATH class="form">
                        <FormMessage error/>
                        <Field name="code" label=Key::FieldCode autocomplete="one-time-code" required=true error/>
                        <button type="submit" class="primary">{t(Key::TotpSubmit)}</button>
                    </form>
                }.into_any(),
            }}/>
        </section>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let error = form_error::<ConfirmEmailChange>(&["token"]);
    let token = query_value("token");
    view! {
        <PageTitle text=t(Key::ConfirmEmailTitle)/>
        <section class="narrow">
            <h1>{t(Key::ConfirmEmailTitle)}</h1>
            <form method="post" action=ConfirmEmailChange::PATH class="form">
                <FormMessage error/>
                {move || error.get().and_then(|e| e.field("token")).map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                <input type="hidden" name="token" value=move || token.get().unwrap_or_default()/>
                <button type="submit" class="primary">{t(Key::ConfirmEmailSubmit)}</button>
            </form>
        </section>
    }
}
