"""Accounts: roles and area scopes, the permission layer, sign-in with two-factor codes."""
