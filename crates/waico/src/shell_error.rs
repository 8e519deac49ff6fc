//! How a shell command tells an operation's refusal: the fields and their
//! messages in English, or the error as it is.

pub(crate) fn op_error(e: waico_app::OpError) -> anyhow::Error {
    match e {
        waico_app::OpError::Invalid(list) => {
            let fields: Vec<String> = list
                .iter()
                .map(|i| format!("{}: {}", i.field, waico_app::english(i.key)))
                .collect();
            anyhow::anyhow!("invalid input — {}", fields.join("; "))
        }
        waico_app::OpError::Declined(key) => anyhow::anyhow!("{}", waico_app::english(key)),
        other => anyhow::anyhow!("{other}"),
    }
}
