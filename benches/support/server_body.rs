//! The 1 MB securities file `benches/server.rs` edits and `examples/server_loop.rs` counts,
//! and the notification of an edit: one definition for both.

use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::{
    DidChangeTextDocumentParams, Range, TextDocumentContentChangeEvent, Uri,
    VersionedTextDocumentIdentifier,
};

/// The `didChange` notification that makes `version` of `uri` by replacing `range` with `new`.
pub fn change(uri: &Uri, version: i32, range: Range, new: &str) -> lsp_server::Message {
    lsp_server::Notification::new(
        notif::DidChangeTextDocument::METHOD.into(),
        DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(uri.clone(), version),
            content_changes: vec![TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text: new.into(),
            }],
        },
    )
    .into()
}

/// A securities file of about 1 MB: roles, profiles restricted to indexes (one in a hundred
/// naming a collection twice), users; the last profile's restriction is what the edits
/// toggle (`restrictedTo: []` is one more finding).
pub fn body() -> String {
    let mut roles = Vec::new();
    let mut profiles = Vec::new();
    let mut users = Vec::new();
    let mut i = 0;
    let mut len = 0;
    while len < 1 << 20 {
        let role = format!(
            "    \"role-{i}\": {{\"controllers\": {{\"document\": {{\"actions\": {{\"get\": true, \"search\": true, \"create\": {}}}}}, \"collection\": {{\"actions\": {{\"list\": true}}}}}}}}",
            i % 2 == 0
        );
        // Every 100th profile has a finding: the document is never clean.
        let collections = if i % 100 == 0 {
            "\"orders\", \"orders\""
        } else {
            "\"orders\", \"products\""
        };
        let profile = format!(
            "    \"profile-{i}\": {{\"policies\": [{{\"roleId\": \"role-{i}\", \"restrictedTo\": [{{\"index\": \"shop-{}\", \"collections\": [{collections}]}}]}}]}}",
            i % 17
        );
        let user = format!(
            "    \"user-{i}\": {{\"content\": {{\"profileIds\": [\"profile-{i}\"], \"name\": \"Utilisatrice n°{i} — été\"}}, \"credentials\": {{\"local\": {{\"username\": \"user{i}\", \"password\": \"not-a-real-password-{i}\"}}}}}}"
        );
        len += role.len() + profile.len() + user.len() + 6;
        roles.push(role);
        profiles.push(profile);
        users.push(user);
        i += 1;
    }
    profiles.push("    \"toggled\": {\"policies\": [{\"roleId\": \"role-0\", \"restrictedTo\": [{\"index\": \"shop\"}]}]}".into());
    format!(
        "{{\n  \"roles\": {{\n{}\n  }},\n  \"profiles\": {{\n{}\n  }},\n  \"users\": {{\n{}\n  }}\n}}\n",
        roles.join(",\n"),
        profiles.join(",\n"),
        users.join(",\n")
    )
}
