//! Shapes shared by the gateways' code tables.

use serde::Serialize;

/// A gateway response or error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeInfo {
    /// The code exactly as the gateway sends it.
    pub code: &'static str,
    /// Meaning, in Chinese (the manual's wording).
    pub meaning_zh: &'static str,
    /// Meaning, in English.
    pub meaning_en: &'static str,
    /// The usual cause and what to check, in Chinese.
    pub hint_zh: &'static str,
    /// The usual cause and what to check, in English.
    pub hint_en: &'static str,
    /// Whether the code means success.
    pub success: bool,
    /// Whether sending the same request again later may succeed (otherwise the outcome is final
    /// until the request itself is fixed).
    pub retryable: bool,
}

/// A bank of a gateway's bank table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bank {
    /// The gateway's code (ASCII).
    pub code: &'static str,
    /// The bank's name in Chinese.
    pub name: &'static str,
    /// Whether the gateway supports it (clpayment's e-bank list says; CMPay's does not).
    pub supported: Option<bool>,
}

/// Finds a bank by code (case-insensitive) or by name (exact, or contained in the name).
pub fn find_bank(table: &'static [Bank], query: &str) -> Option<&'static Bank> {
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    table
        .iter()
        .find(|b| b.code.eq_ignore_ascii_case(q))
        .or_else(|| table.iter().find(|b| b.name == q))
        .or_else(|| table.iter().find(|b| b.name.contains(q)))
}
