//! A minimal browser: a cookie jar, manual redirects, and HTML form filling. Enough to walk
//! Gatehouse's server-rendered pages the way a person would.

use std::time::Duration;

use reqwest::blocking::{Client, Response};

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Final URL.
    pub url: String,
    /// HTTP status.
    pub status: u16,
    /// Body.
    pub body: String,
    /// Response headers (lower-case names).
    pub headers: Vec<(String, String)>,
}

impl Page {
    /// A header value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every `<input name=... value=...>` of the form whose action is `action`.
    pub fn form_fields(&self, action: &str) -> Vec<(String, String)> {
        let marker = format!("action=\"{action}\"");
        let start = self.body.find(&marker).unwrap_or_else(|| {
            panic!(
                "no form posting to {action} on {}:\n{}",
                self.url, self.body
            )
        });
        let end = self.body[start..]
            .find("</form>")
            .map_or(self.body.len(), |e| start + e);
        let form = &self.body[start..end];
        let mut out = Vec::new();
        for tag in form.split("<input").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let attr = |name: &str| -> Option<String> {
                let key = format!(" {name}=\"");
                let i = tag.find(&key)? + key.len();
                let j = tag[i..].find('"')? + i;
                Some(html_unescape(&tag[i..j]))
            };
            if let Some(name) = attr("name") {
                let kind = attr("type").unwrap_or_default();
                if kind == "checkbox" && !tag.contains(" checked") {
                    continue;
                }
                out.push((name, attr("value").unwrap_or_default()));
            }
        }
        out
    }

    /// The text of the element with this `id` (up to its first child tag).
    pub fn element(&self, id: &str) -> String {
        let marker = format!("id=\"{id}\">");
        let i = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no #{id} in {}", self.body))
            + marker.len();
        self.body[i..i + self.body[i..].find('<').unwrap()].to_string()
    }

    /// What a person reads: the text of `<main>` (or the body), tags and scripts removed,
    /// one line per block, blank lines dropped. For snapshots of what people see.
    pub fn text(&self) -> String {
        let html = &self.body;
        let start = html.find("<main").unwrap_or(0);
        let end = html[start..]
            .find("</main>")
            .map_or(html.len(), |e| start + e);
        let mut out = String::new();
        let mut in_tag = false;
        let mut tag = String::new();
        for c in html[start..end].chars() {
            match c {
                '<' => {
                    in_tag = true;
                    tag.clear();
                }
                '>' if in_tag => {
                    in_tag = false;
                    let name = tag
                        .trim_start_matches('/')
                        .split([' ', '\n'])
                        .next()
                        .unwrap_or("");
                    if matches!(
                        name,
                        "p" | "h1"
                            | "h2"
                            | "li"
                            | "label"
                            | "button"
                            | "div"
                            | "form"
                            | "br"
                            | "ul"
                            | "code"
                    ) {
                        out.push('\n');
                    }
                }
                _ if in_tag => tag.push(c),
                _ => out.push(c),
            }
        }
        html_unescape(&out)
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Whether the body contains `text`.
    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

/// Undoes askama's HTML escaping.
pub fn html_unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#43;", "+")
        .replace("&#47;", "/")
        .replace("&#61;", "=")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The browser.
pub struct Browser {
    client: Client,
    /// Base URL of the Gatehouse server (redirects to other origins are not followed unless
    /// added with [`Browser::follow`]).
    pub base: String,
    /// Further origins whose redirects are followed (an upstream provider's pages).
    follows: Vec<String>,
    /// Names of the cookies the servers set so far (removals left out), in order.
    cookies_set: std::sync::Mutex<Vec<String>>,
    /// The live value of each cookie, for requests sent outside this client ([`crate::burst`]).
    jar: std::sync::Mutex<Vec<(String, String)>>,
}

/// The origin (`scheme://host:port`) of an absolute URL, if it is one.
fn origin_of(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
}

impl Browser {
    /// A browser with an empty cookie jar.
    pub fn new(base: &str) -> Self {
        Self::with_user_agent(base, "gatehouse-tests")
    }

    /// A browser that presents this User-Agent.
    pub fn with_user_agent(base: &str, ua: &str) -> Self {
        Self {
            client: Client::builder()
                .user_agent(ua.to_string())
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(15))
                .build()
                .unwrap(),
            base: base.to_string(),
            follows: Vec::new(),
            cookies_set: Default::default(),
            jar: Default::default(),
        }
    }

    /// Also follows redirects into `origin` (e.g. an upstream identity provider), so that a
    /// sign-in through it runs to the relying party's callback like a real browser would.
    pub fn follow(&mut self, origin: &str) {
        if let Some(o) = origin_of(origin) {
            self.follows.push(o);
        }
    }

    /// Whether a redirect to this absolute URL is followed: Gatehouse or a followed origin.
    fn follows_url(&self, url: &str) -> bool {
        let Some(origin) = origin_of(url) else {
            return false;
        };
        origin_of(&self.base).as_deref() == Some(origin.as_str()) || self.follows.contains(&origin)
    }

    fn absolute(&self, url: &str) -> String {
        if url.starts_with('/') {
            format!("{}{}", self.base, url)
        } else {
            url.to_string()
        }
    }

    /// Resolves `reference` (a Location or a form action) against the page at `current`, as
    /// a browser does (RFC 3986 §5).
    fn resolve(current: &str, reference: &str) -> String {
        url::Url::parse(current)
            .and_then(|u| u.join(reference))
            .map(|u| u.to_string())
            .unwrap_or_else(|_| reference.to_string())
    }

    fn to_page(url: String, r: Response) -> Page {
        let status = r.status().as_u16();
        let headers = r
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        Page {
            url,
            status,
            body: r.text().unwrap_or_default(),
            headers,
        }
    }

    /// GET without following redirects.
    pub fn get(&self, url: &str) -> Page {
        let url = self.absolute(url);
        let r = self.client.get(&url).send().expect("GET");
        self.note_cookies(Self::to_page(url, r))
    }

    /// Names of the cookies set on this browser so far (not counting removals).
    pub fn cookies_set(&self) -> Vec<String> {
        self.cookies_set.lock().unwrap().clone()
    }

    /// A `Cookie` header with this browser's cookies, as it would send them.
    pub fn cookie_header(&self) -> String {
        let jar = self.jar.lock().unwrap();
        jar.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn note_cookies(&self, page: Page) -> Page {
        let mut seen = self.cookies_set.lock().unwrap();
        let mut jar = self.jar.lock().unwrap();
        for (k, v) in &page.headers {
            if k.eq_ignore_ascii_case("set-cookie") {
                let (name, rest) = v.split_once('=').unwrap_or((v.as_str(), ""));
                let removal = rest.starts_with(';') || rest.contains("Max-Age=0");
                jar.retain(|(n, _)| n != name);
                if !removal {
                    seen.push(name.to_string());
                    let value = rest.split(';').next().unwrap_or("");
                    jar.push((name.to_string(), value.to_string()));
                }
            }
        }
        drop((seen, jar));
        page
    }

    /// Follows the redirects of `page` while they stay on Gatehouse or a followed origin.
    fn follow_redirects(&self, mut page: Page) -> Page {
        // A federated sign-in crosses up to two servers and back: room for that, not loops.
        for _ in 0..20 {
            let next = match page.header("location") {
                Some(loc) if (300..400).contains(&page.status) => Self::resolve(&page.url, loc),
                _ => break,
            };
            if !self.follows_url(&next) {
                break;
            }
            page = self.get(&next);
        }
        page
    }

    /// GET, following redirects while they stay on Gatehouse (or a followed origin); stops
    /// at the first redirect that leaves them (the relying party's callback), returning that
    /// response.
    pub fn visit(&self, url: &str) -> Page {
        let page = self.get(url);
        self.follow_redirects(page)
    }

    /// POSTs a form, then follows redirects like [`Browser::visit`].
    pub fn submit(&self, action: &str, fields: &[(String, String)]) -> Page {
        let url = self.absolute(action);
        let r = self.client.post(&url).form(fields).send().expect("POST");
        let page = self.note_cookies(Self::to_page(url, r));
        self.follow_redirects(page)
    }

    /// Fills the form posting to `action` on `page` with `values` (overriding fields of the
    /// same name, adding the others) and submits it.
    pub fn fill_and_submit(&self, page: &Page, action: &str, values: &[(&str, &str)]) -> Page {
        let mut fields = page.form_fields(action);
        for (k, v) in values {
            if let Some(f) = fields.iter_mut().find(|(name, _)| name == k) {
                f.1 = v.to_string();
            } else {
                fields.push((k.to_string(), v.to_string()));
            }
        }
        // The form lives on the page's own server (Gatehouse or an upstream provider).
        self.submit(&Self::resolve(&page.url, action), &fields)
    }

    /// Signs in on a login page.
    pub fn login(&self, page: &Page, username: &str, password: &str) -> Page {
        assert!(
            page.contains("name=\"password\""),
            "not a login page: {}",
            page.body
        );
        self.fill_and_submit(
            page,
            "/login",
            &[("username", username), ("password", password)],
        )
    }

    /// Presses "Sign out" on the home page.
    pub fn sign_out(&self) -> Page {
        let home = self.visit("/");
        self.fill_and_submit(&home, "/logout", &[])
    }

    /// Presses the consent button with this decision.
    pub fn consent(&self, page: &Page, decision: &str) -> Page {
        assert!(
            page.contains("Allow access?"),
            "not a consent page: {}",
            page.body
        );
        self.fill_and_submit(page, "/consent", &[("decision", decision)])
    }

    /// The query parameters of a redirect response's Location.
    pub fn redirect_params(page: &Page) -> Vec<(String, String)> {
        let loc = page
            .header("location")
            .unwrap_or_else(|| panic!("expected a redirect, got {}: {}", page.status, page.body));
        url::Url::parse(loc)
            .unwrap()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// The value of `name` in a parameter list.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
