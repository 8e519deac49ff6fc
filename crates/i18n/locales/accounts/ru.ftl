## ru: the accounts part's messages.
