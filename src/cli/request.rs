//! `bodyguard request`: check a request (method, URL and body, or a Kuzzle JSON request file).

use super::{Format, Level};
use crate::render::{self, Summary};
use crate::{Checker, Report};
use std::io::Write;

#[derive(Debug, clap::Args)]
pub(super) struct RequestArgs {
    /// HTTP method, e.g. `PUT`.
    #[arg(value_name = "METHOD", required_unless_present = "json_request")]
    method: Option<String>,
    /// URL or path, e.g. `/profiles/editor?refresh=wait_for`. Quote it in the shell.
    #[arg(value_name = "URL", required_unless_present = "json_request")]
    url: Option<String>,
    /// The body file (`-` reads standard input).
    #[arg(long, value_name = "FILE", required_unless_present = "json_request")]
    body: Option<String>,
    /// Check a Kuzzle JSON request file instead: `{"controller": "security", "action":
    /// "createOrReplaceProfile", "_id": …, "body": {…}, "refresh"?, "strict"?}`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["method", "url", "body"])]
    json_request: Option<String>,
    /// Output format.
    #[arg(long, default_value = "human")]
    format: Format,
    /// Exit 1 when a finding reaches this severity.
    #[arg(long, default_value = "error")]
    fail_level: Level,
    /// Inventory files or kourou dump directories: unknown indexes, collections and roles
    /// are then reported.
    #[arg(long, value_name = "PATH")]
    inventory: Vec<std::path::PathBuf>,
}

fn read(path: &str) -> Result<String, String> {
    if path == "-" {
        let bytes = crate::files::read_stdin(crate::files::DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| format!("standard input: {e}"))?;
        return String::from_utf8(bytes)
            .map_err(|_| "standard input: the input is not valid UTF-8".to_string());
    }
    crate::files::read(std::path::Path::new(path)).map_err(|(m, _)| format!("{path}: {m}"))
}

pub(super) fn run(args: RequestArgs) -> i32 {
    let mut settings = crate::Settings::default();
    if !args.inventory.is_empty() {
        match crate::inventory::from_paths(&args.inventory) {
            Ok(inv) => settings.inventory = Some(std::sync::Arc::new(inv)),
            Err(e) => {
                eprintln!("error: {}", crate::render::printable(&e.to_string()));
                return 2;
            }
        }
    }
    let checker = Checker::with_settings(settings);
    let result =
        match (&args.json_request, &args.method, &args.url, &args.body) {
            (Some(file), _, _, _) => read(file)
                .map(|text| crate::request::kuzzle::check_json_request(&checker, file, &text)),
            (None, Some(method), Some(url), Some(body)) => read(body)
                .map(|text| crate::request::check_request(&checker, method, url, body, &text)),
            _ => Err("give METHOD URL --body FILE, or --json-request FILE".into()),
        };
    let report = match result {
        Ok(r) => r,
        Err(message) => {
            eprintln!("error: {}", crate::render::printable(&message));
            return 2;
        }
    };
    let reports: Vec<Report> = report.reports().into_iter().cloned().collect();
    let text = match args.format {
        Format::Human => {
            let color = std::env::var_os("NO_COLOR").is_none()
                && std::io::IsTerminal::is_terminal(&std::io::stdout());
            let mut out = String::new();
            for r in &reports {
                out.push_str(&render::human::render(
                    r,
                    render::human::HumanOptions { color, width: 100 },
                ));
            }
            // Fixes are applied by `check` on the body file, not by `request`.
            // The request line and its body are one request.
            let mut summary = Summary::of(&reports);
            summary.files = 1;
            out.push_str(
                &summary
                    .line_for("request")
                    .replace("with `--fix`", "with `bodyguard check --fix` on the body"),
            );
            out.push('\n');
            out
        }
        machine => machine.render_machine(&reports).unwrap_or_default(),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    let level = args.fail_level.severity();
    if reports.iter().all(|r| r.passes(level)) {
        0
    } else {
        1
    }
}
