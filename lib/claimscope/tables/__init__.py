"""Tables: the declared schemas, records turned into rows, and the corpus-level tables."""
