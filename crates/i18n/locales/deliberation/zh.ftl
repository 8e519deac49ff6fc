## zh: the deliberation part's messages.
