"""The notebook layer: ipywidgets UIs (the studio, the explorer) over :mod:`workbench.api`.

ipywidgets is imported only when a widget is built, so the static snapshots (nbconvert, nbval, a
terminal) work without a widget front end.
"""
