"""A body's page: header, members, projects, money."""
