## zh: the accounts part's messages.
