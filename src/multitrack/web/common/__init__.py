"""Django helpers every room shares: the audit trail and base errors."""
