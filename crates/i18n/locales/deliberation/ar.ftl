## ar: the deliberation part's messages.
