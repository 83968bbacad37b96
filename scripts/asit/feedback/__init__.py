"""Feedback pages written in this process from the gradebook and the autograded notebooks."""
