"""Parts (a) and (b) for threshold networks: exact linear inequalities (``polyhedra``), boundary
lines and decision regions (``boundaries``), truth tables and Boolean function names (``truth``)."""
