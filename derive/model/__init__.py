"""The model and its numbers: exact number parsing and rounding (``numbers``), quantity names
(``names``), the formula trees and their exact evaluator (``formula``), activation functions
(``activations``) and the network itself with its file loader (``network``)."""
