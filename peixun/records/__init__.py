"""Training records: the class-hour ledger, training rules and compliance, imports and certificates."""
