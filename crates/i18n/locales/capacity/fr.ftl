## fr: the capacity part's messages.
