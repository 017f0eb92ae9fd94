"""Checking students' answers: verdicts with error carried forward (``check``), the catalogue of
known slips (``slips``), the linear-equation reader for part (a) answers (``linear``) and the
class reports (``report``)."""
