"""The authored cooperation registry: its format, codes, 和暦 dates and validation."""
