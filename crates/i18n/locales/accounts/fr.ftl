## fr: the accounts part's messages.
