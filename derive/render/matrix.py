"""Hagan's matrix form (placeholder, filled in the next commit)."""


class MatrixForm:
    @staticmethod
    def of(P, net):
        return None
