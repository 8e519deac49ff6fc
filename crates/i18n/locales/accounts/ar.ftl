## ar: the accounts part's messages.
