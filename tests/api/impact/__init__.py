"""The impact resource of the API."""
