"""Emitters: turn the IR into text for other tools (one subpackage per target)."""
