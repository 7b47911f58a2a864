"""Notebook display wrappers (``_repr_mimebundle_``) over the IR and feature results."""
