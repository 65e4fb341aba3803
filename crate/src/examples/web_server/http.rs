//! The simulated HTTP side of `web_server`: what a client sends, and what the server does with it.
//!
//! Nothing here is concurrent: this is the per-request work that both models run, kept apart so
//! the chapter's code in `models.rs` shows only how connections are shared out.

use std::fmt::Write;

/// The bytes client `id` sends. Deterministic, so every response can be recomputed and checked.
fn read_request(id: u32, buf: &mut String) {
    buf.clear();
    let agent = ["curl/8.5.0", "Mozilla/5.0 (X11; Linux)", "loadgen/1.0"][id as usize % 3];
    let _ = match id % 5 {
        0 => write!(buf, "GET / HTTP/1.1\r\n"),
        1 => write!(buf, "GET /users/{} HTTP/1.1\r\n", id % 10_000),
        2 => write!(buf, "GET /static/app.{}.js HTTP/1.1\r\n", id % 64),
        3 => write!(buf, "POST /api/echo HTTP/1.1\r\n"),
        _ => write!(buf, "GET /missing/{id} HTTP/1.1\r\n"),
    };
    let _ = write!(buf, "Host: playground.local\r\nUser-Agent: {agent}\r\nAccept: */*\r\n");
    if id % 5 == 3 {
        let body_len = "note=".len() + id.checked_ilog10().unwrap_or(0) as usize + 1;
        let _ = write!(buf, "Content-Length: {body_len}\r\n\r\nnote={id}");
    } else {
        buf.push_str("\r\n");
    }
}

/// A parsed request, borrowing from the request text: parsing allocates nothing.
struct Request<'a> {
    method: &'a str,
    path: &'a str,
    headers: [(&'a str, &'a str); 8],
    header_count: usize,
    body: &'a str,
}

impl<'a> Request<'a> {
    fn parse(text: &'a str) -> Option<Self> {
        let (head, rest) = text.split_once("\r\n\r\n")?;
        let mut lines = head.split("\r\n");
        let mut first = lines.next()?.split(' ');
        let (method, path) = (first.next()?, first.next()?);
        if first.next()? != "HTTP/1.1" {
            return None;
        }
        let mut req = Request { method, path, headers: [("", ""); 8], header_count: 0, body: "" };
        for line in lines.take(8) {
            let (name, value) = line.split_once(':')?;
            req.headers[req.header_count] = (name.trim(), value.trim());
            req.header_count += 1;
        }
        let len = match req.header("content-length") {
            Some(v) => v.parse().ok()?,
            None => 0,
        };
        req.body = rest.get(..len)?;
        Some(req)
    }

    fn header(&self, name: &str) -> Option<&'a str> {
        self.headers[..self.header_count].iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }
}

/// 64-bit mixing rounds (splitmix64's finalizer): the CPU work behind scores and ETags.
fn mix(mut h: u64, rounds: u32) -> u64 {
    for _ in 0..rounds {
        h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
    }
    h
}

/// FNV-1a over the response bytes: what the checks compare.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The chapter's `handle_request(req) -> Response`: routes the request and writes the body.
/// Returns the status code and content type. (Writing into a `String` cannot fail.)
fn handle_request(req: &Request, body: &mut String) -> (u16, &'static str) {
    body.clear();
    let path = req.path;
    match (req.method, path) {
        ("GET", "/") => {
            let agent = req.header("user-agent").unwrap_or("stranger");
            let _ = write!(body, "<html><body><h1>Welcome</h1><p>Hello, {agent}!</p></body></html>");
            (200, "text/html")
        }
        ("POST", "/api/echo") => {
            let _ = write!(body, "{{\"echo\":\"{}\",\"bytes\":{}}}", req.body, req.body.len());
            (200, "application/json")
        }
        ("GET", _) if path.starts_with("/users/") => {
            let Ok(user) = path["/users/".len()..].parse::<u64>() else {
                return (400, "text/plain");
            };
            let score = mix(user, 200) % 100_000;
            let _ = write!(body, "{{\"id\":{user},\"name\":\"user-{user}\",\"score\":{score}}}");
            (200, "application/json")
        }
        ("GET", _) if path.starts_with("/static/") => {
            let etag = mix(fnv1a(path.as_bytes()), 200);
            let _ = write!(body, "// {path}\nexport const build = \"{etag:016x}\";\n");
            (200, "application/javascript")
        }
        _ => {
            let _ = write!(body, "no route for {path}");
            (404, "text/plain")
        }
    }
}

/// Buffers for one request's text, body and response.
pub(super) struct Buffers {
    request: String,
    body: String,
    response: String,
}

impl Buffers {
    /// Sized for the largest request and response here, so serving never grows them.
    pub(super) fn new() -> Self {
        Buffers {
            request: String::with_capacity(160),
            body: String::with_capacity(128),
            response: String::with_capacity(256),
        }
    }
}

/// Everything the server does for connection `id`: read, parse, route, respond. Returns a hash
/// of the response bytes, mixed with `id` so that two swapped responses would not pass.
pub(super) fn serve(id: u32, b: &mut Buffers) -> u64 {
    read_request(id, &mut b.request);
    let (status, content_type) = match Request::parse(&b.request) {
        Some(req) => handle_request(&req, &mut b.body),
        None => (400, "text/plain"),
    };
    b.response.clear();
    let _ = write!(
        b.response,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{}",
        b.body.len(),
        b.body
    );
    mix(fnv1a(b.response.as_bytes()) ^ u64::from(id), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_request_parses_and_routes() {
        let mut b = Buffers::new();
        for id in 0..10 {
            serve(id, &mut b);
            let status = &b.response[9..12];
            let want = if id % 5 == 4 { "404" } else { "200" };
            assert_eq!(status, want, "request {id}:\n{}\n{}", b.request, b.response);
        }
        serve(3, &mut b);
        assert!(b.response.ends_with("{\"echo\":\"note=3\",\"bytes\":6}"), "{}", b.response);
    }

    #[test]
    fn buffers_are_large_enough() {
        let mut b = Buffers::new();
        let capacities = |b: &Buffers| (b.request.capacity(), b.body.capacity(), b.response.capacity());
        let before = capacities(&b);
        for id in (0..5_000).chain([u32::MAX - 4, u32::MAX - 2, u32::MAX - 1, u32::MAX]) {
            serve(id, &mut b);
        }
        assert_eq!(capacities(&b), before);
    }

    #[test]
    fn responses_differ_between_connections() {
        let mut b = Buffers::new();
        let hashes: std::collections::HashSet<u64> = (0..1000).map(|id| serve(id, &mut b)).collect();
        assert_eq!(hashes.len(), 1000);
    }
}
