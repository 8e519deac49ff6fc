## zh: the safety part's messages.
