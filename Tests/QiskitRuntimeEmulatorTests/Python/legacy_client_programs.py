# Program administration with the unmodified qiskit-ibmq-provider 0.20.2 against the emulator:
# upload, read, update (data and metadata), visibility, run, delete. Prints one "RESULT <json>" line.
# Usage: legacy_client_programs.py <auth URL> <API token>
import json, sys, warnings
warnings.filterwarnings("ignore")
import logging
logging.disable(logging.CRITICAL)
from qiskit import IBMQ

url, token = sys.argv[1], sys.argv[2]
out = {}
provider = IBMQ.enable_account(token, url=url)
rt = provider.runtime
source = "def main(backend, user_messenger, **kwargs):\n    return kwargs\n"
metadata = {
    "name": "echo-program",
    "description": "Echoes its inputs.",
    "max_execution_time": 300,
    "spec": {"parameters": {"properties": {"x": {"type": "integer"}}}},
}
program_id = rt.upload_program(data=source, metadata=metadata)
out["id"] = program_id
try:
    rt.upload_program(data=source, metadata=metadata)
    out["duplicate"] = "no error"
except Exception as error:
    out["duplicate"] = type(error).__name__
program = rt.program(program_id, refresh=True)
out["name"] = program.name
out["cost"] = program.max_execution_time
out["public"] = program.is_public
out["data"] = program.data
out["parameters"] = program.parameters().metadata.get("properties")
out["created"] = str(program.creation_date)
out["listed"] = program_id in [p.program_id for p in rt.programs(refresh=True, limit=None)]

new_source = "def main(backend, user_messenger, **kwargs):\n    return 42\n"
rt.update_program(program_id, data=new_source)
rt.update_program(program_id, name="echo-renamed", description="Renamed.", max_execution_time=600)
program = rt.program(program_id, refresh=True)
out["updated_name"] = program.name
out["updated_description"] = program.description
out["updated_cost"] = program.max_execution_time
out["updated_data"] = program.data

rt.set_program_visibility(program_id, True)
out["made_public"] = rt.program(program_id, refresh=True).is_public
rt.set_program_visibility(program_id, False)
out["made_private"] = rt.program(program_id, refresh=True).is_public

job = rt.run(program_id, options={"backend_name": "ibmq_qasm_simulator"},
             inputs={"x": 3, "values": [1.5, 2.5], "queued_s": 0.05, "interval_s": 0.05})
out["result"] = job.result(timeout=60, wait=0.05)
out["job_status"] = job.status().name
out["logs"] = job.logs()

rt.delete_program(program_id)
try:
    rt.program(program_id, refresh=True)
    out["after_delete"] = "still there"
except Exception as error:
    out["after_delete"] = type(error).__name__
try:
    rt.delete_program(program_id)
    out["second_delete"] = "no error"
except Exception as error:
    out["second_delete"] = type(error).__name__
try:
    rt.set_program_visibility(program_id, True)
    out["visibility_after_delete"] = "no error"
except Exception as error:
    out["visibility_after_delete"] = type(error).__name__
try:
    rt.update_program("hello-world", description="changed")
    out["builtin_update"] = "no error"
except Exception as error:
    out["builtin_update"] = type(error).__name__ + ": " + str(error)
out["job_after_delete"] = rt.job(job.job_id()).status().name
print("RESULT " + json.dumps(out))
