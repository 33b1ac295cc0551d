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

/// The set-up link as a QR code (an SVG `data:` URL) for the phone's camera: the page CSP
/// allows `data:` images, and the image is made here, so nothing leaves the server.
pub fn setup_qr(url: &str) -> Option<String> {
    use qrcodegen::{QrCode, QrCodeEcc};
    let qr = QrCode::encode_text(url, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let size = qr.size() + 2 * border;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    );
    Some(format!(
        "data:image/svg+xml;base64,{}",
        base64_encode(svg.as_bytes())
    ))
}

fn base64_encode(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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
        let url = setup_url(&s, "li@hmu.test").expect("url");
        assert!(url.starts_with("otpauth://totp/"));
        assert!(setup_qr(&url).is_some_and(|q| q.starts_with("data:image/svg+xml;base64,")));
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_encode(b"M"), "TQ==");
    }
}
