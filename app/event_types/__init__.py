"""The event-type taxonomy served as an API resource."""
