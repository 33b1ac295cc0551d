//! Hostile text in every field: as each demo account (and an anonymous visitor) the test walks
//! every page it can reach, reads every form the pages render and fills every text field with
//! markup — a closing `</title>` and `</textarea>`, `<script>`, `<img onerror>`, a bidi
//! override, `javascript:` in URL fields — each payload numbered. It posts each form as a
//! browser without JavaScript would, then walks every page again as every account and checks
//! what a browser would parse: no element, attribute or script from any payload, no bidi
//! override in titles, names or links. Every `v.*` echo parameter of every form gets the same
//! markup. The fields come from the forms the pages render, so a new field is covered without
//! editing this test.
use crate::common::{text_markers_removed, Kind, TestApp};
use crate::crawl::{self, shape, Limits};
use scraper::{ElementRef, Html, Selector};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Pages of one shape (path with numbers as `N`, and the query's keys) visited per account.
const PER_SHAPE: usize = 25;
/// Pages visited per account at most.
const PER_ACCOUNT: usize = 500;
/// Forms of one shape (action and field names) posted per account.
const FORMS_PER_SHAPE: usize = 3;

/// Everyone who can fill a form: an anonymous visitor and every demo account.
fn accounts() -> Vec<Option<&'static str>> {
    std::iter::once(None)
        .chain(server::seed::demo_emails().map(Some))
        .collect()
}

fn payload(n: usize) -> String {
    format!(
        "</title></textarea><script data-hostile={n}>hostile({n})</script>\
         <img src=x onerror=hostile({n}) data-hostile={n}>\u{202E}"
    )
}

/// For fields with a short limit (course codes, terms).
fn short_payload(n: usize) -> String {
    format!("</textarea><b data-hostile={n}>\u{202E}")
}

fn url_payload(n: usize) -> String {
    format!("javascript:hostile({n})//<b data-hostile={n}>")
}

/// One input of a form, as rendered.
#[derive(Clone, Debug)]
struct Input {
    name: String,
    id: String,
    kind: String,
    value: String,
    checked: bool,
}

#[derive(Clone, Debug)]
struct Form {
    /// The page it is on.
    page: String,
    action: String,
    post: bool,
    multipart: bool,
    inputs: Vec<Input>,
    /// The first named submit button: (name, value).
    button: Option<(String, String)>,
}

impl Form {
    fn shape(&self) -> String {
        let mut names: Vec<&str> = self.inputs.iter().map(|i| i.name.as_str()).collect();
        names.sort_unstable();
        format!("{} {}", self.action, names.join(","))
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn attr(e: &ElementRef, name: &str) -> String {
    e.value().attr(name).unwrap_or_default().to_string()
}

/// The forms of a page.
fn forms(page: &str, html: &Html) -> Vec<Form> {
    let field_sel = sel("input, textarea, select, button");
    let option_sel = sel("option");
    html.select(&sel("form"))
        .map(|f| {
            let mut inputs = Vec::new();
            let mut button = None;
            for e in f.select(&field_sel) {
                let name = attr(&e, "name");
                let tag = e.value().name();
                if tag == "button" {
                    let kind = e.value().attr("type").unwrap_or("submit");
                    if kind == "submit" && !name.is_empty() && button.is_none() {
                        button = Some((name, attr(&e, "value")));
                    }
                    continue;
                }
                if name.is_empty() || e.value().attr("disabled").is_some() {
                    continue;
                }
                let (kind, value) = match tag {
                    "textarea" => ("textarea".to_string(), e.text().collect()),
                    "select" => {
                        let options: Vec<ElementRef> = e.select(&option_sel).collect();
                        let chosen = options
                            .iter()
                            .find(|o| o.value().attr("selected").is_some())
                            .or_else(|| options.iter().find(|o| !attr(o, "value").is_empty()))
                            .map(|o| attr(o, "value"))
                            .unwrap_or_default();
                        ("select".to_string(), chosen)
                    }
                    _ => {
                        let mut kind = e.value().attr("type").unwrap_or("text").to_lowercase();
                        if matches!(e.value().attr("inputmode"), Some("numeric" | "decimal")) {
                            kind = "number".into();
                        }
                        // Out of the tab order and hidden from people (the contact form's
                        // honeypot): a person leaves it as it is.
                        if e.value().attr("tabindex") == Some("-1") {
                            kind = "hidden".into();
                        }
                        (kind, attr(&e, "value"))
                    }
                };
                inputs.push(Input {
                    name,
                    id: attr(&e, "id"),
                    kind,
                    value,
                    checked: e.value().attr("checked").is_some(),
                });
            }
            let action = f.value().attr("action").unwrap_or(page).to_string();
            Form {
                page: page.to_string(),
                action: if action.is_empty() {
                    page.to_string()
                } else {
                    action
                },
                post: f
                    .value()
                    .attr("method")
                    .is_some_and(|m| m.eq_ignore_ascii_case("post")),
                multipart: f
                    .value()
                    .attr("enctype")
                    .is_some_and(|e| e.contains("multipart")),
                inputs,
                button,
            }
        })
        .collect()
}

/// What a browser would make of a page that must not show: anything a payload brought in.
fn violations(url: &str, body: &str) -> Vec<String> {
    let html = Html::parse_document(&text_markers_removed(body));
    let mut found = Vec::new();
    for e in html.select(&sel("*")) {
        let v = e.value();
        if let Some(n) = v.attr("data-hostile") {
            found.push(format!(
                "{url}: <{}> of payload {n} parsed as markup",
                v.name()
            ));
        }
        for (name, value) in v.attrs() {
            if name.starts_with("on") {
                found.push(format!(
                    "{url}: <{}> has the handler {name}={value:?}",
                    v.name()
                ));
            }
        }
        if v.name() == "meta" && v.attr("http-equiv").is_some() {
            found.push(format!("{url}: a <meta http-equiv> in the page"));
        }
        // Data serialised into a script must keep `<` escaped (`\u003c`), or a `</script>`
        // in it would end the script.
        if v.name() == "script" && e.text().any(|t| t.contains("<img src=x onerror")) {
            found.push(format!(
                "{url}: a payload's markup unescaped inside a script"
            ));
        }
        if v.name() == "a"
            && v.attr("href")
                .is_some_and(|h| h.trim().to_lowercase().starts_with("javascript:"))
        {
            found.push(format!("{url}: a javascript: link"));
        }
    }
    // The page has one title; a chart's SVG <title>s are its captions.
    let page_titles = html
        .select(&sel("title"))
        .filter(|t| {
            !t.ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"))
        })
        .count();
    if page_titles > 1 {
        found.push(format!("{url}: more than one page <title>"));
    }
    // Names, titles and file names show in the title, headings, links and options.
    for e in html.select(&sel("title, h1, h2, h3, a, option, th")) {
        let text: String = e.text().collect();
        if text.contains('\u{202E}') {
            found.push(format!(
                "{url}: a bidi override in <{}> {text:?}",
                e.value().name()
            ));
        }
    }
    found
}

/// The payload numbers a page shows as text (escaped, as it should): text a reader sees, so
/// not the contents of `<script>` (serialised island props, for one) or `<style>`.
fn shown(body: &str) -> HashSet<usize> {
    let html = Html::parse_document(&text_markers_removed(body));
    let text: String = html
        .root_element()
        .descendants()
        .filter_map(|node| {
            let text = node.value().as_text()?;
            let parent = node.parent().and_then(ElementRef::wrap)?;
            (!matches!(parent.value().name(), "script" | "style")).then_some(&**text)
        })
        .collect();
    text.match_indices("data-hostile")
        .filter_map(|(i, _)| {
            let rest = text[i + "data-hostile".len()..].trim_start_matches(['=', '"']);
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// One account's browser.
struct Visitor<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    who: String,
    /// Payload numbers the pages this visitor fetched showed as text.
    shown: std::sync::Mutex<HashSet<usize>>,
}

impl Visitor<'_> {
    async fn get(&self, url: &str) -> (u16, String, Option<String>) {
        let res = self
            .client
            .get(self.app.url(url))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{} GET {url}: {e}", self.who));
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = res.text().await.unwrap_or_default();
        // Echoed query values are not stored ones: only pages without `v.` count.
        if !url.contains("v.") {
            let found = shown(&body);
            self.shown
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(found);
        }
        (status, body, location)
    }

    /// Walks every page reachable from the usual starting points; the pages (url, body).
    async fn walk(&self) -> Vec<(String, String)> {
        let limits = Limits {
            per_shape: PER_SHAPE,
            pages: PER_ACCOUNT,
        };
        crawl::walk(&self.who, limits, async |url: &str| {
            let (status, body, _) = self.get(url).await;
            (status, body)
        })
        .await
    }

    /// Posts `form` with `text` in its text fields (a fresh address in e-mail fields, a
    /// password that is nobody's in password fields), repairing the fields the server refuses
    /// as malformed so the others get stored. Returns the payload numbers it sent and whether
    /// the server took the form.
    async fn fill(&self, form: &Form, next: &mut usize) -> (Vec<(usize, String)>, bool) {
        let mut sent = Vec::new();
        // Fields the server refused markup in, and which plain value they get now.
        let mut neutral: HashMap<String, usize> = HashMap::new();
        let mut short = false;
        for _attempt in 0..4 {
            sent.clear();
            let mut pairs: Vec<(String, String)> = Vec::new();
            let mut file = None;
            for input in &form.inputs {
                let value = match input.kind.as_str() {
                    // An address field refused markup: a plain address.
                    "url" if neutral.contains_key(&input.name) => {
                        "https://example.test/plain".to_string()
                    }
                    _ if neutral.contains_key(&input.name) => {
                        PLAIN[neutral[&input.name].min(PLAIN.len() - 1)].to_string()
                    }
                    k if input_takes_payload(k) => {
                        *next += 1;
                        sent.push((
                            *next,
                            format!("{} {} {}", self.who, form.action, input.name),
                        ));
                        match (k, short) {
                            ("url", _) => url_payload(*next),
                            (_, true) => short_payload(*next),
                            _ => payload(*next),
                        }
                    }
                    "email" => {
                        *next += 1;
                        format!("hostile{}@example.test", *next)
                    }
                    "password" => "hostile is not anyone's password".to_string(),
                    "checkbox" | "radio" if !input.checked => continue,
                    "file" => {
                        *next += 1;
                        sent.push((*next, format!("{} {} file name", self.who, form.action)));
                        file = Some((input.name.clone(), *next));
                        continue;
                    }
                    "number" if input.value.is_empty() => "1".to_string(),
                    "date" if input.value.is_empty() => "2027-03-01".to_string(),
                    _ => input.value.clone(),
                };
                if input.kind == "radio" && pairs.iter().any(|(k, _)| *k == input.name) {
                    continue;
                }
                pairs.push((input.name.clone(), value));
            }
            if let Some((name, value)) = &form.button {
                pairs.push((name.clone(), value.clone()));
            }
            let location = if form.post {
                self.post(form, &pairs, file).await
            } else {
                let query: String = pairs
                    .iter()
                    .map(|(k, v)| format!("{}={}", app::url::encode(k), app::url::encode(v)))
                    .collect::<Vec<_>>()
                    .join("&");
                let url = format!("{}?{query}", form.action);
                let (status, body, _) = self.get(&url).await;
                assert!(status < 500, "{} GET {url}: {status}", self.who);
                assert_eq!(violations(&url, &body), Vec::<String>::new());
                return (sent, status == 200);
            };
            let Some(location) = location else {
                return (sent, false);
            };
            if std::env::var("HOSTILE_DEBUG").is_ok() {
                eprintln!("{} {} -> {location}", self.who, form.action);
            }
            // The page the browser is sent to shows what was refused or saved.
            let (status, body, _) = self.get(&location).await;
            assert!(status < 500, "{} GET {location}: {status}", self.who);
            assert_eq!(violations(&location, &body), Vec::<String>::new());
            let refused = refused_fields(&location);
            if refused.is_empty() {
                return (sent, !location.contains("error="));
            }
            // Too long: every text field gets the short payload next time; any other refusal
            // (a number, a code): that field gets a plain value.
            let shorten = !short && refused.iter().any(|(_, p)| p == "too_long");
            let mut changed = shorten;
            for (field, problem) in &refused {
                for input in &form.inputs {
                    if input_takes_payload(&input.kind)
                        && names_field(input, field)
                        && !(shorten && problem == "too_long")
                    {
                        let plain = neutral.entry(input.name.clone()).or_insert(usize::MAX);
                        // The first plain value, then the next one while it is refused.
                        let next_plain = plain.wrapping_add(1);
                        if next_plain < PLAIN.len() {
                            *plain = next_plain;
                            changed = true;
                        }
                    }
                }
            }
            short |= shorten;
            if !changed {
                return (sent, false);
            }
        }
        (sent, false)
    }

    /// A plain form post; where the browser is sent next.
    async fn post(
        &self,
        form: &Form,
        pairs: &[(String, String)],
        file: Option<(String, usize)>,
    ) -> Option<String> {
        let req = self
            .client
            .post(self.app.url(&form.action))
            .header("accept", "text/html")
            .header("referer", self.app.url(&form.page));
        let req = if form.multipart {
            let mut multipart = reqwest::multipart::Form::new();
            for (k, v) in pairs {
                multipart = multipart.text(k.clone(), v.clone());
            }
            if let Some((name, n)) = file {
                let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec();
                multipart = multipart.part(
                    name,
                    reqwest::multipart::Part::bytes(pdf).file_name(format!(
                        "<img src=x onerror=hostile({n}) data-hostile={n}>\u{202E}fdp.exe.pdf"
                    )),
                );
            }
            req.multipart(multipart)
        } else {
            req.form(pairs)
        };
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{} POST {}: {e}", self.who, form.action));
        let status = res.status().as_u16();
        assert!(
            status < 500,
            "{} POST {} from {}: {status}",
            self.who,
            form.action,
            form.page
        );
        res.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(|l| l.strip_prefix(&self.app.base).unwrap_or(l).to_string())
            .filter(|l| l.starts_with('/'))
    }
}

/// Plain values for a field that refuses markup (a number, a name in Latin letters, a date).
const PLAIN: [&str; 3] = ["1", "Li Na", "2027-03-01"];

/// Forms worth posting: a person types or picks something into them (text, an address, a
/// file); buttons alone (sign out, withdraw a document) are left alone.
fn is_typed_in(kind: &str) -> bool {
    input_takes_payload(kind) || matches!(kind, "email" | "file")
}

fn input_takes_payload(kind: &str) -> bool {
    matches!(kind, "text" | "search" | "url" | "tel" | "textarea")
}

/// The fields a refused form's redirect names: (`e.<field>`, problem).
fn refused_fields(location: &str) -> Vec<(String, String)> {
    let query = location
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or_default())
        .unwrap_or_default();
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .filter_map(|(k, v)| {
            let k = app::url::decode(k)?;
            let field = k.strip_prefix("e.")?.to_string();
            Some((field, app::url::decode(v)?))
        })
        .collect()
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether the error's field name (`title.en`, `message`, `credits`) is this input (posted as
/// `f[title][en]`, `message`, `c[credits]`, or with that id).
fn names_field(input: &Input, field: &str) -> bool {
    let want = words(field);
    let ends_with = |have: Vec<String>| !want.is_empty() && have.ends_with(&want);
    ends_with(words(&input.name)) || ends_with(words(&input.id))
}

/// Signs the visitor in as `email` (see [`crawl::signed_in`]).
async fn visitor<'a>(app: &'a TestApp, email: Option<&str>) -> Visitor<'a> {
    let client = crawl::signed_in(app, email).await;
    Visitor {
        app,
        client,
        who: email.unwrap_or("anonymous").to_string(),
        shown: Default::default(),
    }
}

/// The `v.*` echo of every field of `form`, with the form's error, as a refused form comes
/// back without JavaScript: the page must show the payloads as text.
async fn echoes(v: &Visitor<'_>, form: &Form, next: &mut usize) -> Vec<(usize, String)> {
    let mut pairs: BTreeMap<String, String> = BTreeMap::new();
    pairs.insert("form".into(), form.action.clone());
    pairs.insert("error".into(), "invalid".into());
    let mut sent = Vec::new();
    for input in &form.inputs {
        for key in [&input.name, &input.id] {
            if key.is_empty() {
                continue;
            }
            *next += 1;
            sent.push((*next, format!("{} echo v.{key} on {}", v.who, form.page)));
            pairs.insert(format!("e.{key}"), "required".into());
            pairs.insert(format!("v.{key}"), payload(*next));
        }
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, val)| format!("{}={}", app::url::encode(k), app::url::encode(val)))
        .collect();
    let (path, keep) = form.page.split_once('?').unwrap_or((&form.page, ""));
    let url = if keep.is_empty() {
        format!("{path}?{}", query.join("&"))
    } else {
        format!("{path}?{keep}&{}", query.join("&"))
    };
    let (status, body, _) = v.get(&url).await;
    assert!(status < 500, "{} GET {url}: {status}", v.who);
    assert_eq!(violations(&url, &body), Vec::<String>::new());
    sent
}

async fn hostile_text_in_every_field_is_shown_as_text(app: TestApp) {
    server::seed::seed_demo(&app.db).await.expect("demo seed");
    let mut next = 0;
    let mut stored: HashMap<usize, String> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut echoed = 0;
    let mut seen_as_text: HashSet<usize> = HashSet::new();
    for email in accounts() {
        let v = visitor(&app, email).await;
        let pages = v.walk().await;
        let mut posted: HashMap<String, usize> = HashMap::new();
        let mut echoed_shapes: HashSet<String> = HashSet::new();
        let mut found = Vec::new();
        for (url, body) in &pages {
            assert_eq!(violations(url, body), Vec::<String>::new());
            let html = Html::parse_document(body);
            found.extend(
                forms(url, &html)
                    .into_iter()
                    .filter(|f| f.inputs.iter().any(|i| is_typed_in(&i.kind))),
            );
        }
        // Decisions (a form carrying an `action`: withdraw, reject, cancel) move things on and
        // can take other forms away: they come after everything else one can write.
        found.sort_by_key(|f| f.inputs.iter().any(|i| i.name == "action"));
        for form in found {
            if echoed_shapes.insert(format!("{} {}", shape(&form.page), form.shape())) {
                echoed += echoes(&v, &form, &mut next).await.len();
            }
            let count = posted.entry(form.shape()).or_default();
            if *count >= FORMS_PER_SHAPE {
                continue;
            }
            *count += 1;
            let (sent, ok) = v.fill(&form, &mut next).await;
            if ok {
                taken.insert(form.action.clone());
            }
            stored.extend(sent);
        }
        seen_as_text.extend(v.shown.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    // Links that come by e-mail (an invitation, a verification) lead to forms of their own.
    settle_outbox(&app).await;
    let anonymous = visitor(&app, None).await;
    for mail in app.mail.all().await {
        assert_eq!(
            violations(&format!("e-mail {:?}", mail.subject), &mail.html),
            Vec::<String>::new()
        );
        for link in mailed_links(&app, &mail.text) {
            let (status, body, _) = anonymous.get(&link).await;
            if status != 200 {
                continue;
            }
            for form in forms(&link, &Html::parse_document(&body)) {
                if form.inputs.iter().any(|i| is_typed_in(&i.kind)) {
                    let (sent, ok) = anonymous.fill(&form, &mut next).await;
                    if ok {
                        taken.insert(form.action.clone());
                    }
                    stored.extend(sent);
                }
            }
        }
    }
    // Every account walks every page again, after everyone wrote everywhere.
    for email in accounts() {
        let v = visitor(&app, email).await;
        for (url, body) in v.walk().await {
            assert_eq!(violations(&url, &body), Vec::<String>::new());
            seen_as_text.extend(shown(&body));
        }
    }
    // The walk really wrote where people write, and the pages really show it.
    for action in [
        "/api/register",
        "/api/save_application",
        "/api/write_on_application",
        "/api/decide_application",
        "/api/save_opportunity",
        "/api/add_component",
        "/api/contact_secretariat",
        "/api/save_university",
        "/api/invite",
        "/api/accept_invitation",
    ] {
        assert!(
            taken.contains(action),
            "no form posting to {action} was taken: {taken:?}"
        );
    }
    let shown_fields: Vec<&String> = stored
        .iter()
        .filter(|(n, _)| seen_as_text.contains(n))
        .map(|(_, what)| what)
        .collect();
    // A person's native name is shown only in their own form fields, so their Latin name
    // stands for the names people type.
    for what in [
        "name_latin",
        "motivation",
        "body",
        "title][en",
        "c[title]",
        "note",
    ] {
        assert!(
            shown_fields.iter().any(|f| f.contains(what)),
            "no stored payload of a {what} field shows on any page; shown: {shown_fields:?}"
        );
    }
    assert!(echoed > 50, "only {echoed} echo parameters were tried");
}

/// Waits until the outbox has sent what was queued (up to 30 s).
async fn settle_outbox(app: &TestApp) {
    let pending = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL";
    for _ in 0..300 {
        if app.scalar_i64(pending).await == 0
            && app
                .scalar_i64("SELECT COUNT(*) FROM account_requests")
                .await
                == 0
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the outbox did not empty");
}

/// The links to this site in an e-mail's text, as paths.
fn mailed_links(app: &TestApp, text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|w| w.strip_prefix(&app.base))
        .filter(|p| p.starts_with('/'))
        .map(str::to_string)
        .collect()
}

/// Many sign-ins, registrations and messages come from this one test address.
async fn every_field_everywhere(kind: Kind) {
    let env = [("AUTH_RATE_LIMIT", "100000")];
    if let Some(app) = TestApp::spawn_with_env(kind, true, |_| {}, &env).await {
        hostile_text_in_every_field_is_shown_as_text(app).await;
    }
}

crate::for_each_database!(every_field_everywhere);
