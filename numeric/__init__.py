"""handgrad's numeric layer: the NumPy backprop engine, Adam, torch references, the four-way
gradient check, Hypothesis strategies and the sine experiment. Imports ``derive``; torch and
matplotlib are imported only where they are used."""
