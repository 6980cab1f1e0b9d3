//! The `bodyguard` command line.

mod access_input;
mod check;
mod diff;
mod docs;
mod explain_access;
mod request;

use crate::core::Kind;
use clap::{Parser, Subcommand, ValueEnum};

/// Checks Kuzzle security and Customer Insights request bodies before they are sent.
#[derive(Debug, Parser)]
#[command(name = "bodyguard", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames for people.
    Human,
    /// One JSON document.
    Json,
    /// One JSON object per finding and line.
    JsonLines,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML.
    Junit,
}

impl Format {
    /// Render `reports` in a machine format; `None` for [`Format::Human`], which each command
    /// lays out itself (summary lines, notes).
    pub fn render_machine(self, reports: &[crate::Report]) -> Option<String> {
        (self != Format::Human)
            .then(|| crate::render::to_string(|out| self.write_machine(reports, out)))
    }

    /// Write the run in a machine format as it is produced; nothing for `Human`.
    pub fn write_machine(
        self,
        reports: &[crate::Report],
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        use crate::render;
        match self {
            Format::Human => Ok(()),
            Format::Json => render::json::write(reports, out),
            Format::JsonLines => render::json_lines::write(reports, out),
            Format::Sarif => render::sarif::write(reports, out),
            Format::Github => render::github::write(reports, out),
            Format::Junit => render::junit::write(reports, out),
        }
    }
}

/// Severity thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Fail on anything.
    Info,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on errors only.
    Error,
}

impl Level {
    fn severity(self) -> crate::Severity {
        match self {
            Level::Info => crate::Severity::Info,
            Level::Warning => crate::Severity::Warning,
            Level::Error => crate::Severity::Error,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files, directories or globs.
    Check(check::CheckArgs),
    /// Explain a rule.
    Explain {
        /// Rule code, e.g. `json/duplicate-key`.
        code: String,
    },
    /// List every rule.
    Rules {
        /// `text` (a table), `json` or `markdown`.
        #[arg(long, default_value = "text")]
        format: docs::RulesFormat,
    },
    /// Print the JSON Schema of a kind.
    Schema {
        /// The kind.
        kind: Kind,
    },
    /// Write (or check) the rule documentation pages (`<family>/<name>.md` and an index).
    Docs {
        /// Directory to write the pages into (e.g. `docs/rules`).
        #[arg(long, value_name = "DIR")]
        write: Option<std::path::PathBuf>,
        /// Exit 1 when the pages in DIR differ from the rules' documentation.
        #[arg(long, value_name = "DIR", conflicts_with = "write")]
        check: Option<std::path::PathBuf>,
    },
    /// Write (or check) the JSON Schemas of every kind into a directory.
    Schemas {
        /// Directory to write `<kind>.schema.json` into.
        #[arg(long, value_name = "DIR")]
        write: Option<std::path::PathBuf>,
        /// Exit 1 when the files in DIR differ from the generated schemas.
        #[arg(long, value_name = "DIR", conflicts_with = "write")]
        check: Option<std::path::PathBuf>,
    },
    /// Check a request: `METHOD URL --body FILE`, or `--json-request FILE` (Kuzzle JSON form).
    Request(request::RequestArgs),
    /// What Kuzzle profiles and users really grant, or Kuzzle's verdict on one request.
    ExplainAccess(explain_access::ExplainAccessArgs),
    /// Run the language server (LSP over stdin/stdout) for editors.
    Server(crate::server::ServerArgs),
    /// Rights gained and lost between two versions of roles, profiles and users.
    Diff(diff::DiffArgs),
}

/// Write `text` on stdout. A closed pipe (`| head`) just ends the output, as in `check`:
/// `print!` would panic.
pub(crate) fn print_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// Run the command line; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Explain { code } => docs::explain(&code),
        Command::Rules { format } => docs::rules(format),
        Command::Schema { kind } => {
            print_out(&crate::schema::generate::schema_text(kind));
            0
        }
        Command::Schemas { write, check } => docs::schemas(write, check),
        Command::Request(args) => request::run(args),
        Command::ExplainAccess(args) => explain_access::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Docs { write, check } => docs::rule_docs(write, check),
        Command::Server(args) => crate::server::run(args),
    }
}
