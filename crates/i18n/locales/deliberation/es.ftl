## es: the deliberation part's messages.
