//! SQL helpers every aggregate of the store shares: texts in the reader's language, queries
//! built from a filter with their bound values, and the one checked conversion of a stored code
//! (a state, a side, a scheme) back into its domain type.
use super::{Backend, StoreError};
use crate::domain::agreement::{Approver, Side as AgreementSide};
use crate::domain::application::{Action, State};
use crate::domain::opportunity::{Kind, Status};
use crate::domain::recognition::{Grade, Scheme};
use crate::i18n::Locale;

/// `column` of the opportunity `o` in `locale`, else in the row's original language.
pub(crate) fn text_in(column: &str, locale: Locale) -> String {
    let l = locale.code();
    format!(
        "COALESCE(NULLIF(o.{column}_{l}, ''), CASE o.original_lang WHEN 'ru' THEN o.{column}_ru \
         WHEN 'zh' THEN o.{column}_zh ELSE o.{column}_en END, '')"
    )
}

/// The name of a university (`alias`) in `locale`: the name the secretariat gave in that
/// language (`name_ru`, `name_zh`), else its own-script name where that is the reader's
/// language, else English.
pub(crate) fn university_name(alias: &str, locale: Locale) -> String {
    let l = locale.code();
    let own = format!(
        "CASE WHEN {alias}.native_lang = '{l}' AND COALESCE({alias}.name_native, '') <> '' \
         THEN {alias}.name_native ELSE {alias}.name_en END"
    );
    match locale {
        Locale::En => own,
        _ => format!("COALESCE(NULLIF({alias}.name_{l}, ''), {own})"),
    }
}

/// `column` in the reader's language, English where that translation is missing or empty.
/// `locale.code()` is one of three fixed codes, so the column name cannot be injected.
pub(crate) fn localized(column: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{column}_en"),
        other => format!(
            "COALESCE(NULLIF({column}_{c}, ''), {column}_en)",
            c = other.code()
        ),
    }
}

/// An expression that folds the rows of a query into one JSON text: an array holding, per row
/// in `order`, the array of `columns` (`[]` without rows). A list read this way crosses from
/// the database to the server as one value: sqlx hands SQLite's rows over one at a time
/// between threads, and a queue page's 170 rows cost ~50 context switches as rows, 2 as one
/// value. Read it with [`json_list`].
pub(crate) fn json_rows(backend: Backend, columns: &[&str], order: &str) -> String {
    let columns = columns.join(", ");
    match backend {
        Backend::Sqlite => {
            format!("COALESCE(json_group_array(json_array({columns}) ORDER BY {order}), '[]')")
        }
        Backend::Postgres => format!(
            "COALESCE(CAST(json_agg(json_build_array({columns}) ORDER BY {order}) AS TEXT), '[]')"
        ),
    }
}

/// The rows of a [`json_rows`] value of `column`, each read as a `T` (a struct with the
/// columns' fields in order).
pub(crate) fn json_list<T: serde::de::DeserializeOwned>(
    column: &'static str,
    json: &str,
) -> Result<Vec<T>, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Decode {
        column,
        value: e.to_string(),
    })
}

/// `$from, $from+1, …` for `n` values.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A list of ids written into the SQL text, for `IN (…)` (`NULL` for none, which matches
/// nothing). Only for ids from the actor's grants or the database, never from input.
pub(crate) fn inline_ids(ids: &[i64]) -> String {
    if ids.is_empty() {
        "NULL".to_string()
    } else {
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    }
}

/// The items of a stored comma-separated list.
pub(crate) fn list(csv: &str) -> Vec<String> {
    csv.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A bound value of a dynamically built query.
pub(crate) enum Param {
    Int(i64),
    Text(String),
}

/// Bound values of a query being built; `push` returns the placeholder of the value.
#[derive(Default)]
pub(crate) struct Params(pub(crate) Vec<Param>);

impl Params {
    pub(crate) fn push(&mut self, p: Param) -> String {
        self.0.push(p);
        format!("${}", self.0.len())
    }

    /// The placeholders of a list of ids, e.g. for `IN (…)`.
    pub(crate) fn ids(&mut self, ids: &[i64]) -> String {
        ids.iter()
            .map(|i| self.push(Param::Int(*i)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Binds every value of a [`Params`] to a query, in order.
macro_rules! bind_params {
    ($q:expr, $params:expr) => {{
        let mut q = $q;
        for p in &$params.0 {
            q = match p {
                $crate::server::store::sql::Param::Int(i) => q.bind(*i),
                $crate::server::store::sql::Param::Text(s) => q.bind(s.as_str()),
            };
        }
        q
    }};
}
pub(crate) use bind_params;

/// A domain value stored as a short code.
pub(crate) trait Code: Sized {
    fn from_code(code: &str) -> Option<Self>;
}

macro_rules! codes {
    ($($t:ty => $parse:path),* $(,)?) => {
        $(impl Code for $t {
            fn from_code(code: &str) -> Option<Self> {
                $parse(code)
            }
        }

        /// For `#[sqlx(try_from = "String")]` on a row's field.
        impl TryFrom<String> for $t {
            type Error = StoreError;

            fn try_from(value: String) -> Result<Self, StoreError> {
                code(stringify!($t), &value)
            }
        })*
    };
}

codes! {
    State => State::parse,
    Action => Action::parse,
    Kind => Kind::parse,
    Status => Status::parse,
    Scheme => Scheme::parse,
    Grade => Grade::parse_code,
    AgreementSide => AgreementSide::parse,
    Approver => Approver::parse,
    crate::domain::queue_view::Side => crate::domain::queue_view::Side::parse,
    crate::domain::access::Role => crate::domain::access::Role::parse,
    crate::domain::publishing::Publication => crate::domain::publishing::Publication::parse,
    crate::domain::event::EventKind => crate::domain::event::EventKind::parse,
    crate::i18n::Locale => crate::i18n::Locale::parse,
    super::accounts::requests::Kind => super::accounts::requests::Kind::parse,
}

/// The domain value of a code read from `column`: a value this build does not know (a corrupt
/// row, or one written by a newer version) is an error, never a row quietly left out.
pub(crate) fn code<T: Code>(column: &'static str, value: &str) -> Result<T, StoreError> {
    T::from_code(value).ok_or_else(|| StoreError::Decode {
        column,
        value: value.to_owned(),
    })
}

/// As [`code`], for a column that may be NULL.
pub(crate) fn opt_code<T: Code>(
    column: &'static str,
    value: Option<&str>,
) -> Result<Option<T>, StoreError> {
    value.map(|v| code(column, v)).transpose()
}

/// Reads a list of rows into domain values, failing on the first that does not decode.
pub(crate) fn all<R, T>(
    rows: Vec<R>,
    into: impl FnMut(R) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    rows.into_iter().map(into).collect()
}
