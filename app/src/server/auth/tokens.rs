//! Single-use tokens for e-mail links: 256 random bits, sent once, stored only as a SHA-256.
use sha2::{Digest, Sha256};

/// A fresh token (URL-safe hex) and the hash to store.
pub fn new_token() -> (String, String) {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

/// The stored form of `token`.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let (a, ha) = super::new_token();
        let (b, _) = super::new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(a, ha);
        assert_eq!(super::hash(&a), ha);
    }
}
