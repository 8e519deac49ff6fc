## en: the accounts part's messages.
