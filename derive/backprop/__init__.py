"""Formulas and training: the per-neuron formulas of backprop (``quantities``) — the one source
of truth for the worked solution, the exact steps, the checker and the numeric closed forms —
and the exact training steps (``training``)."""
