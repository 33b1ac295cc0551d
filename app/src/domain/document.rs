//! Uploaded documents: what a file is, judged by its bytes alone (never its name or the type
//! the browser claims), and the name it is shown under. PDF, JPEG and PNG only.
use crate::domain::validation::Problem;

/// The kinds of file an application accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
}

impl FileType {
    pub const fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    pub const fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
        }
    }
}

/// Default largest file, in bytes (10 MB); `DOCUMENT_MAX_BYTES` overrides it.
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// Documents one application may hold (several scans of one kind are common, dozens are not).
pub const MAX_PER_APPLICATION: i64 = 20;

/// The most bytes one application's documents may take together: five of the largest files.
pub fn max_total_bytes(max_file_bytes: usize) -> i64 {
    i64::try_from(max_file_bytes.saturating_mul(5)).unwrap_or(i64::MAX)
}

/// Whether one more file of `size` bytes fits beside `count` documents of `total` bytes:
/// `Err` says which limit it passes.
pub fn fits(count: i64, total: i64, size: usize, max_file_bytes: usize) -> Result<(), Problem> {
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    if count >= MAX_PER_APPLICATION {
        Err(Problem::TooManyDocuments)
    } else if total.saturating_add(size) > max_total_bytes(max_file_bytes) {
        Err(Problem::DocumentsTooLarge)
    } else {
        Ok(())
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const PNG_END: &[u8] = b"IEND\xaeB`\x82";
/// Markup a browser would render: none of it may appear near the start of any file, so a file
/// cannot be both a document and a page (a polyglot).
const MARKUP: [&[u8]; 6] = [
    b"<html",
    b"<script",
    b"<svg",
    b"<!doctype",
    b"<?xml",
    b"<body",
];

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn ends_with_trimmed(bytes: &[u8], tail: &[u8], slack: usize) -> bool {
    let end = bytes.len().saturating_sub(slack);
    bytes[end..].windows(tail.len()).any(|w| w == tail)
}

/// What `bytes` are, if they are a whole file of an accepted kind no larger than `max`.
pub fn sniff(bytes: &[u8], max: usize) -> Result<FileType, Problem> {
    if bytes.is_empty() {
        return Err(Problem::Required);
    }
    if bytes.len() > max {
        return Err(Problem::FileTooLarge);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if MARKUP.iter().any(|m| contains_ignore_case(head, m)) {
        return Err(Problem::FileType);
    }
    let kind = if bytes.starts_with(b"%PDF-") {
        // A PDF ends with %%EOF, possibly followed by a line break.
        ends_with_trimmed(bytes, b"%%EOF", 8).then_some(FileType::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        bytes.ends_with(&[0xFF, 0xD9]).then_some(FileType::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        (bytes.len() > 24 && &bytes[12..16] == b"IHDR" && bytes.ends_with(PNG_END))
            .then_some(FileType::Png)
    } else {
        None
    };
    kind.ok_or(Problem::FileType)
}

/// The name a file is shown under: its last path component, without control characters,
/// separators, leading dots or characters a file system or a header would misread, at most 100
/// characters, with the extension of what it really is.
pub fn display_name(original: &str, kind: FileType) -> String {
    let last = original
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !crate::domain::validation::is_bidi_control(*c))
        .map(|c| match c {
            '"' | '\'' | '<' | '>' | ':' | '*' | '?' | '|' | ';' | '%' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim_start_matches(['.', ' ']).trim();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => cleaned,
    };
    let stem: String = stem.chars().take(96).collect();
    let stem = if stem.trim().is_empty() {
        "document".to_string()
    } else {
        stem
    };
    format!("{stem}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(body: &str) -> Vec<u8> {
        format!("%PDF-1.4\n{body}\n%%EOF\n").into_bytes()
    }

    #[test]
    fn accepts_real_kinds_by_their_bytes() {
        assert_eq!(sniff(&pdf("1 0 obj"), 1000), Ok(FileType::Pdf));
        let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"JFIF", &[0xFF, 0xD9]].concat();
        assert_eq!(sniff(&jpeg, 1000), Ok(FileType::Jpeg));
        let png = [
            PNG_SIGNATURE,
            b"\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0",
            b"\0\0\0\0",
            PNG_END,
        ]
        .concat();
        assert_eq!(sniff(&png, 1000), Ok(FileType::Png));
    }

    #[test]
    fn refuses_hostile_files() {
        assert_eq!(sniff(b"", 10), Err(Problem::Required));
        assert_eq!(sniff(&pdf("x"), 5), Err(Problem::FileTooLarge));
        // HTML or SVG called a PDF, a PDF with a page inside, a truncated PDF, a GIF.
        assert_eq!(
            sniff(b"<html><body>hi</body></html>", 100),
            Err(Problem::FileType)
        );
        assert_eq!(sniff(b"<svg onload=alert(1)>", 100), Err(Problem::FileType));
        assert_eq!(
            sniff(&pdf("<script>alert(1)</script>"), 1000),
            Err(Problem::FileType)
        );
        assert_eq!(sniff(b"%PDF-1.4\n1 0 obj", 1000), Err(Problem::FileType));
        assert_eq!(sniff(b"GIF89a....", 1000), Err(Problem::FileType));
        // A PNG with something appended (a zip, a script) is not a PNG.
        let png_zip = [
            PNG_SIGNATURE,
            b"\0\0\0\rIHDR........",
            PNG_END,
            b"PK\x03\x04",
        ]
        .concat();
        assert_eq!(sniff(&png_zip, 1000), Err(Problem::FileType));
    }

    #[test]
    fn an_application_holds_a_bounded_number_of_bytes_and_files() {
        let mb = 1024 * 1024;
        assert_eq!(fits(0, 0, 10 * mb, 10 * mb), Ok(()));
        assert_eq!(fits(19, 0, 1, 10 * mb), Ok(()));
        assert_eq!(fits(20, 0, 1, 10 * mb), Err(Problem::TooManyDocuments));
        assert_eq!(fits(4, 40 * mb as i64, 10 * mb, 10 * mb), Ok(()));
        assert_eq!(
            fits(5, 40 * mb as i64 + 1, 10 * mb, 10 * mb),
            Err(Problem::DocumentsTooLarge)
        );
    }

    #[test]
    fn display_names_are_tamed() {
        assert_eq!(
            display_name("../../etc/passwd", FileType::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            display_name("C:\\Users\\a\\cv.exe", FileType::Pdf),
            "cv.pdf"
        );
        assert_eq!(display_name("..", FileType::Png), "document.png");
        assert_eq!(display_name("a\"b\r\n.pdf", FileType::Pdf), "a_b.pdf");
        assert_eq!(display_name("паспорт.jpeg", FileType::Jpeg), "паспорт.jpg");
        assert_eq!(
            display_name("cv\u{202E}fdp.exe", FileType::Pdf),
            "cvfdp.pdf"
        );
        assert_eq!(
            display_name(&"x".repeat(300), FileType::Pdf)
                .chars()
                .count(),
            100
        );
    }
}
