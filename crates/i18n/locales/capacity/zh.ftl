## zh: the capacity part's messages.
