"""Views of open recruitment: the public pages (``public``) and the staff pages (``staff``)."""
