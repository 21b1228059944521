"""Forms of open recruitment: the public application and status forms, and the staff forms."""
