//! Alliance Mobility: the Leptos application, rendered on the server and hydrated in the browser.
//! This file holds the HTML shell, the root component and the router — nothing else.
// Deeply nested view types (tachys) exceed the default query depth in release builds.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod locale;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod url;

use components::raw_text::TitleSuffix;
use components::{layout::Layout, status::NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};
use pages::{
    account::AccountPage,
    account_security::{ConfirmEmailPage, TotpPage},
    admin::AdminPage,
    agreement::AgreementPage,
    alliance::AlliancePage,
    alliances::AlliancesPage,
    application::ApplicationPage,
    applications::{InboxPage, MyApplicationsPage},
    calendar::CalendarPage,
    directory_admin::{DirectoryAdminPage, UniversityEditorPage},
    events::{EventPage, EventsPage},
    events_manage::{EventEditorPage, ManageEventsPage},
    home::HomePage,
    invitation::InvitationPage,
    login::{LoginCodePage, LoginPage},
    manage_editor::OpportunityEditorPage,
    manage_list::ManageListPage,
    manage_preview::ManagePreviewPage,
    messages::{MessagePage, MessagesPage},
    news::{NewsListPage, NewsPage},
    news_manage::{ManageNewsPage, NewsEditorPage},
    opportunities::OpportunitiesPage,
    opportunity::OpportunityPage,
    recognition::RecognitionPage,
    record::{RecordPage, VerifyRecordPage},
    register::RegisterPage,
    reset::{NewPasswordPage, ResetPage},
    review::ReviewPage,
    rules::RulesPage,
    statistics::StatisticsPage,
    statistics_report::StatisticsReportPage,
    university::UniversityPage,
    verify::VerifyPage,
};

/// The HTML document around the app, rendered on the server only. It loads no script of the
/// app's own: the server adds the island scripts to a page that has an island
/// (`server/src/islands.rs`); the reader's local time is a small static script.
/// The page's CSP (with the nonce Leptos puts on its scripts) is set by the server for every
/// HTML response, not here.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = locale::detect_locale();
    provide_context(locale);
    // Islands mode: only what an island reads is serialised into the page, never the page's
    // own resources (HydrationScripts would say so too, but a page without islands has none).
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options id="leptos"/>
                <script src="/local-time.js" defer></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The root component: language, page title format, layout and routes. Rendered on the server
/// only (islands mode): the browser hydrates nothing but the islands.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = use_context::<i18n::Locale>().unwrap_or_else(locale::detect_locale);
    provide_context(locale);
    let suffix = locale::t(i18n::Key::AppTitleSuffix);
    view! {
        <TitleSuffix suffix/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/alliances") view=AlliancesPage ssr=SsrMode::Async/>
                    <Route path=path!("/alliances/:slug") view=AlliancePage ssr=SsrMode::Async/>
                    <Route path=path!("/alliances/:slug/news") view=NewsListPage ssr=SsrMode::Async/>
                    <Route path=path!("/alliances/:slug/messages") view=MessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/alliances/:slug/messages/:id") view=MessagePage ssr=SsrMode::Async/>
                    <Route path=path!("/news") view=NewsListPage ssr=SsrMode::Async/>
                    <Route path=path!("/news/:id") view=NewsPage ssr=SsrMode::Async/>
                    <Route path=path!("/events") view=EventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:id") view=EventPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/events") view=ManageEventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/events/new") view=EventEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/events/:id/edit") view=EventEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/news") view=ManageNewsPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/news/new") view=NewsEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/news/:id/edit") view=NewsEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/universities/:id") view=UniversityPage ssr=SsrMode::Async/>
                    <Route path=path!("/opportunities") view=OpportunitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/opportunities/:id") view=OpportunityPage ssr=SsrMode::Async/>
                    <Route path=path!("/calendar") view=CalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/applications") view=MyApplicationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/applications/:id") view=ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/applications/:id/agreement") view=AgreementPage ssr=SsrMode::Async/>
                    <Route path=path!("/applications/:id/recognition") view=RecognitionPage ssr=SsrMode::Async/>
                    <Route path=path!("/applications/:id/record") view=RecordPage ssr=SsrMode::Async/>
                    <Route path=path!("/records/verify") view=VerifyRecordPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/rules") view=RulesPage ssr=SsrMode::Async/>
                    <Route path=path!("/statistics") view=StatisticsPage ssr=SsrMode::Async/>
                    <Route path=path!("/statistics/report") view=StatisticsReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/review/:side") view=ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/inbox") view=InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/opportunities") view=ManageListPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/opportunities/new") view=OpportunityEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/opportunities/:id") view=ManagePreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/opportunities/:id/edit") view=OpportunityEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/code") view=LoginCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/reset") view=ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/reset/new") view=NewPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/totp") view=TotpPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/email") view=ConfirmEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/invitation") view=InvitationPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/directory") view=DirectoryAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/directory/new") view=UniversityEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/directory/:id") view=UniversityEditorPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
