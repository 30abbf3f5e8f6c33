"""Writes the TensorBoard event-file fixtures and what Katib's TensorFlowEvent collector reads from them.

Run generate.sh beside this file; it creates the virtualenv (tensorboard, tensorboardX, numpy 1.x,
rfc3339) outside the repository. The files are written by real TensorBoard writers:

- tensorboardX.SummaryWriter.add_scalar: old-style `simple_value` scalars (as torch.utils.tensorboard writes them);
- tensorboard.summary.Writer.add_scalar: new-style tensor scalars (`float_val`, plugin "scalars");
- tensorboard's EventFileWriter with TensorProtos laid out as TensorFlow 2's C++ summary writer and torch's
  `new_style=True, double_precision=True` lay them out (`tensor_content`, `double_val`), since TensorFlow and torch
  are too heavy to install for fixtures.

expected.json holds, per scenario, the metric log Katib's collector derives: TensorBoard's own EventAccumulator loads
each file, tags are matched the way Katib's tfevent_loader.py matches them, values are str(make_ndarray(tensor)) and
str(simple_value), timestamps are datetime.fromtimestamp(wall_time) formatted by the rfc3339 package (whole seconds).
"""

import glob
import json
import os
import shutil
import sys
from datetime import datetime

import numpy as np
import rfc3339
import tensorboardX
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.backend.event_processing.tag_types import SCALARS, TENSORS
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.summary import Writer
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1700000000.25


def fixed_name(directory):
    """Renames the one event file in `directory` to a stable name (writers put time and host in it)."""
    (path,) = glob.glob(os.path.join(directory, "events.out.tfevents.*"))
    target = os.path.join(directory, "events.out.tfevents.1700000000.fixture")
    os.rename(path, target)


def old_style(directory):
    writer = tensorboardX.SummaryWriter(directory)
    for step, (loss, acc) in enumerate([(0.9, 0.5), (0.5, 0.7), (0.3, 0.81), (0.25, 0.8)]):
        writer.add_scalar("loss", loss, step, walltime=T0 + step * 0.4)
        writer.add_scalar("accuracy", acc, step, walltime=T0 + step * 0.4)
        writer.add_scalar("accuracy_top5", min(1.0, acc + 0.15), step, walltime=T0 + step * 0.4)
    writer.add_histogram("accuracy_hist", np.array([0.1, 0.2, 0.3]), 3, walltime=T0 + 2)
    writer.close()


def new_style(directory):
    writer = Writer(directory)
    for step, loss in enumerate([1.5, 0.75, 0.1, 1e-05, 12345678.0]):
        writer.add_scalar("loss", loss, step, wall_time=T0 + step)
    writer.close()


def scalar_tensor(dtype, **fields):
    return tensor_pb2.TensorProto(dtype=dtype, tensor_shape=tensor_shape_pb2.TensorShapeProto(), **fields)


def tensor_layouts(directory):
    writer = EventFileWriter(directory)
    scalars = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"))
    values = [
        ("tf2_loss", scalar_tensor(types_pb2.DT_FLOAT, tensor_content=np.float32(0.1).tobytes())),
        ("tf2_accuracy", scalar_tensor(types_pb2.DT_DOUBLE, tensor_content=np.float64(0.9).tobytes())),
        ("torch_double", scalar_tensor(types_pb2.DT_DOUBLE, double_val=[2.0 / 3.0])),
        ("int_steps", scalar_tensor(types_pb2.DT_INT64, int64_val=[42])),
        ("half_lr", scalar_tensor(types_pb2.DT_HALF, half_val=[int(np.float16(0.001).view(np.uint16))])),
        ("note", scalar_tensor(types_pb2.DT_STRING, string_val=[b"it's fine"])),
    ]
    for step in range(2):
        event = event_pb2.Event(wall_time=T0 + 10 + step, step=step)
        for tag, tensor in values:
            value = event.summary.value.add(tag=tag, tensor=tensor)
            if step == 0:
                value.metadata.CopyFrom(scalars)
        writer.add_event(event)
    writer.close()


def nested(directory):
    for split, base in (("train", 0.6), ("test", 0.5)):
        writer = tensorboardX.SummaryWriter(os.path.join(directory, split))
        for step in range(3):
            writer.add_scalar("accuracy", base + step / 10, step, walltime=T0 + 100 + step)
            writer.add_scalar("loss", 1 - base - step / 10, step, walltime=T0 + 100 + step)
        writer.close()
        fixed_name(os.path.join(directory, split))


def restart(directory):
    """A run that crashed after step 3 and restarted from step 2: TensorBoard drops the orphaned steps."""
    writer = EventFileWriter(directory)
    for step, loss in [(0, 0.9), (1, 0.8), (2, 0.7), (3, 0.6)]:
        event = event_pb2.Event(wall_time=T0 + 200 + step, step=step)
        event.summary.value.add(tag="loss", simple_value=loss)
        writer.add_event(event)
    writer.add_event(event_pb2.Event(wall_time=T0 + 210, step=2,
                                     session_log=event_pb2.SessionLog(status=event_pb2.SessionLog.START)))
    for step, loss in [(2, 0.65), (3, 0.55)]:
        event = event_pb2.Event(wall_time=T0 + 210 + step, step=step)
        event.summary.value.add(tag="loss", simple_value=loss)
        writer.add_event(event)
    writer.close()


def should_consider(tag, metric_name, event_file):
    """Katib's tag rule: prefix of the last path segment; with a '/', the file's directory ends with the rest."""
    parent = os.path.dirname(metric_name) if len(metric_name.split("/")) >= 2 else os.path.dirname(event_file)
    return tag.startswith(metric_name.split("/")[-1]) and os.path.dirname(event_file).endswith(parent)


def katib_log(directory, metric_names):
    log = []
    for root, _, files in sorted(os.walk(directory)):
        for name in sorted(files):
            path = os.path.join(root, name)
            accumulator = EventAccumulator(path, size_guidance={SCALARS: 0, TENSORS: 0})
            accumulator.Reload()
            tags = accumulator.Tags()
            for tag in tags[TENSORS]:
                for metric in metric_names:
                    if should_consider(tag, metric, path):
                        for t in accumulator.Tensors(tag):
                            log.append(entry(metric, str(tensor_util.make_ndarray(t.tensor_proto)), t))
            for tag in tags[SCALARS]:
                for metric in metric_names:
                    if should_consider(tag, metric, path):
                        for s in accumulator.Scalars(tag):
                            log.append(entry(metric, str(s.value), s))
    return log


def entry(metric, value, event):
    stamp = rfc3339.rfc3339(datetime.fromtimestamp(event.wall_time))
    return {"name": metric, "value": value, "epochSecond": int(datetime.fromisoformat(stamp).timestamp()),
            "step": event.step}


SCENARIOS = {
    "old-style": ["loss", "accuracy"],
    "new-style": ["loss"],
    "tensor-layouts": ["tf2_loss", "tf2_accuracy", "torch_double", "int_steps", "half_lr", "note"],
    "nested-train": ["train/accuracy", "loss"],
    "nested-test": ["test/accuracy", "test/loss"],
    "nested-any": ["accuracy"],
    "restart": ["loss"],
}
DIRECTORIES = {"nested-train": "nested", "nested-test": "nested", "nested-any": "nested"}


def float_text():
    """How Python and numpy 1.x print floats of each precision, for values where the rules differ most."""
    rng = np.random.default_rng(7)
    edges = [0.1, 0.5, 1.0, 3.0, 1e-4, 9.999e-5, 1e-5, 1.5e-7, 123456.0, 1234567.0, 12345678.0, 1e15, 9.99e15, 1e16,
             1.7e17, 65504.0, 6.1e-5, 5.96e-8, 1 / 3, 2 / 3, 0.3, 100.0, 1e22, 2.5e-300, 1.7976931348623157e308]
    doubles = edges + [float(x) for x in 10.0 ** rng.uniform(-12, 20, 150) * rng.choice([-1, 1], 150)]
    floats = [float(np.float32(x)) for x in doubles if abs(x) < 3e38]
    floats += [float(np.frombuffer(rng.bytes(4), dtype=np.float32)[0]) for _ in range(100)]
    floats = [f for f in floats if np.isfinite(f)]
    halves = [float(np.float16(x)) for x in doubles if abs(x) < 65504]
    halves += [float(np.frombuffer(rng.bytes(2), dtype=np.float16)[0]) for _ in range(100)]
    halves = [h for h in halves if np.isfinite(h)]
    return {
        "float64": [{"value": x, "python": repr(x), "numpy": str(np.array(np.float64(x)))} for x in doubles],
        "float32": [{"value": x, "python": repr(x), "numpy": str(np.array(np.float32(x)))} for x in floats],
        "float16": [{"value": x, "numpy": str(np.array(np.float16(x)))} for x in halves],
    }


def main():
    for name, write in (("old-style", old_style), ("new-style", new_style), ("tensor-layouts", tensor_layouts),
                        ("nested", nested), ("restart", restart)):
        directory = os.path.join(HERE, name)
        shutil.rmtree(directory, ignore_errors=True)
        write(directory)
        if name != "nested":
            fixed_name(directory)
    expected = {}
    for scenario, metrics in SCENARIOS.items():
        expected[scenario] = {"directory": DIRECTORIES.get(scenario, scenario), "metrics": metrics,
                              "log": katib_log(os.path.join(HERE, DIRECTORIES.get(scenario, scenario)), metrics)}
    with open(os.path.join(HERE, "expected.json"), "w") as out:
        json.dump(expected, out, indent=1)
        out.write("\n")
    with open(os.path.join(HERE, "float-text.json"), "w") as out:
        groups = [json.dumps(k) + ": [\n" + ",\n".join(json.dumps(e) for e in v) + "\n]" for k, v in float_text().items()]
        out.write("{\n" + ",\n".join(groups) + "\n}\n")


if __name__ == "__main__":
    sys.exit(main())
