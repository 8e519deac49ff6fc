## en: the safety part's messages.
