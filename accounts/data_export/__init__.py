"""A person's copy of their data (GDPR access and portability): accounts owns the act.

``registry`` (what every app contributes), ``archive`` (the zip, written as a stream),
``exporters`` (what accounts and core hold), ``services`` (request, build, expire),
``links`` (the signed download link), ``email``, ``views`` and ``api``.
"""
