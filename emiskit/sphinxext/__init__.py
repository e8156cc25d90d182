"""Sphinx extensions used to build the course book."""
