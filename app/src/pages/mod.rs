//! One file per page.
pub mod alliance;
pub mod alliances;
pub mod home;
pub mod university;
