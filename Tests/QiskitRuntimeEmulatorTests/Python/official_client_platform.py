"""The newest official client (qiskit-ibm-runtime, unmodified) against the emulator's v1 mode:
its platform flow (see emulator_client.py for how it is pointed at the emulator).
"""
import json
import time

from emulator_client import connect
from qiskit import QuantumCircuit
from qiskit.transpiler import generate_preset_pass_manager
from qiskit_ibm_runtime import Batch, SamplerV2, Session

out = {}

service = connect()
out["active_instance"] = service.active_instance()

backends = service.backends()
out["backends"] = [b.name for b in backends]
out["least_busy"] = service.least_busy(min_num_qubits=100).name

big = service.backend("fake_bergen")
target = big.target
out["bergen"] = {
    "num_qubits": target.num_qubits,
    "operations": sorted(target.operation_names),
    "cz_pairs": len(target["cz"]),
    "dt": target.dt,
    "t1_q0": target.qubit_properties[0].t1,
    "processor": big.configuration().processor_type,
}
eagle = service.backend("fake_lisbon")
out["lisbon"] = {"num_qubits": eagle.num_qubits, "ecr_pairs": len(eagle.target["ecr"]),
                 "basis": sorted(eagle.configuration().basis_gates)}
small = service.backend("fake_tallinn")
status = small.status()
out["tallinn_status"] = {"operational": status.operational, "pending_jobs": status.pending_jobs,
                         "status_msg": status.status_msg}
out["usage"] = service.usage()

bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
bell.measure_all()
isa = generate_preset_pass_manager(backend=small, optimization_level=1).run(bell)
out["isa_ops"] = sorted(isa.count_ops())

# A session: open it, run one long job, watch it, cancel it; leaving the block closes it.
with Session(backend=small, max_time=600) as session:
    out["session_status_new"] = session.status()
    sampler = SamplerV2(mode=session)
    sampler.options.environment.job_tags = ["emulator:running_s=30", "official"]
    job = sampler.run([isa], shots=16)
    deadline = time.time() + 20
    while job.status() != "RUNNING" and time.time() < deadline:
        time.sleep(0.05)
    out["job_running"] = job.status()
    out["session_status_running"] = session.status()
    details = session.details()
    out["session_details"] = {k: details[k] for k in ("state", "mode", "backend_name", "max_time", "accepting_jobs")}
    job.cancel()
    out["job_cancelled"] = job.status()
    out["logs"] = job.logs()
    metrics = job.metrics()
    out["metrics_keys"] = sorted(metrics)
    out["metrics_usage"] = metrics["usage"]
    out["job_session"] = service.job(job.job_id()).session_id
    out["job_tags"] = sorted(service.job(job.job_id()).tags)
    session_id = session.session_id
out["session_after_close"] = {k: session.details()[k] for k in ("state", "accepting_jobs")}
out["session_usage"] = session.usage()

# A batch: a short job runs to its final state.
with Batch(backend=small) as batch:
    sampler = SamplerV2(mode=batch)
    sampler.options.environment.job_tags = ["official", "batch"]
    batch_job = sampler.run([isa], shots=16)
    batch_job.wait_for_final_state(timeout=30)
    out["batch_job"] = batch_job.status()
    out["batch_mode"] = batch.details()["mode"]
    out["batch_job_usage"] = batch_job.usage()
    out["batch_tags"] = sorted(batch_job.update_tags(["renamed"]))
    out["batch_tags_property"] = batch_job.tags
    out["batch_usage_estimation"] = batch_job.usage_estimation
    batch_metrics = batch_job.metrics()
    out["batch_metrics"] = {k: batch_metrics.get(k) for k in ("timestamps", "usage", "position_in_queue", "qiskit_version")}

out["jobs_all"] = [j.job_id() for j in service.jobs(limit=10)]
out["jobs_session"] = [j.job_id() for j in service.jobs(session_id=session_id)]
out["jobs_tagged"] = [j.job_id() for j in service.jobs(job_tags=["official"])]
out["jobs_done"] = [j.job_id() for j in service.jobs(pending=False)]
out["jobs_ascending"] = [j.job_id() for j in service.jobs(descending=False)]
out["job_ids"] = [job.job_id(), batch_job.job_id()]
out["usage_after"] = service.usage()["usage_consumed_seconds"]
print("RESULT " + json.dumps(out))
