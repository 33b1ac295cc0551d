//! `server seed --synthetic N`: N generated, published opportunities spread over every member
//! university, kind, field and a two-year window of dates — for benchmarks and for trying the
//! catalogue at scale. Deterministic (the same N gives the same rows) and idempotent (rows carry
//! `synthetic:<n>` seed keys). Never part of a production seed.
use crate::seed::SeedError;
use app::domain::opportunity::{Kind, Status, FIELDS};
use app::i18n::Locale;
use app::server::store::{directory, opportunities as store, Db};
use chrono::{Days, Utc};

/// A small deterministic generator (64-bit LCG): reproducible data without a dependency.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }
}

const TOPICS: [(&str, &str, &str); 8] = [
    ("cardiology", "кардиологии", "心脏病学"),
    ("emergency medicine", "неотложной медицины", "急诊医学"),
    ("paediatrics", "педиатрии", "儿科学"),
    ("oncology", "онкологии", "肿瘤学"),
    ("public health", "общественного здоровья", "公共卫生"),
    ("pharmacology", "фармакологии", "药理学"),
    ("neurology", "неврологии", "神经病学"),
    ("traditional medicine", "традиционной медицины", "传统医学"),
];

fn title(kind: Kind, topic: (&str, &str, &str), n: u64) -> (String, String, String) {
    let (en, ru, zh) = match kind {
        Kind::SummerSchool => ("Summer school of", "Летняя школа", "暑期学校："),
        Kind::WinterSchool => ("Winter school of", "Зимняя школа", "冬季学校："),
        Kind::ClerkshipShort => (
            "Short clerkship in",
            "Краткосрочная практика по",
            "短期临床实习：",
        ),
        Kind::ClerkshipLong => (
            "Long clerkship in",
            "Долгосрочная практика по",
            "长期临床实习：",
        ),
        Kind::JointSemester => (
            "Joint semester in",
            "Совместный семестр по",
            "联合培养学期：",
        ),
        Kind::FacultyExchange => ("Research visit in", "Научный визит по", "访问研究："),
    };
    (
        format!("{en} {} #{n}", topic.0),
        format!("{ru} {} №{n}", topic.1),
        format!("{zh}{} 第{n}期", topic.2),
    )
}

/// Adds the synthetic opportunities 1..=count that are missing; returns how many were added.
pub async fn seed(db: &Db, count: u64) -> Result<u64, SeedError> {
    let members = directory::memberships(db).await?;
    if members.is_empty() {
        return Err(SeedError::Demo("the directory must be seeded first".into()));
    }
    let mut rng = Lcg(0x5eed);
    let today = Utc::now().date_naive();
    let now = Utc::now().timestamp();
    let mut added = 0;
    let mut tx = db.begin().await?;
    for n in 1..=count {
        let (alliance_id, host_university_id) = members[rng.next(members.len() as u64) as usize];
        // Programmes from a year ago to a year ahead.
        let starts = (today - Days::new(365)) + Days::new(rng.next(730));
        let new = opportunity(
            &mut rng,
            n,
            (alliance_id, host_university_id),
            starts,
            now,
            format!("synthetic:{n}"),
        );
        if store::insert(&mut tx, &new, now).await?.is_some() {
            added += 1;
        }
    }
    tx.commit().await?;
    Ok(added)
}

/// Generated opportunity number `n` of `host` within `alliance`, starting on `starts`: a random
/// kind, topic, field and languages; its window closes 3–10 weeks before the start and lasts
/// 4–10 weeks.
pub(crate) fn opportunity(
    rng: &mut Lcg,
    n: u64,
    (alliance_id, host_university_id): (i64, i64),
    starts: chrono::NaiveDate,
    now: i64,
    seed_key: String,
) -> store::NewOpportunity {
    let kind = Kind::ALL[rng.next(Kind::ALL.len() as u64) as usize];
    let topic = TOPICS[rng.next(TOPICS.len() as u64) as usize];
    let field = FIELDS[rng.next(FIELDS.len() as u64) as usize].0;
    let length = match kind {
        Kind::JointSemester => 120,
        Kind::ClerkshipLong => 84,
        _ => 7 + rng.next(21),
    };
    let ends = starts + Days::new(length);
    let closes = starts - Days::new(21 + rng.next(50));
    let opens = closes - Days::new(28 + rng.next(42));
    let at = |d: chrono::NaiveDate| {
        d.and_hms_opt(12, 0, 0)
            .map_or(now, |t| t.and_utc().timestamp())
    };
    let original = [Locale::En, Locale::Ru, Locale::Zh][rng.next(3) as usize];
    let (en, ru, zh) = title(kind, topic, n);
    let summary = |t: &str| {
        Some(format!(
            "{t}: lectures, practice and visits to the host's clinics."
        ))
    };
    let texts = |t: String, write: bool| store::Texts {
        summary: write.then(|| summary(&t)).flatten(),
        title: write.then_some(t),
        description: None,
    };
    let every = rng.next(2) == 0;
    store::NewOpportunity {
        alliance_id,
        host_university_id,
        kind,
        field_code: field.to_string(),
        languages: ["en:B2", "ru:B1", "zh:B1", "en:B2,ru:B1", "en:B1,zh:A2"][rng.next(5) as usize]
            .to_string(),
        levels: [
            "bachelor",
            "bachelor,master",
            "master,phd",
            "resident",
            "faculty",
        ][rng.next(5) as usize]
            .to_string(),
        starts_on: starts.to_string(),
        ends_on: ends.to_string(),
        opens_at: at(opens),
        closes_at: at(closes),
        time_zone: "UTC".into(),
        capacity: 5 + rng.next(40) as i64,
        quota_per_university: None,
        offer_days: app::domain::opportunity_form::OFFER_DAYS,
        documents: "cv,motivation_letter,passport_copy".into(),
        fees_note: String::new(),
        contact_name: String::new(),
        contact_email: String::new(),
        status: Status::Published,
        original_lang: original,
        en: texts(en, every || original == Locale::En),
        ru: texts(ru, every || original == Locale::Ru),
        zh: texts(zh, every || original == Locale::Zh),
        seed_key: Some(seed_key),
    }
}
