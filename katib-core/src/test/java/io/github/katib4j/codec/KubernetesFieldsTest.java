package io.github.katib4j.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Experiment;
import org.junit.jupiter.api.Test;

/** Fields of Kubernetes types inside Katib objects (metadata, a custom collector's container) are checked by name. */
class KubernetesFieldsTest {
  private static String experiment(String metadata, String container) {
    return "apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata:\n  name: e\n" + metadata
        + "spec:\n  metricsCollectorSpec:\n    collector:\n      kind: Custom\n      customCollector:\n"
        + "        name: collector\n        image: example.com/collector:1\n" + container;
  }

  @Test
  void read_unknownMetadataFields_areErrorsWithTheClosestName() {
    String text = experiment("  labelz: {a: b}\n  managedFields:\n    - {manager: kubectl, fooo: 1, fieldsV1: {f: {}}}\n",
        "");

    assertThatThrownBy(() -> KatibCodec.create().read(text, "e.yaml", Experiment.class))
        .isInstanceOf(KatibParseException.class)
        .satisfies(e -> assertThat(((KatibParseException) e).problems()).extracting(Problem::toString)
            .containsExactly(
                "e.yaml:5:3: metadata.labelz: unknown field \"labelz\", which Katib would silently drop; did you mean"
                    + " \"labels\"? [schema]",
                "e.yaml:7:26: metadata.managedFields[0].fooo: unknown field \"fooo\", which Katib would silently"
                    + " drop; Kubernetes' ManagedFieldsEntry has no such field [schema]"));
  }

  @Test
  void read_unknownCustomCollectorFields_areErrorsAtAnyDepth() {
    String text = experiment("", "        imagee: x\n        resources:\n          limitz: {cpu: \"1\"}\n");

    assertThatThrownBy(() -> KatibCodec.create().read(text, "e.yaml", Experiment.class))
        .isInstanceOf(KatibParseException.class)
        .satisfies(e -> assertThat(((KatibParseException) e).problems()).extracting(Problem::path, Problem::message)
            .containsExactly(
                tuple("spec.metricsCollectorSpec.collector.customCollector.imagee",
                    "unknown field \"imagee\", which Katib would silently drop; did you mean \"image\"?"),
                tuple(
                    "spec.metricsCollectorSpec.collector.customCollector.resources.limitz",
                    "unknown field \"limitz\", which Katib would silently drop; did you mean \"limits\"?")));
  }

  @Test
  void read_knownFieldsAndLenientReading_passAndKeepEverything() {
    String known = experiment("  selfLink: /x\n  deletionGracePeriodSeconds: 30\n  labels: {anything: goes}\n",
        "        env: [{name: A, value: b}]\n        resources: {limits: {cpu: \"1\"}}\n");
    String unknown = experiment("  labelz: {a: b}\n", "        imagee: x\n");

    assertThat(KatibCodec.create().read(known, "e.yaml", Experiment.class).name()).isEqualTo("e");
    assertThat(KatibCodec.create().toJson(KatibCodec.create().lenient().read(unknown, "e.yaml", Experiment.class),
        false)).contains("\"labelz\":{\"a\":\"b\"}").contains("\"imagee\":\"x\"");
  }
}
