//! The public catalogue: anyone, signed in or not, may search published opportunities.
use crate::domain::dates;
use crate::domain::ics::{self, AllDay, Deadline};
use crate::domain::opportunity::{
    parse_month, CalendarMonth, Catalogue, Cursor, DayMarks, Filter, OpportunityCard,
    OpportunityDetail,
};
use crate::i18n::{Key, Locale};
use crate::server::cache::VersionedCache;
use crate::server::store::versions;
use crate::server::{error::ServiceError, store::opportunities as store, store::Db};

/// Cards per catalogue page.
pub const PAGE_SIZE: i64 = 20;

/// Entries per kind of cached result; each is at most a page of cards.
const CACHE_ENTRIES: usize = 256;

/// What the catalogue and the calendar read, kept by each instance under the catalogue's
/// version (`store::versions`): a request then costs one statement (the version) instead of
/// its search or its calendar aggregates, and any write to an opportunity, a university or an
/// alliance, through any instance, shows on the next request.
pub struct CatalogueCache {
    pages: VersionedCache<Catalogue>,
    marks: VersionedCache<Vec<(String, String, i64)>>,
    days: VersionedCache<Vec<OpportunityCard>>,
}

impl Default for CatalogueCache {
    fn default() -> Self {
        CatalogueCache {
            pages: VersionedCache::new(CACHE_ENTRIES),
            marks: VersionedCache::new(CACHE_ENTRIES),
            days: VersionedCache::new(CACHE_ENTRIES),
        }
    }
}

/// Until when a result for `filter` read at `now` stays right, whatever is written: for ever,
/// unless the filter asks about the clock (open now, upcoming).
async fn valid_until(db: &Db, filter: &Filter, now: i64) -> Result<i64, ServiceError> {
    if filter.open_now || filter.upcoming {
        Ok(store::next_window_change(db, now)
            .await?
            .unwrap_or(i64::MAX))
    } else {
        Ok(i64::MAX)
    }
}

/// One page of the catalogue for `filter`, after the cursor `after` (from the previous page).
pub async fn catalogue(
    db: &Db,
    cache: &CatalogueCache,
    filter: &Filter,
    after: Option<&str>,
    locale: Locale,
) -> Result<Catalogue, ServiceError> {
    let now = chrono::Utc::now().timestamp();
    let version = versions::current(db).await?.catalogue;
    let key = format!("{}|{after:?}|{filter:?}", locale.code());
    cache
        .pages
        .get_or_fill(key, version, now, || async {
            let cursor = after.and_then(Cursor::parse);
            let page = store::search(db, filter, locale, now, cursor.as_ref(), PAGE_SIZE).await?;
            let catalogue = Catalogue {
                cards: page.cards,
                next: page.next.map(|c| c.encode()),
            };
            Ok((catalogue, valid_until(db, filter, now).await?))
        })
        .await
}

/// A published (or closed) opportunity; drafts, cancelled and unknown ids are not found.
pub async fn detail(db: &Db, id: i64, locale: Locale) -> Result<OpportunityDetail, ServiceError> {
    store::public_by_id(db, id, locale)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Most opportunities a calendar day lists.
pub const DAY_LIMIT: i64 = 200;
/// Most deadlines a feed carries.
pub const FEED_LIMIT: i64 = 500;

/// The calendar month `month` (`YYYY-MM`; the current month when absent or malformed) for
/// `filter`: per day the programmes running and the deadlines, and the events of `date` when it
/// is a day of that month.
pub async fn calendar(
    db: &Db,
    cache: &CatalogueCache,
    filter: &Filter,
    month: Option<&str>,
    date: Option<&str>,
    locale: Locale,
) -> Result<CalendarMonth, ServiceError> {
    let now = chrono::Utc::now().timestamp();
    let (y, m) = month.and_then(parse_month).unwrap_or_else(|| {
        let (y, m, _) = dates::civil_from_days(now.div_euclid(86_400));
        (y, m)
    });
    let first = dates::days_from_civil(y, m, 1);
    let len = i64::from(dates::days_in_month(y, m));
    let last = first + len - 1;
    let (first_iso, last_iso) = (dates::format_date(first), dates::format_date(last));
    let version = versions::current(db).await?.catalogue;
    let key = format!("{first_iso}|{filter:?}");
    let marks = cache
        .marks
        .get_or_fill(key, version, now, || async {
            let mut marks =
                store::period_marks(db, filter, now, (&first_iso, &last_iso), (first, last))
                    .await?;
            if filter.includes_events() {
                marks.extend(
                    super::events::month_marks(
                        db,
                        filter.alliance.as_deref(),
                        (&first_iso, &last_iso),
                    )
                    .await?,
                );
            }
            Ok::<_, ServiceError>((marks, valid_until(db, filter, now).await?))
        })
        .await?;
    // Runs on day i = programmes started by day i − those that ended before it.
    let size = len as usize;
    let (mut starts, mut ends) = (vec![0u32; size], vec![0u32; size]);
    let (mut event_starts, mut event_ends) = (vec![0u32; size], vec![0u32; size]);
    let mut days = vec![DayMarks::default(); size];
    for (kind, day, n) in &marks {
        let n = u32::try_from(*n).unwrap_or(u32::MAX);
        let index = match kind.as_str() {
            "d" => day.parse::<i64>().ok(),
            _ => dates::parse_date(day),
        }
        .map(|d| d - first)
        .filter(|i| (0..len).contains(i));
        let Some(i) = index.map(|i| i as usize) else {
            continue;
        };
        match kind.as_str() {
            "s" => starts[i] += n,
            "e" => ends[i] += n,
            "vs" => event_starts[i] += n,
            "ve" => event_ends[i] += n,
            _ => days[i].deadlines += n,
        }
    }
    let (mut running, mut events) = (0u32, 0u32);
    for (i, day) in days.iter_mut().enumerate() {
        running += starts[i];
        day.runs = running;
        running = running.saturating_sub(ends[i]);
        events += event_starts[i];
        day.events = events;
        events = events.saturating_sub(event_ends[i]);
    }
    let mut truncated = false;
    let date = date
        .and_then(dates::parse_date)
        .filter(|d| (first..=last).contains(d));
    let events = match date {
        Some(d) if filter.includes_events() => {
            super::events::on_day(
                db,
                filter.alliance.as_deref(),
                &dates::format_date(d),
                locale,
            )
            .await?
        }
        _ => Vec::new(),
    };
    let cards = match date {
        Some(d) => {
            let iso = dates::format_date(d);
            let key = format!("{}|{iso}|{filter:?}", locale.code());
            let mut cards = cache
                .days
                .get_or_fill(key, version, now, || async {
                    let cards = store::in_period(
                        db,
                        filter,
                        locale,
                        now,
                        (&iso, &iso),
                        (d * 86_400, (d + 1) * 86_400),
                        DAY_LIMIT + 1,
                    )
                    .await?;
                    Ok::<_, ServiceError>((cards, valid_until(db, filter, now).await?))
                })
                .await?;
            truncated |= cards.len() as i64 > DAY_LIMIT;
            cards.truncate(DAY_LIMIT as usize);
            cards
        }
        None => Vec::new(),
    };
    Ok(CalendarMonth {
        month: format!("{y:04}-{m:02}"),
        days,
        date: date.map(dates::format_date),
        cards,
        events,
        truncated,
        today: dates::utc_date(now),
    })
}

/// The iCalendar feed of application deadlines for `filter`: those still ahead, and those of
/// the last 30 days so a subscribed calendar keeps them.
pub async fn deadline_feed(
    db: &Db,
    filter: &Filter,
    locale: Locale,
    public_url: &str,
) -> Result<String, ServiceError> {
    let now = chrono::Utc::now().timestamp();
    let cards = store::deadlines(db, filter, locale, now, now - 30 * 86_400, FEED_LIMIT).await?;
    let host = public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .trim_end_matches('/');
    let prefix = locale.text(Key::CalendarDeadlineOf);
    let summaries: Vec<String> = cards
        .iter()
        .map(|c| format!("{prefix}: {}", c.title))
        .collect();
    let events: Vec<Deadline<'_>> = cards
        .iter()
        .zip(&summaries)
        .map(|(c, s)| Deadline {
            uid: format!("deadline-{}@{host}", c.id),
            at: c.closes_at,
            summary: s,
            description: &c.summary,
            url: format!(
                "{}/opportunities/{}",
                public_url.trim_end_matches('/'),
                c.id
            ),
        })
        .collect();
    let gatherings = if filter.includes_events() {
        super::events::for_feed(
            db,
            filter.alliance.as_deref(),
            &dates::utc_date(now - 30 * 86_400),
            locale,
        )
        .await?
    } else {
        Vec::new()
    };
    let days: Vec<AllDay<'_>> = gatherings
        .iter()
        .map(|e| AllDay {
            uid: format!("event-{}@{host}", e.id),
            starts_on: &e.starts_on,
            ends_on: &e.ends_on,
            summary: &e.text.title,
            description: &e.text.place,
            url: format!("{}/events/{}", public_url.trim_end_matches('/'), e.id),
        })
        .collect();
    Ok(ics::calendar(
        locale.text(Key::CalendarFeedName),
        now,
        &events,
        &days,
    ))
}
