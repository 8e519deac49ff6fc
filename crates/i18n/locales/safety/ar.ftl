## ar: the safety part's messages.
