//! Reading the inputs of `explain-access` and `diff` into one access model.

use crate::access::{load, Builtins, Securities};
use crate::parse::{self, Syntax};

/// Which built-in roles to assume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum BuiltinsArg {
    /// A fresh install: `admin`, `default` and `anonymous` allow everything.
    Fresh,
    /// After `createFirstAdmin` with `reset`: Kuzzle's restricted `default` and `anonymous`.
    Reset,
}

impl BuiltinsArg {
    pub(super) fn builtins(self) -> Builtins {
        match self {
            BuiltinsArg::Fresh => Builtins::Fresh,
            BuiltinsArg::Reset => Builtins::Reset,
        }
    }
}

/// One text input: its name and contents.
pub(super) struct Text {
    pub name: String,
    pub text: String,
    /// Named by the user (an error when it is not a security body), or found in a directory
    /// (skipped then).
    pub explicit: bool,
}

/// Read files, directories and globs from disk.
pub(super) fn read_paths(args: &[String]) -> Result<Vec<Text>, String> {
    let (files, errors) = crate::files::collect(args);
    if let Some(e) = errors.first() {
        return Err(format!("{}: {}", e.path, e.message));
    }
    let mut out = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let explicit = args.iter().any(|a| std::path::Path::new(a) == path);
        let text = crate::files::read(&path).map_err(|(m, _)| format!("{name}: {m}"))?;
        out.push(Text {
            name,
            text,
            explicit,
        });
    }
    Ok(out)
}

/// Build the model: Kuzzle's built-ins, then each input in order.
pub(super) fn model(texts: &[Text], builtins: Builtins) -> Result<Securities, String> {
    let mut s = Securities::builtin(builtins);
    for t in texts {
        let mut diagnostics = Vec::new();
        let document = parse::parse(&t.text, Syntax::for_path(&t.name), &mut diagnostics);
        let Some(root) = document.root() else {
            if t.explicit {
                return Err(format!(
                    "{}: not valid JSON (run `bodyguard check` for details)",
                    t.name
                ));
            }
            continue;
        };
        if let Err(e) = load::add_file(&mut s, &t.name, root) {
            if t.explicit {
                return Err(format!("{}: {e}", t.name));
            }
        }
    }
    Ok(s)
}
