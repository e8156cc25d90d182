"""Tools for facilitators: session-plan agendas and pre/post workshop surveys.

- :mod:`emiskit.facilitation.agenda` reads the agenda tables of the session plans, checks
  that their minutes add up, and prints a schedule (``emiskit schedule``).
- :mod:`emiskit.facilitation.surveys` compares the answers of a pre- and a post-workshop
  survey, question by question.
"""
