"""Economic empowerment of victims and monitoring until the goals are met (issue #14)."""
