"""The published website: Jinja2 templates, one stylesheet, a small filter script, and the
publisher that fills them from the catalog (``build.site_files``)."""
