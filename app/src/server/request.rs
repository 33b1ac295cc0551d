//! What a server function may know about the request: is it a plain form post, where does it
//! come from; and the query string of the redirect-back of forms posted without JavaScript.
use http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// A browser submitting a `<form>` without JavaScript asks for HTML; the Leptos client asks for
/// the server function's encoding.
pub fn is_plain_form_post(headers: &HeaderMap) -> bool {
    headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The client's address: the socket peer, unless the peer is a trusted proxy, in which case
/// the right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
pub fn client_address(peer: Option<SocketAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer.map(|p| p.ip()) else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
        .to_string()
}

/// `application/x-www-form-urlencoded` encoding of `pairs`.
pub fn encode_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", crate::url::encode(k), crate::url::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_round_trip() {
        let pairs = vec![("v.name".to_string(), "Ли Вэй & co".to_string())];
        let q = encode_query(&pairs);
        let (k, v) = q.split_once('=').expect("pair");
        assert_eq!(crate::url::decode(k).as_deref(), Some("v.name"));
        assert_eq!(crate::url::decode(v).as_deref(), Some("Ли Вэй & co"));
        assert_eq!(crate::url::decode("a+b%2"), Some("a b%2".into()));
    }

    #[test]
    fn forwarded_for_only_behind_a_trusted_proxy() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 10.0.0.2".parse().expect("header"),
        );
        let proxy: IpAddr = "10.0.0.2".parse().expect("ip");
        let peer = Some(SocketAddr::new(proxy, 4000));
        assert_eq!(client_address(peer, &h, &[]), "10.0.0.2");
        assert_eq!(client_address(peer, &h, &[proxy]), "203.0.113.9");
    }
}
