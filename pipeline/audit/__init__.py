"""The audit: consistency checks over the output tables (``raingan audit``; see :mod:`pipeline.audit.run`)."""

from pipeline.audit.run import AuditReport, audit_output

__all__ = ["AuditReport", "audit_output"]
