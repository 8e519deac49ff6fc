## ar: the capacity part's messages.
