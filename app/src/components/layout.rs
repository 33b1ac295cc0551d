//! The frame of every page: skip link, header with navigation and language switcher, footer.
use crate::api::account::current_user;
use crate::api::auth::Logout;
use crate::api::preferences::SetLanguage;
use crate::domain::application_view::unread_badge;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

/// Header, `<main>` landmark around `children`, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{t(Key::NavSkip)}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <A href="/" attr:class="brand">{t(Key::AppName)}</A>
                <nav aria-label=t(Key::NavMain)>
                    <ul class="nav-list">
                        <li><A href="/">{t(Key::NavHome)}</A></li>
                        <li><A href="/opportunities">{t(Key::NavOpportunities)}</A></li>
                        <li><A href="/calendar">{t(Key::NavCalendar)}</A></li>
                        <li><A href="/news">{t(Key::NavNews)}</A></li>
                        <li><A href="/events">{t(Key::NavEvents)}</A></li>
                        <li><A href="/alliances">{t(Key::NavAlliances)}</A></li>
                    </ul>
                </nav>
                <UserMenu/>
                <LanguageSwitcher/>
            </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <div class="wrap"><p>{t(Key::FooterText)}</p></div>
        </footer>
    }
}

/// Sign in / register, or the signed-in user's links and the sign-out button (a form).
#[component]
fn UserMenu() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    // Asked again after every client-side navigation; forms post as plain HTML and reload.
    let user = Resource::new(move || location.pathname.get(), |_| current_user());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) => view! {
                        <ul class="user-menu">
                            <li><a href="/applications">{t(Key::NavApplications)}</a></li>
                            <Show when=move || u.review>
                                <li><a href="/review/outgoing">{t(Key::NavReview)}</a></li>
                            </Show>
                            <li>
                                <a href="/inbox">{t(Key::NavInbox)}
                                    {(u.unread > 0).then(|| view! { " " <span class="badge">{unread_badge(u.unread)}<span class="visually-hidden">" "{t(Key::NavUnread)}</span></span> })}
                                </a>
                            </li>
                            <Show when=move || u.manage>
                                <li><a href="/manage/opportunities">{t(Key::NavManage)}</a></li>
                            </Show>
                            <Show when=move || u.manage>
                                <li><a href="/statistics">{t(Key::NavStatistics)}</a></li>
                            </Show>
                            {u.messages.clone().map(|(slug, open)| view! {
                                <li>
                                    <a href=format!("/alliances/{}/messages", crate::url::encode(&slug))>{t(Key::NavMessages)}
                                        {(open > 0).then(|| view! { " " <span class="badge">{unread_badge(open)}<span class="visually-hidden">" "{t(Key::NavOpenMessages)}</span></span> })}
                                    </a>
                                </li>
                            })}
                            <Show when=move || u.administration>
                                <li><a href="/manage/news">{t(Key::NavManageNews)}</a></li>
                            </Show>
                            <Show when=move || u.administration>
                                <li><a href="/manage/events">{t(Key::NavManageEvents)}</a></li>
                            </Show>
                            <Show when=move || u.administration>
                                <li><a href="/admin">{t(Key::NavAdmin)}</a></li>
                            </Show>
                            <li><a href="/account">{t(Key::NavAccount)}</a></li>
                            <li>
                                <form method="post" action=Logout::PATH class="inline-form">
                                    <button type="submit" class="link-button">{t(Key::NavLogout)}</button>
                                </form>
                            </li>
                        </ul>
                    }.into_any(),
                    _ => view! {
                        <ul class="user-menu">
                            <li><a href="/login">{t(Key::NavLogin)}</a></li>
                            <li><a href="/register" class="button">{t(Key::NavRegister)}</a></li>
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One submit button per language: a plain form post, after which the server redirects back to
/// the page, now in the chosen language (the same with and without JavaScript).
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let current = use_locale();
    let label = |l: Locale| match l {
        Locale::En => Key::LangEn,
        Locale::Ru => Key::LangRu,
        Locale::Zh => Key::LangZh,
    };
    view! {
        <form method="post" action=SetLanguage::PATH class="lang-switch" aria-label=t(Key::LangChoose)>
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=l.code()
                            lang=l.code()
                            title=l.text(Key::LangSwitch)
                            aria-pressed=if l == current { "true" } else { "false" }
                        >
                            {t(label(l))}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}
