## en: the deliberation part's messages.
