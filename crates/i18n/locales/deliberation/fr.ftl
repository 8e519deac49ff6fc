## fr: the deliberation part's messages.
