//! The `payUrl` token of the DirectPayConfirm response:
//! `url<hi:=>https://…/FormTrans3<hi:$$>method<hi:=>post<hi:$$>sessionId<hi:=>2011010199999`.
//! Items split on the literal `<hi:$$>`, key and value on the first literal `<hi:=>`.

use crate::error::{Error, Result};
use crate::form::{percent_encode, Charset};

/// A parsed `payUrl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayUrl {
    /// Every item in order (`url`, `method`, `sessionId`, and any other).
    pub items: Vec<(String, String)>,
}

/// `{ url, method, sessionId, items, redirectUrl, formHtml }`.
impl serde::Serialize for PayUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeStruct};
        struct Items<'a>(&'a [(String, String)]);
        impl serde::Serialize for Items<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> core::result::Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let mut st = s.serialize_struct("PayUrl", 6)?;
        st.serialize_field("url", self.url())?;
        st.serialize_field("method", self.method())?;
        st.serialize_field("sessionId", &self.session_id())?;
        st.serialize_field("items", &Items(&self.items))?;
        st.serialize_field("redirectUrl", &self.redirect_url())?;
        st.serialize_field("formHtml", &self.form_html())?;
        st.end()
    }
}

fn bad(reason: impl Into<String>) -> Error {
    Error::BadPayUrl {
        reason: reason.into(),
    }
}

impl PayUrl {
    /// Parses a token. It must hold a `url` item with an http(s) address, no item without
    /// `<hi:=>`, no empty or repeated key, and a `method` (if any) of GET or POST.
    pub fn parse(token: &str) -> Result<Self> {
        let token = token.trim();
        if token.is_empty() {
            return Err(bad("empty"));
        }
        let mut items: Vec<(String, String)> = Vec::new();
        for (i, item) in token.split("<hi:$$>").enumerate() {
            let (k, v) = item
                .split_once("<hi:=>")
                .ok_or_else(|| bad(format!("item {} has no <hi:=>", i + 1)))?;
            // The manual's own sample lost the leading `url` key; an empty first key is the url.
            let k = if k.is_empty() && i == 0 {
                "url"
            } else {
                k.trim()
            };
            if k.is_empty() {
                return Err(bad(format!("item {} has an empty key", i + 1)));
            }
            if items.iter().any(|(x, _)| x == k) {
                return Err(bad(format!("`{k}` appears twice")));
            }
            items.push((k.to_owned(), v.trim().to_owned()));
        }
        let p = PayUrl { items };
        let url = p.get("url").ok_or_else(|| bad("no url item"))?;
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(bad("the url is not an http(s) address"));
        }
        if let Some(m) = p.get("method") {
            if !m.eq_ignore_ascii_case("get") && !m.eq_ignore_ascii_case("post") {
                return Err(bad("method must be get or post"));
            }
        }
        Ok(p)
    }

    /// An item's value.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The address.
    pub fn url(&self) -> &str {
        self.get("url").unwrap_or_default()
    }

    /// `GET` or `POST` (`POST` when the token does not say).
    pub fn method(&self) -> &'static str {
        match self.get("method") {
            Some(m) if m.eq_ignore_ascii_case("get") => "GET",
            _ => "POST",
        }
    }

    /// The session id, when present.
    pub fn session_id(&self) -> Option<&str> {
        self.get("sessionId")
    }

    /// The parameters to send: every item but `url` and `method`.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items
            .iter()
            .filter(|(k, _)| k != "url" && k != "method")
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The address to redirect the payer to with GET: `url?sessionId=…` (what integrations do).
    pub fn redirect_url(&self) -> String {
        let mut out = self.url().to_owned();
        let mut sep = if out.contains('?') { '&' } else { '?' };
        for (k, v) in self.params() {
            out.push(sep);
            sep = '&';
            out.push_str(&percent_encode(k, Charset::Utf8, k).unwrap_or_default());
            out.push('=');
            out.push_str(&percent_encode(v, Charset::Utf8, k).unwrap_or_default());
        }
        out
    }

    /// An HTML form that submits the parameters with the token's method, by itself when
    /// scripts run and by a button otherwise. Every value is HTML-escaped.
    pub fn form_html(&self) -> String {
        let mut out = format!(
            "<form id=\"cmpay-pay\" method=\"{}\" action=\"{}\" accept-charset=\"UTF-8\">\n",
            self.method().to_ascii_lowercase(),
            html_escape(self.url())
        );
        for (k, v) in self.params() {
            out.push_str(&format!(
                "  <input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                html_escape(k),
                html_escape(v)
            ));
        }
        out.push_str("  <noscript><button type=\"submit\">继续支付 / Continue to payment</button></noscript>\n</form>\n");
        out.push_str("<script>document.getElementById(\"cmpay-pay\").submit();</script>\n");
        out
    }
}

/// Escapes text for an HTML attribute or text node.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_example() {
        let p = PayUrl::parse("url<hi:=>https://ipos.10086.cn/ips/FormTrans3<hi:$$>method<hi:=>post<hi:$$>sessionId<hi:=>2011010199999").unwrap();
        assert_eq!(p.url(), "https://ipos.10086.cn/ips/FormTrans3");
        assert_eq!(p.method(), "POST");
        assert_eq!(p.session_id(), Some("2011010199999"));
        assert_eq!(
            p.redirect_url(),
            "https://ipos.10086.cn/ips/FormTrans3?sessionId=2011010199999"
        );
        let html = p.form_html();
        assert!(html.contains("method=\"post\" action=\"https://ipos.10086.cn/ips/FormTrans3\""));
        assert!(html.contains("name=\"sessionId\" value=\"2011010199999\""));
    }

    #[test]
    fn equals_in_url_and_escaping() {
        let p = PayUrl::parse(
            "url<hi:=>https://x.test/p?a=b<hi:$$>method<hi:=>GET<hi:$$>x<hi:=>\"><script>",
        )
        .unwrap();
        assert_eq!(p.url(), "https://x.test/p?a=b");
        assert_eq!(
            p.redirect_url(),
            "https://x.test/p?a=b&x=%22%3E%3Cscript%3E"
        );
        assert!(p.form_html().contains("value=\"&quot;&gt;&lt;script&gt;\""));
        assert!(!p.form_html().contains("\"><script>"));
    }

    #[test]
    fn malformed() {
        for bad in [
            "",
            "url=https://x",
            "url<hi:=>javascript:alert(1)",
            "method<hi:=>post",
            "url<hi:=>https://x<hi:$$><hi:=>1",
            "url<hi:=>https://x<hi:$$>url<hi:=>https://y",
            "url<hi:=>https://x<hi:$$>method<hi:=>put",
        ] {
            assert_eq!(
                PayUrl::parse(bad).unwrap_err().code(),
                "BAD_PAYURL",
                "{bad}"
            );
        }
    }
}
