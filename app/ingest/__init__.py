"""Reading files from outside: pure functions from bytes and rows to plain values."""
