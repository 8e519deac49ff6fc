## ru: the deliberation part's messages.
