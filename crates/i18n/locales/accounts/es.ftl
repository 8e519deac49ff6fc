## es: the accounts part's messages.
