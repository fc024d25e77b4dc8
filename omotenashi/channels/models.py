"""The email channel's records: mailboxes we poll, every raw message we accepted, the outbox.

Transports know no ticket rules: these rows describe mail, and services turn them into
ticket changes (inbound) or are created by ticket hooks (outbound).
"""

from __future__ import annotations

from django.db import models


class Security(models.TextChoices):
    SSL = "ssl", "SSL/TLS (usually port 993)"
    STARTTLS = "starttls", "STARTTLS (usually port 143)"
    NONE = "none", "None: plain text (only for a server on this machine)"


class MailAccount(models.Model):
    """An IMAP mailbox polled for guest mail.

    The password is stored as given: IMAP needs the secret itself, so it cannot be hashed.
    Restrict database access accordingly (docs/configuration.md).
    """

    name = models.CharField(max_length=120, unique=True)
    address = models.EmailField(
        blank=True, help_text="The address guests write to; mail from it is never answered."
    )
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=993)
    security = models.CharField(max_length=10, choices=Security.choices, default=Security.SSL)
    username = models.CharField(max_length=255)
    password = models.CharField(max_length=255, blank=True)
    folder = models.CharField(max_length=255, default="INBOX")
    processed_folder = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "Move ingested mail to this folder (created if missing). "
            "Empty: leave it there, marked as read."
        ),
    )
    queue = models.ForeignKey(
        "tickets.Queue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_accounts",
        help_text=(
            "New tickets from this mailbox land here. "
            "Empty: by recipient address, else the default queue."
        ),
    )
    is_enabled = models.BooleanField(default=True)
    # Resume point. IMAP UIDs only grow within one UIDVALIDITY; when the server changes
    # UIDVALIDITY (mailbox rebuilt) we start over at UID 0 and rely on Message-ID dedup.
    uid_validity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_seen_uid = models.BigIntegerField(default=0, editable=False)
    # A lease rather than a lock held across network I/O: a poller that dies lets the
    # next one in once the lease runs out.
    polling_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InboundSource(models.TextChoices):
    IMAP = "imap", "IMAP poll"
    PIPE = "pipe", "MTA pipe (stdin)"
    MBOX = "mbox", "mbox import"
    MAILDIR = "maildir", "Maildir import"
    OTHER = "other", "Other"


class InboundStatus(models.TextChoices):
    RECEIVED = "received", "Received (not processed yet)"
    PROCESSED = "processed", "Processed"
    DUPLICATE = "duplicate", "Duplicate"
    IGNORED = "ignored", "Ignored (automatic mail)"
    FAILED = "failed", "Failed"


def inbound_raw_path(instance: InboundEmail, filename: str) -> str:
    return f"inbound/{instance.raw_sha256[:2]}/{instance.raw_sha256}.eml"


class InboundEmail(models.Model):
    """One raw message exactly as accepted, stored before anything clever happens to it."""

    source = models.CharField(max_length=8, choices=InboundSource.choices)
    source_detail = models.CharField(
        max_length=500, blank=True, help_text="Mailbox and UID, or the file it came from."
    )
    account = models.ForeignKey(
        MailAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    # Content-addressed under MEDIA_ROOT: keeps the database small and a re-delivery costs no disk.
    raw = models.FileField(upload_to=inbound_raw_path, max_length=300, blank=True)
    raw_size = models.PositiveBigIntegerField(default=0)
    raw_sha256 = models.CharField(max_length=64)
    email_message_id = models.CharField(
        max_length=998, help_text="With angle brackets; synthetic when the mail had none."
    )
    email_message_id_synthetic = models.BooleanField(default=False)
    subject = models.CharField(max_length=255, blank=True)
    from_address = models.CharField(max_length=320, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    status_reason = models.TextField(
        blank=True, help_text="Why it was ignored, or the error that made it fail."
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a failed message is retried; empty: not automatically.",
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_emails",
    )
    message = models.ForeignKey(
        "tickets.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_emails",
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "inbound email"
        indexes = [
            # Serves: duplicate detection by Message-ID when a message is stored.
            models.Index(fields=["email_message_id"], name="inbound_message_id_idx"),
            # Serves: the periodic retry of received and failed mail; the admin status filter.
            models.Index(fields=["status", "next_attempt_at"], name="inbound_status_next_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email_message_id} ({self.status})"


class OutboundKind(models.TextChoices):
    REPLY = "reply", "Reply"
    ACKNOWLEDGEMENT = "ack", "Acknowledgement"


class OutboundStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboundEmail(models.Model):
    """The outbox: written in the same transaction as the reply, sent after commit."""

    kind = models.CharField(max_length=8, choices=OutboundKind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="outbound_emails"
    )
    message = models.ForeignKey(
        "tickets.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_emails",
    )
    from_address = models.CharField(max_length=400)
    to = models.JSONField(default=list)
    # The requester's address, lower-cased: what the acknowledgement rate limit counts by.
    recipient = models.CharField(max_length=254)
    cc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=400)
    body_text = models.TextField()
    body_html = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    # Ours, unique: a guest replying to this mail threads back through it.
    email_message_id = models.CharField(max_length=998, unique=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    extra_headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=8, choices=OutboundStatus.choices, default=OutboundStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(help_text="Not sent before this time (retry backoff).")
    # Claimed by a sender until then; a sender that dies lets the row go after the lease.
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbound email"
        indexes = [
            # Serves: the periodic sender picking due pending rows.
            models.Index(fields=["status", "next_attempt_at"], name="outbound_status_next_idx"),
            # Serves: the acknowledgement rate limit per address (loop safety).
            models.Index(
                fields=["recipient", "kind", "created_at"], name="outbound_recipient_kind_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on #{self.ticket_id} ({self.status})"
