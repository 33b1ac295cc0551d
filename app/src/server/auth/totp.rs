//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, ±1 step of clock drift).
use totp_rs::{Algorithm, Secret, TOTP};

const ISSUER: &str = "Alliance Mobility";

fn totp(secret_base32: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_string()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some(ISSUER.into()),
        account.replace(':', ""),
    )
    .ok()
}

/// A new random secret, base32 (what authenticator apps accept when typed).
pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

/// The `otpauth://` link an authenticator app imports.
pub fn setup_url(secret_base32: &str, account: &str) -> Option<String> {
    totp(secret_base32, account).map(|t| t.get_url())
}

/// The time step `code` belongs to, if it is valid at `now` (Unix seconds).
pub fn matching_step(secret_base32: &str, code: &str, now: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret_base32, "")?;
    [0_i64, -1, 1].into_iter().find_map(|offset| {
        let at = now + offset * 30;
        (at >= 0 && t.generate(at as u64) == code).then_some(at / 30)
    })
}

/// The code for `now` (tests and the demo seed only need this).
pub fn code_at(secret_base32: &str, now: i64) -> Option<String> {
    totp(secret_base32, "").map(|t| t.generate(now.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_current_and_adjacent_steps_only() {
        let s = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&s, now).expect("code");
        assert_eq!(matching_step(&s, &code, now), Some(now / 30));
        assert_eq!(
            matching_step(&s, &code, now + 30).map(|st| st + 1),
            Some(now / 30 + 1)
        );
        assert_eq!(matching_step(&s, &code, now + 300), None);
        assert_eq!(matching_step(&s, "12345", now), None);
        assert!(setup_url(&s, "li@hmu.test").is_some_and(|u| u.starts_with("otpauth://totp/")));
    }
}
