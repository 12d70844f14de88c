"""Signals other apps may connect to; the petitions app never imports them."""

from django.dispatch import Signal

# Sent after the transaction that confirmed a signature whose signer ticked
# "send me the newsletter" has committed. Keyword arguments: email (as typed),
# name, ip_hash (the salted hash of the signer's network). sender is Signature.
newsletter_requested = Signal()
