"""The API vocabulary shared by every domain router: errors, paging, filters, the key check."""
