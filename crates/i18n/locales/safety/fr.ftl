## fr: the safety part's messages.
