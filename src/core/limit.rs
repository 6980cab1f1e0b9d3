//! At most so many findings of one rule per file ([`Settings::max_findings_per_rule`]): a
//! generated file with the same mistake in every entry gives a thousand findings to read,
//! not millions to hold and print. Past the limit, findings of the rule are counted and left
//! out, and one more finding of the rule, at the first one left out, says how many.
//!
//! [`Settings::max_findings_per_rule`]: super::Settings::max_findings_per_rule

use super::diagnostic::Diagnostic;
use super::rule::RuleMeta;
use super::source::Span;
use compact_str::CompactString;

/// The findings of one rule a file keeps unless configured otherwise.
pub const DEFAULT_MAX_FINDINGS_PER_RULE: usize = 1000;

/// The help of the finding that says how many findings of its rule were left out.
const LEFT_OUT_HELP: &str = "raise the limit with `--max-findings-per-rule` or \
     `max-findings-per-rule` in bodyguard.toml (0 shows every finding)";

/// Findings made in one step, kept within the limit of findings per rule as they are made:
/// a step that finds millions (a file of millions of keys in the wrong case) holds the
/// findings it keeps, not all it makes. A finding left out goes to `left_out` (for
/// `--fix`, which collects its fix).
pub struct LimitedFindings<'o> {
    out: &'o mut Vec<Diagnostic>,
    limit: FindingLimit,
    left_out: Option<&'o dyn Fn(&Diagnostic)>,
}

impl<'o> LimitedFindings<'o> {
    /// Findings pushed to `out` within `limit`.
    pub fn new(
        out: &'o mut Vec<Diagnostic>,
        limit: FindingLimit,
        left_out: Option<&'o dyn Fn(&Diagnostic)>,
    ) -> LimitedFindings<'o> {
        LimitedFindings {
            out,
            limit,
            left_out,
        }
    }

    /// Keep `finding` if its rule is within the limit.
    pub fn push(&mut self, finding: Diagnostic) {
        if self
            .limit
            .keep(finding.meta, finding.span, || finding.pointer.clone())
        {
            self.out.push(finding);
        } else if let Some(left_out) = self.left_out {
            left_out(&finding);
        }
    }

    /// True when no finding was pushed.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty() && self.limit.left_out() == 0
    }

    /// Say, for each rule with findings left out, how many were.
    pub fn finish(self) {
        self.out.extend(self.limit.summaries());
    }
}

/// A pointer made when first asked for.
struct Lazy<F> {
    make: Option<F>,
    made: Option<CompactString>,
}

impl<F: FnOnce() -> CompactString> Lazy<F> {
    fn new(make: F) -> Lazy<F> {
        Lazy {
            make: Some(make),
            made: None,
        }
    }
    fn get(&mut self) -> &str {
        if let Some(make) = self.make.take() {
            self.made = Some(make());
        }
        self.made.as_deref().unwrap_or_default()
    }
    fn take(&mut self) -> CompactString {
        self.get();
        self.made.take().unwrap_or_default()
    }
}

/// Counts the findings of each rule made for one file, and tells which are kept.
#[derive(Debug, Default)]
pub struct FindingLimit {
    /// `None`: every finding is kept.
    limit: Option<usize>,
    /// The rules with findings so far (few per file: looked up by a scan).
    rules: Vec<RuleCount>,
}

#[derive(Debug)]
struct RuleCount {
    rule: &'static RuleMeta,
    kept: usize,
    left_out: usize,
    /// Where the first finding left out was.
    first_left_out: Option<(Option<Span>, CompactString)>,
}

impl FindingLimit {
    /// Keep at most `limit` findings of each rule (`None`: all).
    pub fn new(limit: Option<usize>) -> FindingLimit {
        FindingLimit {
            limit,
            rules: Vec::new(),
        }
    }

    /// Count a finding of `rule` at `span`: true when it is kept, false when it is left out
    /// (`pointer` is then asked for, for the first one left out of its rule only). While a
    /// [`super::tally`] runs, every finding is counted there too, kept or not.
    pub fn keep(
        &mut self,
        rule: &'static RuleMeta,
        span: Option<Span>,
        pointer: impl FnOnce() -> CompactString,
    ) -> bool {
        let mut pointer = Lazy::new(pointer);
        let tallying = super::tally::is_on();
        let Some(limit) = self.limit else {
            if tallying {
                super::tally::note(rule.code, pointer.get());
            }
            return true;
        };
        let count = match self.rules.iter().position(|c| c.rule.code == rule.code) {
            Some(i) => &mut self.rules[i],
            None => {
                self.rules.push(RuleCount {
                    rule,
                    kept: 0,
                    left_out: 0,
                    first_left_out: None,
                });
                self.rules.last_mut().expect("just pushed") // ok: pushed on the line above
            }
        };
        let kept = count.kept < limit;
        if tallying {
            super::tally::note(rule.code, pointer.get());
        }
        if kept {
            count.kept += 1;
            return true;
        }
        if count.left_out == 0 {
            count.first_left_out = Some((span, pointer.take()));
        }
        count.left_out += 1;
        false
    }

    /// True when a finding of `rule` would be left out and is not the first left out: the
    /// caller may then count it with [`FindingLimit::leave_out`] without making it. Never
    /// while a [`super::tally`] runs: it counts every finding.
    pub fn is_past(&self, rule: &'static RuleMeta) -> bool {
        !super::tally::is_on()
            && self
                .rules
                .iter()
                .any(|c| c.rule.code == rule.code && c.first_left_out.is_some())
    }

    /// Count a finding of `rule` left out without being made (see
    /// [`FindingLimit::is_past`]).
    pub fn leave_out(&mut self, rule: &'static RuleMeta) {
        if let Some(c) = self.rules.iter_mut().find(|c| c.rule.code == rule.code) {
            c.left_out += 1;
        }
    }

    /// How many findings were left out, over every rule.
    pub fn left_out(&self) -> usize {
        self.rules.iter().map(|c| c.left_out).sum()
    }

    /// One finding for each rule with findings left out, at the first of them, saying how
    /// many were.
    pub fn summaries(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.rules.iter().filter_map(|c| {
            let (span, pointer) = c.first_left_out.as_ref()?;
            let more = if c.left_out == 1 {
                "1 more finding".to_string()
            } else {
                format!("{} more findings", c.left_out)
            };
            let mut d = Diagnostic::new(
                c.rule,
                format!(
                    "{more} of this rule from here on are not shown (a file shows the first {} \
                     of each rule)",
                    c.kept
                ),
            )
            .with_pointer(pointer.as_str())
            .with_help(LEFT_OUT_HELP);
            d.span = *span;
            Some(d)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builtin;

    #[test]
    fn a_rule_keeps_the_limit_and_counts_the_rest() {
        let mut limit = FindingLimit::new(Some(2));
        let mut asked = 0;
        let kept: Vec<bool> = (0..5u32)
            .map(|i| {
                limit.keep(
                    &builtin::DUPLICATE_KEY,
                    Some(Span::new(i as usize, 1 + i as usize)),
                    || {
                        asked += 1;
                        format!("/k{i}").into()
                    },
                )
            })
            .collect();
        assert_eq!(kept, [true, true, false, false, false]);
        assert_eq!(asked, 1, "the pointer of the first finding left out only");
        // Past the first left out, a finding can be counted without being made.
        assert!(limit.is_past(&builtin::DUPLICATE_KEY));
        assert!(!limit.is_past(&builtin::BOM));
        limit.leave_out(&builtin::DUPLICATE_KEY);
        limit.leave_out(&builtin::DUPLICATE_KEY);
        // Another rule has a limit of its own.
        assert!(limit.keep(&builtin::BOM, None, || unreachable!()));
        assert_eq!(limit.left_out(), 5);
        let summaries: Vec<Diagnostic> = limit.summaries().collect();
        assert_eq!(summaries.len(), 1);
        let s = &summaries[0];
        assert_eq!(s.code(), builtin::DUPLICATE_KEY.code);
        assert_eq!(s.span, Some(Span::new(2, 3)));
        assert_eq!(s.pointer, "/k2");
        assert_eq!(
            &*s.message,
            "5 more findings of this rule from here on are not shown (a file shows the first 2 \
             of each rule)"
        );
    }

    #[test]
    fn no_limit_keeps_everything() {
        let mut limit = FindingLimit::new(None);
        for _ in 0..10_000 {
            assert!(limit.keep(&builtin::DUPLICATE_KEY, None, || unreachable!()));
        }
        assert_eq!(limit.left_out(), 0);
        assert_eq!(limit.summaries().count(), 0);
    }
}
