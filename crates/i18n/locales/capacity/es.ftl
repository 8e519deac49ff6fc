## es: the capacity part's messages.
