"""Write a git-ignored .env with fresh secrets for the demo, unless one exists. Standard library only."""

from __future__ import annotations

import base64
import secrets
import sys
from pathlib import Path

TEMPLATE = """\
# Sigap demo settings, written by `make run` on {path}. Git-ignored: never commit it.
# Every variable is described in the configuration table of README.md.
SIGAP_SECRET_KEY={secret_key}
# Data keys of personal data, newest first ("key-id:base64"), and the separate blind-index key.
SIGAP_DATA_KEYS={data_key_id}:{data_key}
SIGAP_INDEX_KEY={index_key}
# The demo switches two-factor login off so that it can be tried without an authenticator app;
# every page then shows a banner. Production refuses to start with this off.
SIGAP_REQUIRE_MFA=false
"""


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
    if path.exists():
        print(f"{path} exists: keeping it.")
        return 0
    path.write_text(
        TEMPLATE.format(
            path=path.resolve().parent.name,
            secret_key=secrets.token_urlsafe(50),
            data_key_id="k" + secrets.token_hex(3),
            data_key=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            index_key=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        ),
        encoding="utf-8",
    )
    path.chmod(0o600)
    print(f"Wrote {path} with fresh keys.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
