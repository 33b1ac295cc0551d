//! `server seed`: loads the member directory and the alliances' news and events (always) and
//! the demo data (`--demo`).
//! Idempotent: rows are matched by slug, so running it again changes nothing; the directory
//! is first-run data (the secretariat edits it in the app afterwards, and a re-seed keeps that).
use crate::seed_queries::{self, AllianceRecord, UniversityRecord};
use app::domain::access::Role;
use app::server::auth::password::Passwords;
use app::server::store::{accounts, directory, Db, StoreError};
use serde::Deserialize;
use std::collections::HashMap;

/// The reviewable data file, compiled into the binary.
const DIRECTORY_TOML: &str = include_str!("../seed/directory.toml");

#[derive(Debug, Deserialize)]
struct DirectoryFile {
    alliance: Vec<AllianceRecord>,
    university: Vec<UniversityRecord>,
}

/// What can go wrong while seeding.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed/directory.toml: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("seed/directory.toml: alliance {alliance} lists unknown university {slug}")]
    UnknownMember { alliance: String, slug: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("demo accounts: {0}")]
    Demo(String),
    #[error("seed/news.toml or seed/events.toml: {0}")]
    News(String),
}

/// What the seed did, for the CLI's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub alliances: i64,
    pub universities: i64,
    pub memberships: i64,
}

/// Loads the alliances and adds the universities and memberships that do not exist yet, in one
/// transaction.
pub async fn seed_directory(db: &Db) -> Result<SeedReport, SeedError> {
    let file: DirectoryFile = toml::from_str(DIRECTORY_TOML)?;
    let mut tx = db.begin().await?;
    let mut ids = HashMap::new();
    for u in &file.university {
        ids.insert(
            u.slug.as_str(),
            seed_queries::add_university(&mut tx, u).await?,
        );
    }
    let mut alliances = HashMap::new();
    for a in &file.alliance {
        let members = a
            .members
            .iter()
            .map(|slug| {
                ids.get(slug.as_str())
                    .map(|id| (*id, a.founding.contains(slug), a.council.contains(slug)))
                    .ok_or_else(|| SeedError::UnknownMember {
                        alliance: a.slug.clone(),
                        slug: slug.clone(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let id = seed_queries::upsert_alliance(&mut tx, a, &members).await?;
        alliances.insert(a.slug.clone(), id);
    }
    crate::seed_publications::seed(&mut tx, &alliances, &ids).await?;
    tx.commit().await?;
    let (alliances, universities, memberships) = directory::counts(db).await?;
    Ok(SeedReport {
        alliances,
        universities,
        memberships,
    })
}

/// The password of every demo account (demo data only, never a production seed).
pub const DEMO_PASSWORD: &str = "demo-mobility-2026";

/// A demo account: e-mail, Latin name, own-script name, home university slug, level, role.
struct DemoAccount {
    email: &'static str,
    name_latin: &'static str,
    name_native: &'static str,
    university: Option<&'static str>,
    level: Option<&'static str>,
    locale: &'static str,
    role: Option<(Role, &'static str)>,
}

const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "admin@demo.test",
        name_latin: "Demo Administrator",
        name_native: "",
        university: None,
        level: None,
        locale: "en",
        role: Some((Role::Admin, "")),
    },
    DemoAccount {
        email: "staff.asrmu@demo.test",
        name_latin: "Anna Volkova",
        name_native: "Анна Волкова",
        university: Some("sechenov"),
        level: None,
        locale: "ru",
        role: Some((Role::Staff, "asrmu")),
    },
    DemoAccount {
        email: "staff.sco@demo.test",
        name_latin: "Aigerim Nurlanovna",
        name_native: "Айгерим Нурлановна",
        university: None,
        level: None,
        locale: "ru",
        role: Some((Role::Staff, "sco")),
    },
    DemoAccount {
        email: "coord.hmu@demo.test",
        name_latin: "Wang Fang",
        name_native: "王芳",
        university: Some("hmu"),
        level: None,
        locale: "zh",
        role: Some((Role::Coordinator, "hmu")),
    },
    DemoAccount {
        email: "coord.sechenov@demo.test",
        name_latin: "Elena Smirnova",
        name_native: "Елена Смирнова",
        university: Some("sechenov"),
        level: None,
        locale: "ru",
        role: Some((Role::Coordinator, "sechenov")),
    },
    DemoAccount {
        email: "coord.bucm@demo.test",
        name_latin: "Zhang Wei",
        name_native: "张伟",
        university: Some("bucm"),
        level: None,
        locale: "zh",
        role: Some((Role::Coordinator, "bucm")),
    },
    DemoAccount {
        email: "student.hmu@demo.test",
        name_latin: "Li Na",
        name_native: "李娜",
        university: Some("hmu"),
        level: Some("master"),
        locale: "zh",
        role: None,
    },
    DemoAccount {
        email: "student.sechenov@demo.test",
        name_latin: "Ivan Petrov",
        name_native: "Иван Петров",
        university: Some("sechenov"),
        level: Some("bachelor"),
        locale: "ru",
        role: None,
    },
    DemoAccount {
        email: "student.rudn@demo.test",
        name_latin: "Aliya Nurlanovna",
        name_native: "Алия Нурлановна",
        university: Some("rudn"),
        level: Some("master"),
        locale: "ru",
        role: None,
    },
    DemoAccount {
        email: "faculty.hmu@demo.test",
        name_latin: "Chen Jie",
        name_native: "陈杰",
        university: Some("hmu"),
        level: Some("faculty"),
        locale: "zh",
        role: None,
    },
];

/// The demo accounts' e-mail addresses, for the README and `scripts/run`.
pub fn demo_emails() -> impl Iterator<Item = &'static str> {
    DEMO_ACCOUNTS.iter().map(|a| a.email)
}

/// `seed --demo`: the directory plus the demo accounts (idempotent: existing accounts are left
/// alone). Staff terms run from half a year ago to half a year ahead of the seeding day.
pub async fn seed_demo(db: &Db) -> Result<SeedReport, SeedError> {
    let report = seed_directory(db).await?;
    let passwords = Passwords::new(1).map_err(|e| SeedError::Demo(e.to_string()))?;
    let hash = passwords
        .hash(DEMO_PASSWORD)
        .await
        .map_err(|e| SeedError::Demo(e.to_string()))?;
    let slug_ids = directory::slug_ids(db).await?;
    let id = |slug: &str| slug_ids.get(slug).copied();
    let today = chrono::Utc::now().date_naive();
    let term_start = (today - chrono::Days::new(180))
        .format("%Y-%m-%d")
        .to_string();
    let term_end = (today + chrono::Days::new(185))
        .format("%Y-%m-%d")
        .to_string();
    let now = chrono::Utc::now().timestamp();
    let mut tx = db.begin().await?;
    for a in DEMO_ACCOUNTS {
        let new = accounts::NewUser {
            email: a.email,
            password_hash: &hash,
            name_latin: a.name_latin,
            name_native: a.name_native,
            home_university_id: a.university.and_then(|s| id(&format!("university:{s}"))),
            level: a.level,
            locale: a.locale,
            verified_at: Some(now),
            is_demo: true,
        };
        let Some(user_id) = accounts::insert_user(&mut tx, &new, now).await? else {
            continue;
        };
        if let Some((role, scope)) = a.role {
            let (university_id, alliance_id, term) = match role {
                Role::Coordinator => (id(&format!("university:{scope}")), None, None),
                Role::Staff => (
                    None,
                    id(&format!("alliance:{scope}")),
                    Some((term_start.as_str(), term_end.as_str())),
                ),
                Role::Admin => (None, None, None),
            };
            let grant = accounts::NewGrant {
                user_id,
                role,
                university_id,
                alliance_id,
                term_start: term.map(|t| t.0),
                term_end: term.map(|t| t.1),
                granted_by: None,
            };
            accounts::insert_grant(&mut tx, &grant, now).await?;
        }
    }
    demo_message(&mut tx, id("alliance:asrmu"), now).await?;
    tx.commit().await?;
    crate::demo_opportunities::seed(db).await?;
    crate::demo_applications::seed(db).await?;
    crate::demo_recognition::seed(db).await?;
    Ok(report)
}

/// The e-mail of the demo visitor who wrote to ASRMU's secretariat.
const DEMO_VISITOR: &str = "li.na@visitor.demo";

/// A question to ASRMU's secretariat, so its inbox (`/alliances/asrmu/messages`) has one to
/// answer; written once.
async fn demo_message(
    tx: &mut app::server::store::Tx,
    asrmu: Option<i64>,
    now: i64,
) -> Result<(), SeedError> {
    let Some(asrmu) = asrmu else {
        return Ok(());
    };
    let written: i64 = app::fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM contact_messages WHERE email = $1")
            .bind(DEMO_VISITOR)
    )?;
    if written == 0 {
        directory::contact::insert_contact_message(
            tx,
            asrmu,
            (
                "李娜",
                DEMO_VISITOR,
                "您好！请问第十四届哈尔滨国际眼科学术研讨会是否接受本科生参加？需要提前报名吗？",
            ),
            app::i18n::Locale::Zh,
            "127.0.0.1",
            now,
        )
        .await?;
    }
    Ok(())
}
