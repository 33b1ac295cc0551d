//! View pieces used by several pages.
pub mod alliance_card;
pub mod charts;
pub mod form;
pub mod islands;
pub mod layout;
pub mod pager;
pub mod plain_text;
pub mod publication;
pub mod raw_text;
pub mod scroll_region;
pub mod status;
pub mod university_name;
pub mod upcoming;
