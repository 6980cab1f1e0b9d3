//! The work a big text's check does beside its parse and its schema and rule passes, on
//! threads of its own: looking its secret values up, and freeing its tree.

use crate::core::diagnostic::Diagnostic;
use crate::core::source::Span;
use crate::parse::{self, Syntax};
use crate::secrets::Withheld;

/// How [`super::Checker`]'s tree check uses a second thread.
#[derive(Clone, Copy)]
pub(super) struct Split {
    /// Look the secret values of the tree up beside the passes.
    pub mask: bool,
    /// Let a pack run independent groups of rules side by side (`RuleContext::parallel`).
    pub rules: bool,
}

/// The secret values of a text: their spans, and what messages must not show.
pub(super) type Masked = (Vec<Span>, Withheld);

/// The secret values of `text`, parsed into `document`.
pub(super) fn masked(text: &str, document: &parse::Document) -> Masked {
    let secrets: Vec<Span> = crate::secrets::mask_spans(text, document);
    let withheld = if secrets.is_empty() {
        Withheld::default()
    } else {
        Withheld::new(text, &secrets)
    };
    (secrets, withheld)
}

/// The secret values of `text` read from the text alone, as for a text that does not parse.
fn masked_text(text: &str) -> Masked {
    let unparsed = parse::Document {
        tree: None,
        comments: Vec::new(),
        strings_without_openers: false,
        jsonc_may_read: false,
    };
    masked(text, &unparsed)
}

/// The threads freeing trees (see [`drop_beside`]), until [`wait_for_freed_trees`].
static FREEING: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Free a big tree on a thread of its own (thousands of nodes: milliseconds that the
/// findings need not wait for); on the calling thread when no thread can be started.
pub(super) fn drop_beside(document: parse::Document) {
    // A failed start gives the closure back, dropped here with the tree.
    if let Ok(freeing) = std::thread::Builder::new()
        .name("bodyguard-free".into())
        .spawn(move || drop(document))
    {
        let mut threads = FREEING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        threads.retain(|t| !t.is_finished());
        threads.push(freeing);
    }
}

/// Wait until the trees given to [`drop_beside`] are freed: the cross-file pass parses the
/// files again, and a big file's two trees are not to be held at once.
pub fn wait_for_freed_trees() {
    let threads = std::mem::take(
        &mut *FREEING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    for thread in threads {
        // A panic while freeing has nothing left to give back.
        let _ = thread.join();
    }
}

impl super::Checker {
    /// Parse `text`. A big JSON text the fast path cannot read (a syntax error, as a rule)
    /// has its secret values looked up from the text beside the full parser: they are what
    /// masks it when it does not parse.
    pub(super) fn parse(
        &self,
        text: &std::sync::Arc<String>,
        syntax: Syntax,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (parse::Document, Option<Masked>) {
        if text.len() < self.parallel_from || syntax != Syntax::Json {
            let limit = self.settings.max_findings_per_rule;
            return (parse::parse_shared(text, syntax, limit, diagnostics), None);
        }
        parse::parse_or_beside(
            text,
            syntax,
            self.settings.max_findings_per_rule,
            diagnostics,
            Some(|| masked_text(text)),
        )
    }
}
