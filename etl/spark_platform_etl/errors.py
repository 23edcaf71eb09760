"""Errors a person can act on. ``main.py`` prints them without a stack trace and exits non-zero."""


class EtlError(Exception):
    """Base class: the message says what is wrong, where, and what to do."""

    exit_code = 2


class SchemaDriftError(EtlError):
    """A landed dataset does not match its declared schema in a way that cannot be quarantined row by row."""


class MissingInputError(EtlError):
    """An input dataset is absent for the requested run date."""


class ReconciliationError(EtlError):
    """Rows in != rows out + rows quarantined: data would be lost or duplicated."""

    exit_code = 3
