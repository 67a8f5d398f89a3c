"""People: invitations, the second factor, deactivating and appointing."""
