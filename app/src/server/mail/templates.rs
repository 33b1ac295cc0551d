//! The texts of every e-mail, in the recipient's language, as plain text and HTML.
use crate::i18n::{Key, Locale};
use crate::server::store::outbox::Message;

/// What to tell the recipient.
pub enum Mail<'a> {
    /// Confirm the address given at registration.
    Verify { name: &'a str, token: &'a str },
    /// Someone registered with an address that already has an account.
    AlreadyRegistered { name: &'a str },
    /// A password-reset link.
    Reset { name: &'a str, token: &'a str },
    /// The password was changed.
    PasswordChanged { name: &'a str },
    /// Confirm a new address (sent to the new address).
    EmailChange { name: &'a str, token: &'a str },
    /// The address is about to change (sent to the old address).
    EmailChangeNotice { name: &'a str, new_email: &'a str },
    /// An invitation to a role.
    Invitation {
        role: Key,
        scope: &'a str,
        token: &'a str,
    },
    /// A visitor wrote to an alliance's secretariat from its public page.
    ContactMessage {
        alliance: &'a str,
        name: &'a str,
        email: &'a str,
        message: &'a str,
    },
    /// The secretariat answered a message sent through its contact form.
    ContactReply {
        alliance: &'a str,
        reply: &'a str,
        original: &'a str,
    },
    /// An application moved: to whom it concerns, in their language.
    Application {
        id: i64,
        applicant: &'a str,
        title: &'a str,
        state: crate::domain::application::State,
        reason: Option<&'a str>,
        /// An offer's deadline, formatted.
        respond_by: Option<&'a str>,
    },
    /// A reminder about an application waiting on the recipient.
    Reminder {
        id: i64,
        applicant: &'a str,
        title: &'a str,
        body: Key,
    },
    /// The opportunity an application is for was cancelled by its host.
    OpportunityCancelled {
        id: i64,
        title: &'a str,
        reason: &'a str,
    },
    /// Someone wrote on an application.
    ApplicationMessage {
        id: i64,
        title: &'a str,
        author: &'a str,
        message: &'a str,
    },
    /// News of a learning agreement or a recognition (`body` names `{applicant}`, `{title}`);
    /// the link opens `/applications/{id}/{page}`.
    Recognition {
        id: i64,
        applicant: &'a str,
        title: &'a str,
        body: Key,
        page: &'a str,
    },
}

struct Parts {
    subject: Key,
    /// Replaces the subject's fixed text when the subject names something (an opportunity).
    subject_text: Option<String>,
    paragraphs: Vec<String>,
    link: Option<(Key, String)>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn parts(base: &str, l: Locale, mail: &Mail<'_>) -> Parts {
    let hello = |name: &str| l.fill(Key::MailHello, &[("name", name)]);
    match mail {
        Mail::Verify { name, token } => Parts {
            subject: Key::MailVerifySubject,
            subject_text: None,
            paragraphs: vec![
                hello(name),
                l.text(Key::MailVerifyBody).into(),
                l.text(Key::MailIgnore).into(),
            ],
            link: Some((
                Key::MailVerifyAction,
                format!("{base}/verify?token={token}"),
            )),
        },
        Mail::AlreadyRegistered { name } => Parts {
            subject: Key::MailExistsSubject,
            subject_text: None,
            paragraphs: vec![
                hello(name),
                l.text(Key::MailExistsBody).into(),
                l.text(Key::MailIgnore).into(),
            ],
            link: Some((Key::MailExistsAction, format!("{base}/reset"))),
        },
        Mail::Reset { name, token } => Parts {
            subject: Key::MailResetSubject,
            subject_text: None,
            paragraphs: vec![
                hello(name),
                l.text(Key::MailResetBody).into(),
                l.text(Key::MailIgnore).into(),
            ],
            link: Some((
                Key::MailResetAction,
                format!("{base}/reset/new?token={token}"),
            )),
        },
        Mail::PasswordChanged { name } => Parts {
            subject: Key::MailChangedSubject,
            subject_text: None,
            paragraphs: vec![hello(name), l.text(Key::MailChangedBody).into()],
            link: Some((Key::MailChangedAction, format!("{base}/reset"))),
        },
        Mail::EmailChange { name, token } => Parts {
            subject: Key::MailEmailChangeSubject,
            subject_text: None,
            paragraphs: vec![
                hello(name),
                l.text(Key::MailEmailChangeBody).into(),
                l.text(Key::MailIgnore).into(),
            ],
            link: Some((
                Key::MailEmailChangeAction,
                format!("{base}/account/email?token={token}"),
            )),
        },
        Mail::EmailChangeNotice { name, new_email } => Parts {
            subject: Key::MailEmailNoticeSubject,
            subject_text: None,
            paragraphs: vec![
                hello(name),
                l.fill(Key::MailEmailNoticeBody, &[("email", new_email)]),
            ],
            link: None,
        },
        Mail::Invitation { role, scope, token } => Parts {
            subject: Key::MailInviteSubject,
            subject_text: None,
            paragraphs: vec![l.fill(
                Key::MailInviteBody,
                &[("role", l.text(*role)), ("scope", scope)],
            )],
            link: Some((
                Key::MailInviteAction,
                format!("{base}/invitation?token={token}"),
            )),
        },
        Mail::ContactMessage {
            alliance,
            name,
            email,
            message,
        } => Parts {
            subject: Key::MailContactSubject,
            subject_text: None,
            paragraphs: vec![
                l.fill(
                    Key::MailContactBody,
                    &[("alliance", alliance), ("name", name), ("email", email)],
                ),
                message.to_string(),
            ],
            link: None,
        },
        Mail::ContactReply {
            alliance,
            reply,
            original,
        } => Parts {
            subject: Key::MailContactReplySubject,
            subject_text: Some(l.fill(Key::MailContactReplySubject, &[("alliance", alliance)])),
            paragraphs: vec![
                reply.to_string(),
                l.text(Key::MailContactReplyQuote).to_string(),
                original.to_string(),
            ],
            link: None,
        },
        Mail::Application {
            id,
            applicant,
            title,
            state,
            reason,
            respond_by,
        } => {
            let state_text = l.text(state.label());
            let mut paragraphs = vec![l.fill(
                Key::MailAppBody,
                &[
                    ("applicant", applicant),
                    ("title", title),
                    ("state", state_text),
                ],
            )];
            if let Some(r) = reason {
                paragraphs.push(l.fill(Key::MailAppReason, &[("reason", r)]));
            }
            if let Some(d) = respond_by {
                paragraphs.push(l.fill(Key::MailAppRespondBy, &[("date", d)]));
            }
            Parts {
                subject: Key::MailAppSubject,
                subject_text: Some(format!("{state_text}: {title}")),
                paragraphs,
                link: Some((Key::MailAppOpen, format!("{base}/applications/{id}"))),
            }
        }
        Mail::Reminder {
            id,
            applicant,
            title,
            body,
        } => Parts {
            subject: Key::MailReminderSubject,
            subject_text: Some(format!("{}: {title}", l.text(Key::MailReminderSubject))),
            paragraphs: vec![l.fill(*body, &[("applicant", applicant), ("title", title)])],
            link: Some((Key::MailAppOpen, format!("{base}/applications/{id}"))),
        },
        Mail::OpportunityCancelled { id, title, reason } => Parts {
            subject: Key::MailCancelledSubject,
            subject_text: Some(format!("{}: {title}", l.text(Key::MailCancelledSubject))),
            paragraphs: vec![
                l.fill(Key::MailCancelledBody, &[("title", title)]),
                l.fill(Key::MailAppReason, &[("reason", reason)]),
            ],
            link: Some((Key::MailAppOpen, format!("{base}/applications/{id}"))),
        },
        Mail::ApplicationMessage {
            id,
            title,
            author,
            message,
        } => Parts {
            subject: Key::MailMessageSubject,
            subject_text: Some(format!("{}: {title}", l.text(Key::MailMessageSubject))),
            paragraphs: vec![
                l.fill(
                    Key::MailMessageBody,
                    &[("author", author), ("title", title)],
                ),
                message.to_string(),
            ],
            link: Some((Key::MailAppOpen, format!("{base}/applications/{id}"))),
        },
        Mail::Recognition {
            id,
            applicant,
            title,
            body,
            page,
        } => Parts {
            subject: Key::MailLaSubject,
            subject_text: Some(format!("{}: {title}", l.text(Key::MailLaSubject))),
            paragraphs: vec![l.fill(*body, &[("applicant", applicant), ("title", title)])],
            link: Some((Key::MailAppOpen, format!("{base}/applications/{id}/{page}"))),
        },
    }
}

/// The message for `recipient`.
pub fn render(public_url: &str, recipient: &str, l: Locale, mail: &Mail<'_>) -> Message {
    let p = parts(public_url, l, mail);
    let signature = l.text(Key::MailSignature);
    let mut text = p.paragraphs.join("\n\n");
    let mut html = format!("<!DOCTYPE html><html lang=\"{}\"><body>", l.code());
    for para in &p.paragraphs {
        html.push_str(&format!("<p>{}</p>", escape(para)));
    }
    if let Some((label, url)) = &p.link {
        text.push_str(&format!("\n\n{}:\n{url}", l.text(*label)));
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(url),
            escape(l.text(*label))
        ));
    }
    text.push_str(&format!("\n\n— {signature}\n"));
    html.push_str(&format!("<p>— {}</p></body></html>", escape(signature)));
    Message {
        recipient: recipient.to_string(),
        subject: p
            .subject_text
            .unwrap_or_else(|| l.text(p.subject).to_string()),
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_names_are_escaped_in_html_and_present_in_text() {
        let m = render(
            "https://mobility.example",
            "a@b.c",
            Locale::Ru,
            &Mail::Verify {
                name: "<Ли>",
                token: "abc",
            },
        );
        assert!(m.text.contains("https://mobility.example/verify?token=abc"));
        assert!(m.html.contains("&lt;Ли&gt;"));
        assert!(!m.html.contains("<Ли>"));
        assert_eq!(m.subject, Locale::Ru.text(Key::MailVerifySubject));
    }
}
