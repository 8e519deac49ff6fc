//! Names of the languages and tasks that Hugging Face cards name by code
//! (`language: sw`, `pipeline_tag: fill-mask`), in the reader's language:
//! messages `language-<tag>` (CLDR names) and `task-<pipeline tag>`, with the
//! code itself when the interface has no name for it.

use crate::{Catalog, Tr};

/// The message ids that may name language `code`, most specific first: the
/// whole tag in lower case (`_` read as `-`), then ever shorter prefixes, so
/// `zh-Hans-CN` tries `language-zh-hans-cn`, `language-zh-hans`, `language-zh`.
pub fn language_keys(code: &str) -> Vec<String> {
    let tag = code.trim().to_ascii_lowercase().replace('_', "-");
    let parts: Vec<&str> = tag.split('-').collect();
    (1..=parts.len())
        .rev()
        .map(|n| format!("language-{}", parts[..n].join("-")))
        .filter(|key| !key.ends_with('-'))
        .collect()
}

impl Tr {
    /// The name of language `code` in this translator's language (`sw` is
    /// "swahili" in French, 斯瓦希里语 in Chinese), or `code` as written when
    /// neither the tag nor its base language has a message.
    pub fn language_name(&self, code: &str) -> String {
        language_keys(code)
            .into_iter()
            .find(|key| Catalog::get().has(self.lang, key))
            .map(|key| self.t(&key))
            .unwrap_or_else(|| code.to_owned())
    }

    /// The name of task `tag` (a Hugging Face pipeline tag) in this
    /// translator's language, or `tag` as written when it has none.
    pub fn task_name(&self, tag: &str) -> String {
        self.t_or(&format!("task-{}", tag.trim().to_ascii_lowercase()), tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn tags_are_tried_whole_then_by_their_base_language() {
        assert_eq!(language_keys("sw"), ["language-sw"]);
        assert_eq!(
            language_keys("zh-Hans-CN"),
            ["language-zh-hans-cn", "language-zh-hans", "language-zh"]
        );
        assert_eq!(language_keys(" pt_BR "), ["language-pt-br", "language-pt"]);
        assert_eq!(language_keys("zh-"), ["language-zh"]);
    }

    #[test]
    fn codes_read_as_names_in_the_readers_language() {
        let fr = Tr::new(Lang::Fr);
        assert_eq!(fr.language_name("sw"), "swahili");
        assert_eq!(fr.language_name("SW"), "swahili");
        assert_eq!(Tr::new(Lang::Zh).language_name("sw"), "斯瓦希里语");
        assert_eq!(Tr::new(Lang::Ar).language_name("ar"), "العربية");
        assert_eq!(
            Tr::new(Lang::Ru).language_name("multilingual"),
            "несколько языков"
        );
        // The whole tag when it has a name, else its base language.
        assert_eq!(
            Tr::new(Lang::En).language_name("zh-Hans"),
            "Simplified Chinese"
        );
        assert_eq!(fr.language_name("pt-BR"), "portugais");
        assert_eq!(Tr::new(Lang::Es).language_name("sw-KE"), "suajili");
        // Without a name, the code as written (not Fluent's id of the message).
        assert_eq!(fr.language_name("xyz"), "xyz");
        assert_eq!(fr.language_name("tlh-Latn"), "tlh-Latn");
        assert_eq!(fr.language_name(""), "");
    }

    #[test]
    fn tasks_read_as_names_with_the_tag_as_fallback() {
        assert_eq!(
            Tr::new(Lang::Fr).task_name("fill-mask"),
            "Remplissage de masque"
        );
        assert_eq!(Tr::new(Lang::Zh).task_name("translation"), "翻译");
        assert_eq!(Tr::new(Lang::En).task_name("fill-mask"), "Fill-mask");
        assert_eq!(Tr::new(Lang::Fr).task_name("tea-making"), "tea-making");
    }
}
