//! The dashboard in a real browser: headless Chromium driven over WebDriver (chromedriver), on the
//! sample and on a generated 1 000-account book. Every account is present, sorting and filtering
//! work (also from the keyboard), an account's detail opens, no request leaves the page, the
//! console stays clean, and a phone-width window does not scroll sideways. Screenshots land in
//! `target/browser/` for a person to look at.
//!
//! Needs `chromium` and `chromium-driver` (Debian; `.ci/run` installs them). Set
//! `TRUSTKIT_SKIP_BROWSER=1` to skip on a machine without them — CI never does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A chromedriver process and one browser session; both end when dropped.
struct Browser {
    driver: Child,
    base: String,
    session: String,
}

impl Browser {
    fn start() -> Option<Self> {
        if std::env::var_os("TRUSTKIT_SKIP_BROWSER").is_some_and(|v| v == "1") {
            eprintln!("TRUSTKIT_SKIP_BROWSER=1: browser test skipped");
            return None;
        }
        let driver_bin = ["chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|b| Command::new(b).arg("--version").output().is_ok())
            .unwrap_or_else(|| {
                panic!("chromedriver not found: apt-get install chromium chromium-driver (or set TRUSTKIT_SKIP_BROWSER=1)")
            });
        let port = free_port();
        let driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|b| Path::new(b).exists())
            .unwrap_or("/usr/bin/chromium");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,900", "--allow-file-access-from-files"]
            },
            "goog:loggingPrefs": {"browser": "ALL"}
        }}});
        let mut browser = Self {
            driver,
            base,
            session: String::new(),
        };
        let created = browser.post("/session", &caps);
        browser.session = created["sessionId"].as_str().unwrap().to_owned();
        Some(browser)
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let mut response = ureq::post(&url)
            .config()
            .http_status_as_error(false)
            .build()
            .send_json(body)
            .unwrap();
        let v: Value = response.body_mut().read_json().unwrap();
        assert!(
            v["value"].get("error").is_none(),
            "WebDriver {path}: {}",
            v["value"]
        );
        v["value"].clone()
    }

    fn get(&self, path: &str) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut response = ureq::get(&url).call().unwrap();
        let v: Value = response.body_mut().read_json().unwrap();
        v["value"].clone()
    }

    fn open(&self, file: &Path) -> Duration {
        let started = Instant::now();
        self.post(
            "/url",
            &json!({"url": format!("file://{}", file.display())}),
        );
        started.elapsed()
    }

    fn js(&self, script: &str) -> Value {
        self.post("/execute/sync", &json!({"script": script, "args": []}))
    }

    fn element(&self, css: &str) -> String {
        let found = self.post("/element", &json!({"using": "css selector", "value": css}));
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap()
            .to_owned()
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.post(&format!("/element/{id}/click"), &json!({}));
    }

    fn press_enter(&self, css: &str) {
        let id = self.element(css);
        self.post(
            &format!("/element/{id}/value"),
            &json!({"text": "\u{E007}"}),
        );
    }

    fn resize(&self, width: u32, height: u32) {
        self.post("/window/rect", &json!({"width": width, "height": height}));
    }

    fn screenshot(&self, name: &str) {
        use base64::Engine;
        let png = base64::engine::general_purpose::STANDARD
            .decode(self.get("/screenshot").as_str().unwrap())
            .unwrap();
        let dir = artifacts();
        std::fs::write(dir.join(name), png).unwrap();
    }

    /// Severe console messages since the last call.
    fn console_errors(&self) -> Vec<String> {
        self.post("/se/log", &json!({"type": "browser"}))
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].to_string())
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

/// Writes the dashboard of `portfolio` (the sample when `None`) and returns its path.
fn dashboard(portfolio: Option<&Path>, name: &str) -> PathBuf {
    let page = artifacts().join(name);
    let mut cmd = assert_cmd::Command::cargo_bin("trustkit").unwrap();
    cmd.current_dir(artifacts()).arg("report");
    if let Some(p) = portfolio {
        cmd.arg(p);
    }
    let started = Instant::now();
    let out = cmd
        .args(["--format", "csv", "--as-of", "2026-11-25", "--html"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{name}: written in {:?}", started.elapsed());
    page
}

/// The sample's twelve accounts, repeated with new ids, owners and ARR until there are `n`.
fn generated_book(n: usize) -> PathBuf {
    let sample: Value = serde_json::from_str(trustkit::portfolio::SAMPLE_JSON).unwrap();
    let originals = sample["accounts"].as_array().unwrap().clone();
    let owners = ["ana", "ben", "chen", "dara", "eli", "fay", "gus", "hana"];
    let accounts: Vec<Value> = (0..n)
        .map(|k| {
            let mut a = originals[k % originals.len()].clone();
            a["id"] = json!(format!("acct-{k:04}"));
            a["name"] = json!(format!("Account {k:04}"));
            a["owner"] = json!(owners[k % owners.len()]);
            a["arr"] = json!(10_000 + (k * 7_919) % 500_000);
            a
        })
        .collect();
    let book = json!({"schema_version": 1, "name": "generated book", "scorecard": null, "units": {}, "accounts": accounts});
    let path = artifacts().join(format!("book-{n}.json"));
    std::fs::write(&path, serde_json::to_string(&book).unwrap()).unwrap();
    path
}

/// The account ids in the table, top to bottom, and how many rows are shown.
fn rows(b: &Browser) -> (Vec<String>, usize) {
    let v = b.js(
        "var r=document.querySelectorAll('#accounts tbody tr');\
         return [Array.prototype.map.call(r,function(t){return t.cells[0].querySelector('.muted').textContent;}),\
                 Array.prototype.filter.call(r,function(t){return !t.hidden;}).length];",
    );
    let ids = v[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect();
    (ids, v[1].as_u64().unwrap() as usize)
}

fn at_risk_column(b: &Browser) -> Vec<f64> {
    b.js("return Array.prototype.map.call(document.querySelectorAll('#accounts tbody tr'),function(t){return parseFloat(t.cells[8].dataset.v);});")
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn check_page(b: &Browser, page: &Path, expected_ids: &[String], shot: &str) {
    let load = b.open(page);
    eprintln!("{shot}: loaded and scripted in {load:?}");
    let (ids, shown) = rows(b);
    assert_eq!(ids.len(), expected_ids.len());
    let mut sorted_ids = ids.clone();
    sorted_ids.sort();
    let mut expected = expected_ids.to_vec();
    expected.sort();
    assert_eq!(sorted_ids, expected, "every account is in the table");
    assert_eq!(shown, ids.len());
    b.screenshot(&format!("{shot}-top.png"));

    // Sorting by revenue at risk reorders the rows: descending after one click on "at risk".
    b.click("button[data-k='8']");
    let risk = at_risk_column(b);
    assert!(
        risk.windows(2).all(|w| w[0] >= w[1]),
        "descending: {risk:?}"
    );
    assert_ne!(rows(b).0, ids, "sorting moved the rows");
    // …and the keyboard does the same: Enter on the focused button reverses it.
    b.press_enter("button[data-k='8']");
    let risk = at_risk_column(b);
    assert!(risk.windows(2).all(|w| w[0] <= w[1]), "ascending: {risk:?}");
    let sort_state = b.js("return document.querySelector(\"button[data-k='8']\").parentNode.getAttribute('aria-sort');");
    assert_eq!(sort_state, "ascending");

    // Filtering by owner hides every other owner's rows.
    let owner = b.js("return document.querySelector('#f-owner option:nth-child(2)').value;");
    let owner = owner.as_str().unwrap().to_owned();
    b.js(&format!(
        "var s=document.getElementById('f-owner'); s.value={owner:?}; s.dispatchEvent(new Event('change'));"
    ));
    let visible = b.js("return Array.prototype.filter.call(document.querySelectorAll('#accounts tbody tr'),function(t){return !t.hidden;}).map(function(t){return t.dataset.owner;});");
    let visible = visible.as_array().unwrap();
    assert!(!visible.is_empty() && visible.len() < ids.len());
    assert!(visible.iter().all(|o| o.as_str() == Some(owner.as_str())));
    let counter = b.js("return document.getElementById('shown').textContent;");
    assert_eq!(
        counter.as_str().unwrap(),
        format!("{} of {} accounts shown", visible.len(), ids.len())
    );
    b.js("document.getElementById('f-owner').scrollIntoView();");
    b.screenshot(&format!("{shot}-filtered.png"));

    // A row's link opens its account detail, with its trajectory drawn.
    b.js("var s=document.getElementById('f-owner'); s.value=''; s.dispatchEvent(new Event('change'));");
    b.click("a[href='#d-0']");
    b.js("document.getElementById('d-0').scrollIntoView();");
    let opened = b.js("var d=document.getElementById('d-0'); return [d.open, d.querySelectorAll('svg.traj path').length];");
    assert_eq!(b.js("return location.hash;"), "#d-0");
    assert_eq!(opened[0], true);
    assert!(opened[1].as_u64().unwrap() >= 1);
    b.screenshot(&format!("{shot}-detail.png"));

    // Nothing was fetched: no resource of any kind, and no error in the console.
    let requests =
        b.js("return performance.getEntriesByType('resource').map(function(e){return e.name;});");
    assert_eq!(requests, json!([]), "the page requested {requests}");
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");

    // At phone width the page itself never scrolls sideways (wide tables scroll in their box).
    b.resize(390, 844);
    let overflow =
        b.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "{overflow} px of sideways scroll"
    );
    b.screenshot(&format!("{shot}-phone.png"));
    b.resize(1280, 900);
}

#[test]
fn the_dashboard_works_in_a_real_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let sample = trustkit::portfolio::Portfolio::sample().unwrap();
    let ids: Vec<String> = sample.accounts.iter().map(|a| a.id.clone()).collect();
    check_page(&browser, &dashboard(None, "sample.html"), &ids, "sample");

    let book = generated_book(1_000);
    let ids: Vec<String> = (0..1_000).map(|k| format!("acct-{k:04}")).collect();
    check_page(
        &browser,
        &dashboard(Some(&book), "book-1000.html"),
        &ids,
        "book-1000",
    );
}
