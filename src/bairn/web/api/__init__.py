"""The statistics API, /api/v1/ (django-ninja), with its OpenAPI document."""
