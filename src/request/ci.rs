//! Customer Insights routes (hub `/manage/…` and ARM `…/hubs/<hub>/…`).

use super::{Recognized, RequestLine};

/// Recognise a Customer Insights profile-type or connector route.
pub fn recognize(line: &RequestLine) -> Option<Recognized> {
    let _ = line;
    None
}
