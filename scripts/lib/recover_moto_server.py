#!/usr/bin/env python3
"""scripts/lib/moto_server.py plus one fix that only a recovery (an import) hits; tools venv python.

    $PLATFORM_TOOLS_VENV/bin/python scripts/lib/recover_moto_server.py -H 127.0.0.1 -p PORT

moto 5.2.5 re-imports an ACM certificate (ImportCertificate with CertificateArn) by replacing it,
dropping its tags. AWS keeps the tags of a re-imported certificate (the call may not even carry
tags). An imported aws_acm_certificate is updated in place (its body is not in the state after an
import), so without this fix the second plan after a recovery shows its tags missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from moto.acm import models as acm_models

sys.path.insert(0, str(Path(__file__).resolve().parent))
import moto_server  # noqa: E402  (applies the six fixes of moto_server.py)

_original_import = acm_models.AWSCertificateManagerBackend.import_certificate


def _import_certificate(self, certificate, private_key, chain, arn, tags):
    kept = self._certificates[arn].tags if arn is not None and arn in self._certificates else None
    result = _original_import(self, certificate, private_key, chain, arn, tags)
    if kept is not None:
        for key, value in kept.items():
            self._certificates[result].tags.setdefault(key, value)
    return result


acm_models.AWSCertificateManagerBackend.import_certificate = _import_certificate

if __name__ == "__main__":
    sys.exit(moto_server.main())
