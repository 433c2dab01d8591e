"""What the agent, the customer and the admin see: forms, pages, labels, languages (no I/O)."""
