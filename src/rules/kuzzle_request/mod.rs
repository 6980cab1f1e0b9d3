//! The view request-level Kuzzle rules run over: a recognised security route, over HTTP or
//! as a Kuzzle JSON request (`src/request/kuzzle.rs` recognises both). The rules live in the
//! packs of their kind (`kuzzle_profile::REQUEST_RULES`, `kuzzle_securities::REQUEST_RULES`),
//! which both read this view.

use crate::core::text::snippet;
use crate::core::{Kind, Span};
use crate::parse::request_line::RequestLine;
use crate::parse::Node;
use crate::rules::request::RequestView;

/// A recognised Kuzzle security action and the request that carries it.
#[derive(Clone, Copy)]
pub enum KuzzleRequest<'a> {
    /// An HTTP route (`PUT /profiles/<id>`, ...).
    Http {
        /// The request line.
        line: &'a RequestLine,
        /// The action of the route (`createOrReplaceProfile`, ...).
        action: &'static str,
        /// The kind of body it takes.
        kind: Kind,
        /// The id in the URL (percent-decoded).
        id: &'a str,
        /// The id's span in the request line.
        id_span: Span,
    },
    /// A Kuzzle JSON request file (`{"controller", "action", "_id", "body", ...}`).
    Json {
        /// The request object.
        root: Node<'a>,
        /// Its action.
        action: &'a str,
        /// The kind of body the action takes.
        kind: Kind,
    },
}

impl KuzzleRequest<'_> {
    /// The kind of body the action takes.
    pub fn kind(&self) -> Kind {
        match *self {
            KuzzleRequest::Http { kind, .. } | KuzzleRequest::Json { kind, .. } => kind,
        }
    }

    /// What the body is, for messages: `profile`, `role` or `securities`.
    pub fn what(&self) -> &'static str {
        match self.kind() {
            Kind::KuzzleProfile => "profile",
            Kind::KuzzleRole => "role",
            _ => "securities",
        }
    }
}

/// A JSON value as shown in messages (cut to a snippet).
pub fn value_text(node: Node<'_>) -> String {
    snippet(&node.to_value().to_string())
}

/// The route's view: [`KuzzleRequest`].
pub struct KuzzleRoute;

impl RequestView for KuzzleRoute {
    type Of<'a> = KuzzleRequest<'a>;
}
