"""Reporting: the Regulator's measures (CH01, CH02, TP09), the managers' overview,
exports; counted in SQL from the complaint rows, the append-only events' dates and the
reporting read model (records.report_index), never complaint by complaint in Python."""
