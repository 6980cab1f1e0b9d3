//! Connector types and their `connectorProperties` keys, shared by the connector rules.

/// The connector types of the API specification.
pub const SPEC_TYPES: &[&str] = &[
    "None",
    "CRM",
    "AzureBlob",
    "Salesforce",
    "ExchangeOnline",
    "Outbound",
];

/// The `connectorProperties` keys of each connector type.
pub const TYPE_KEYS: &[(&str, &[&str])] = &[
    ("AzureBlob", &["connectionKeyVaultUrl"]),
    (
        "CRM",
        &[
            "organizationId",
            "organizationUrl",
            "entities",
            "connectionString",
            "accessToken",
        ],
    ),
    ("Salesforce", &["usersetting", "salesforcetables"]),
    (
        "ExchangeOnline",
        &[
            "accessToken",
            "customerProfileTypes",
            "employeeProfileTypes",
            "typeSuffix",
        ],
    ),
    ("Outbound", &["entityList", "outputBlobSASUri"]),
    (
        "SocialEngagement",
        &["mseEndPointUrl", "searchTopics", "typeSuffix"],
    ),
];

/// `name` with its indefinite article (`an AzureBlob`, `a CRM`).
pub fn a_or_an(name: &str) -> String {
    let vowel = name.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}
