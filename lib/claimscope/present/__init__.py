"""Showing the tables: charts, offline HTML in notebooks, and the report site.

- :mod:`~claimscope.present.charts`: Altair chart builders and the colours of every category.
- :mod:`~claimscope.present.display`: charts, tables and facts as offline HTML in a notebook;
  :mod:`~claimscope.present.bundles` holds the scripts written into a page once, and
  :mod:`~claimscope.present.highlight` the article text with its quotes marked.
- :mod:`~claimscope.present.site`: running the report notebooks into a folder of pages, with
  :mod:`~claimscope.present.export` (notebooks, kernel, HTML export),
  :mod:`~claimscope.present.slugs` (page names) and :mod:`~claimscope.present.index` (the
  index page).
"""
