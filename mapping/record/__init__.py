"""The record of decisions and changes: the audit log (who did what, when, from what to what) and the audit pack handed to an auditor."""
