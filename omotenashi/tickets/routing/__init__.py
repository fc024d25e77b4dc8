"""Routing: the Django side of the understanding engine (omotenashi/engine/).

Every guest message is read after it is committed (language, frustration, urgency), and a
new ticket is triaged (queue, category, priority) and handed to an agent who speaks the
guest's language. Every automatic decision is stored with its model, version, confidence
and reason, and never overwrites what a person decided.

- understanding.py  the idempotent work per message (claim, read, apply), the sweep
- assignment.py     which agent of the queue's team takes the ticket
- decisions.py      triage settings, what a person decided, recording and accepting decisions
- learning.py       training data from the desk's history, retraining with a held-out check
- store.py          stored models (a file per version in the media storage), process cache
- selectors.py      the triage view, a ticket's decisions, right-queue-first-time
- views.py, api.py  the triage view, one-click accept, language correction, leads' page

Tasks are in tickets/tasks.py, the schedule in omotenashi/celery.py; the hook that queues
the work after commit is registered in tickets/apps.py. See docs/decisions/0101-routing.md.
"""
