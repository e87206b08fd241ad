"""Project tooling: the spec merge, code generation and checks (run through the Makefile)."""
