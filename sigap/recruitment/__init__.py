"""Open recruitment of the unit's experts (issue #13, domain.md §E5): vacancies, public applications, selection."""
