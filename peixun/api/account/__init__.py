"""The API tokens page of a person's account: make (the token shown once), name, scope, see the last use, revoke."""
