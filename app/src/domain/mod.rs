//! Pure Rust shared by the server and the browser: the directory of alliances and universities,
//! countries and localised content. No I/O here.
pub mod country;
pub mod directory;
