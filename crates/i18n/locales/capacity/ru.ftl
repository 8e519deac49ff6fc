## ru: the capacity part's messages.
