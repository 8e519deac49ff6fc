## ru: the safety part's messages.
