"""Domain models shared by every package: plain data, no I/O, no framework imports."""
