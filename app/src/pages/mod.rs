//! One file per page.
pub mod account;
pub mod account_security;
pub mod admin;
pub mod alliance;
pub mod alliances;
pub mod home;
pub mod invitation;
pub mod login;
pub mod opportunities;
pub mod opportunity;
pub mod register;
pub mod reset;
pub mod university;
pub mod verify;
