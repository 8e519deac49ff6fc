## en: the capacity part's messages.
