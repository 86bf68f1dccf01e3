"""Points the newest official client (qiskit-ibm-runtime, unmodified) at the emulator's v1 mode.

Shared by the official-client scripts, which the Swift tests run with: BASE_URL API_KEY CRN.
The client is pointed at the emulator through its own public knobs only, no monkeypatch:
  - IAM_URL=<base>: where its IAM token manager posts /identity/token (read from the environment,
    set by the Swift test);
  - QISKIT_FUNCTIONS_EXPERIMENTAL=1: skips the IBM Cloud Global Search / Global Catalog lookup of
    the account's instances (the instance CRN is given explicitly anyway; also set by the test);
  - url_resolver=: a constructor argument returning <base>/api/v1 (the default resolver builds
    https://{region}.quantum.<host>/api/v1 from the CRN and drops the port).
Each script prints one line "RESULT <json>" with what its Swift test checks.
"""
import logging
import sys
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

from qiskit_ibm_runtime import QiskitRuntimeService


def connect():
    """The service for the emulator named by the command line (BASE_URL API_KEY CRN)."""
    base, api_key, crn = sys.argv[1], sys.argv[2], sys.argv[3]
    return QiskitRuntimeService(
        channel="ibm_quantum_platform", token=api_key, instance=crn, url=base,
        url_resolver=lambda url, instance, private_endpoint, channel: url + "/api/v1")
