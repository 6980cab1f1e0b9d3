//! Step 9: the exit code of `check`.

use super::CheckArgs;
use crate::files::InputError;
use crate::Report;

/// 2 when an input or a fix failed, else 1 when a finding reaches `--fail-level` (unless
/// `--exit-zero`), else 0.
pub(super) fn exit_code(
    args: &CheckArgs,
    reports: &[Report],
    failed: bool,
    input_errors: &[InputError],
) -> i32 {
    if failed || !input_errors.is_empty() {
        return 2;
    }
    let level = args.fail_level.severity();
    if args.exit_zero || reports.iter().all(|r| r.passes(level)) {
        0
    } else {
        1
    }
}
