//! Backstage's field-format rules, character for character.
//!
//! These mirror `KubernetesValidatorFunctions`, `CommonValidatorFunctions` and `makeValidator` in
//! `@backstage/catalog-model`. Lengths are counted in UTF-16 units like JavaScript's
//! `String.length`; every pattern is ASCII-only, so any non-ASCII character fails anyway.

/// `metadata.name` and label values: `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`, 1–63.
/// Runs of separators are allowed; only the ends must be alphanumeric.
pub fn is_valid_object_name(value: &str) -> bool {
    let bytes = value.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    value.len() <= 63
        && first.is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A DNS label (`metadata.namespace`): `^[a-z0-9]+(?:\-+[a-z0-9]+)*$`, 1–63, lower case.
pub fn is_valid_dns_label(value: &str) -> bool {
    let bytes = value.as_bytes();
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    value.len() <= 63 && alnum(first) && alnum(last) && bytes.iter().all(|b| alnum(b) || *b == b'-')
}

/// A DNS subdomain: 1–253 characters of dot-separated DNS labels.
pub fn is_valid_dns_subdomain(value: &str) -> bool {
    !value.is_empty() && value.len() <= 253 && value.split('.').all(is_valid_dns_label)
}

/// `<suffix>` or `<prefix>/<suffix>`; two or more slashes never pass.
fn is_valid_prefix_and_or_suffix(value: &str, suffix_ok: fn(&str) -> bool) -> bool {
    match value.split_once('/') {
        None => suffix_ok(value),
        Some((prefix, suffix)) => !suffix.contains('/') && is_valid_dns_subdomain(prefix) && suffix_ok(suffix),
    }
}

/// `apiVersion`: an optional DNS-subdomain prefix and a 1–63 character alphanumeric suffix.
pub fn is_valid_api_version(value: &str) -> bool {
    is_valid_prefix_and_or_suffix(value, |suffix| {
        !suffix.is_empty() && suffix.len() <= 63 && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// `kind`: `^[a-zA-Z][a-z0-9A-Z]*$`, 1–63.
pub fn is_valid_kind(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && value.len() <= 63
        && bytes.iter().all(u8::is_ascii_alphanumeric)
}

/// Label and annotation keys: an optional DNS-subdomain prefix and an object-name suffix.
pub fn is_valid_label_or_annotation_key(value: &str) -> bool {
    is_valid_prefix_and_or_suffix(value, is_valid_object_name)
}

/// Label values: empty, or an object name.
pub fn is_valid_label_value(value: &str) -> bool {
    value.is_empty() || is_valid_object_name(value)
}

/// Tags (the default in `makeValidator`): `^[a-z0-9:+#]+(\-[a-z0-9:+#]+)*$`, 1–63.
/// The colon is allowed although the error text and older docs leave it out.
pub fn is_valid_tag(value: &str) -> bool {
    let part_ok = |part: &str| {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b':' | b'+' | b'#'))
    };
    !value.is_empty() && value.len() <= 63 && value.split('-').all(part_ok)
}

/// `links[].url`: anything the WHATWG URL parser accepts without a base.
pub fn is_valid_url(value: &str) -> bool {
    is_plain_web_url(value) || url::Url::parse(value).is_ok()
}

/// Whether `value` is `http://` or `https://` and a plain host name: labels of ASCII letters,
/// digits and dashes, the last starting with a letter (so it cannot be read as an IPv4 number),
/// none a punycode `xn--` label, no user or port. The WHATWG parser accepts every such URL,
/// whatever path, query or fragment follows: those states percent-encode and never fail. Nearly
/// every link in a catalog looks like this, and the full parser costs far more than this check.
fn is_plain_web_url(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")) else {
        return false;
    };
    let host = &rest[..rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len())];
    let plain_label = |label: &str| {
        !label.is_empty()
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--"))
    };
    let last_starts_with_letter =
        host.rsplit('.').next().and_then(|last| last.bytes().next()).is_some_and(|b| b.is_ascii_alphabetic());
    last_starts_with_letter && host.split('.').all(plain_label)
}

/// `links[].title` and `links[].icon`: not blank after trimming.
pub fn is_non_empty_string(value: &str) -> bool {
    !js_trim(value).is_empty()
}

/// JavaScript's `String.prototype.trim`, which also strips Unicode spaces and line terminators.
pub fn js_trim(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// What each rule expects, in the words Backstage's error uses.
pub mod expectation {
    pub const OBJECT_NAME: &str = "sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total";
    pub const PREFIX_SUFFIX: &str = "a valid prefix and/or suffix";
    pub const NAMESPACE: &str = "sequences of [a-z0-9] separated by [-], at most 63 characters in total";
    pub const TAG: &str = "sequences of [a-z0-9:+#] separated by [-], at most 63 characters in total";
    pub const KIND: &str = "a sequence of [a-zA-Z][a-z0-9A-Z], at most 63 characters in total";
    pub const URL: &str = "an absolute URL";
    pub const NON_EMPTY: &str = "a non-empty string";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_names() {
        for ok in ["a", "a--b", "a-_.b", "MyService_1", &"a".repeat(63)] {
            assert!(is_valid_object_name(ok), "{ok}");
        }
        for bad in ["", "-a", "a.", "café", "a b", &"a".repeat(64)] {
            assert!(!is_valid_object_name(bad), "{bad}");
        }
    }

    #[test]
    fn namespaces_and_subdomains() {
        assert!(is_valid_dns_label("a--b"));
        assert!(!is_valid_dns_label("A"));
        assert!(!is_valid_dns_label("a_b"));
        assert!(is_valid_dns_subdomain("backstage.io"));
        assert!(!is_valid_dns_subdomain("backstage..io"));
    }

    #[test]
    fn keys_and_versions() {
        assert!(is_valid_label_or_annotation_key("backstage.io/techdocs-ref"));
        assert!(is_valid_label_or_annotation_key("simple"));
        assert!(!is_valid_label_or_annotation_key("example.com/a/b"));
        assert!(!is_valid_label_or_annotation_key("Example.com/key"));
        assert!(!is_valid_label_or_annotation_key("/key"));
        assert!(is_valid_api_version("backstage.io/v1alpha1"));
        assert!(!is_valid_api_version("backstage.io/v1-alpha"));
        assert!(is_valid_kind("Component"));
        assert!(!is_valid_kind("1Component"));
    }

    #[test]
    fn tags() {
        for ok in ["java", "lang:java", "c++", "c#", "a-b"] {
            assert!(is_valid_tag(ok), "{ok}");
        }
        for bad in ["a--b", "-a", "a-", "A", "a_b", "a.b", "a b", ""] {
            assert!(!is_valid_tag(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert!(is_valid_url("https://x"));
        assert!(is_valid_url("mailto:a@b"));
        assert!(is_valid_url("slack:foo"));
        assert!(!is_valid_url("/docs"));
        assert!(!is_valid_url("example.com"));
        assert!(is_plain_web_url("https://grafana.acme.io/d/a0dd53e5/svc?from=now-1h#panel"));
        assert!(is_plain_web_url("http://localhost"));
        // Left to the full parser: numbers that must be IPv4 addresses, ports, users, punycode.
        for other in ["https://1.2.3.999/", "https://0x1/", "https://a.b:80/", "https://u@a.b/", "https://xn--a.b/"] {
            assert!(!is_plain_web_url(other), "{other}");
        }
    }

    proptest::proptest! {
        /// The shortcut never accepts what the full parser refuses.
        #[test]
        fn plain_web_urls_parse(value in "https?://[a-zA-Z0-9.:@x-]{0,12}[/?#\\\\]?[ -~\t]{0,12}") {
            if is_plain_web_url(&value) {
                proptest::prop_assert!(url::Url::parse(&value).is_ok(), "{}", value);
            }
        }
    }
}
