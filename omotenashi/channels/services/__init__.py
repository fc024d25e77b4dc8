"""Writes of the email channel: inbound (store, then process), outbound (outbox, send), IMAP.

Import from the submodules: `services.inbound`, `services.outbound`, `services.imap`.
"""
