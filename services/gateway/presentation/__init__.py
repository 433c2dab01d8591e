"""What the agent, the customer and the admin see, without I/O.

``forms``, ``admin_forms`` and ``search_form`` turn posted forms into API bodies and parameters;
``views`` shapes API answers for the templates; ``notices`` and ``labels`` hold the texts and
labels (English message ids); ``language``, ``i18n`` and ``rendering`` pick the language, load the
catalogs and render the templates.
"""
