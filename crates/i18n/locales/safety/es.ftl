## es: the safety part's messages.
