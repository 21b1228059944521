"""Encryption of personal data (AES-256-GCM), blind indexes (HMAC-SHA256) and their keys.

- :mod:`.keys`: the key ring read from ``SIGAP_DATA_KEYS`` / ``SIGAP_INDEX_KEY`` (format and fallbacks).
- :mod:`.aead`: encrypt and decrypt one value, bound to its key id and column; fails closed.
- :mod:`.fields`: ``EncryptedCharField``, ``EncryptedTextField``, ``EncryptedDateField``,
  ``EncryptedJSONField`` and ``BlindIndexField``.
- :mod:`.normalise`: NIK validation, phone and name normalisation.
- :mod:`.blind`: keyed hashes per purpose, ``blind_lookup``.
- :mod:`.tokens`: the name-token table pattern (``NameTokenIndex``) for "is this person known?".
- :mod:`.rotation`: what ``manage.py rotate_keys`` runs.

Operations (key format, generation, rotation drill, backups): docs/security/keys.md.
This package imports no models at import time except :mod:`.tokens` (an abstract model): import that
module only from models or after the app registry is ready.
"""
