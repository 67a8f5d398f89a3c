"""Administrators: groups, venues, retention and the audit log."""
