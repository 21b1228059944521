"""The transfer package of a case (pelimpahan): its content, its format and its encryption (issue #14)."""
