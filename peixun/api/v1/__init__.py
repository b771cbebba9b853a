"""Version 1 of the API: the resources, their serializers, filters and routes."""
