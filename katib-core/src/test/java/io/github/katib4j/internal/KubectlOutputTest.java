package io.github.katib4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.experiment.Unstructured;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Objects from the API server printed as kubectl get -o prints them. */
class KubectlOutputTest {
  private static final String STORED = "{\"apiVersion\":\"kubeflow.org/v1beta1\",\"kind\":\"Experiment\","
      + "\"metadata\":{\"managedFields\":[{\"manager\":\"katib\"}],\"name\":\"random\",\"namespace\":\"kubeflow\"},"
      + "\"spec\":{\"futureField\":{\"a10\":1,\"a9\":2,\"big\":12345678901234567000},\"objective\":{\"goal\":1e-7,"
      + "\"metricStrategies\":[{\"name\":\"loss\",\"value\":\"median\"}]}},\"status\":{\"currentOptimalTrial\":"
      + "{\"bestTrialName\":\"\",\"observation\":{\"metrics\":[{\"name\":\"loss\",\"value\":\"0.123\"}]}}}}";

  @Test
  void json_isTheObjectAsSent_withoutManagedFields() {
    String json = KubectlOutput.json(Unstructured.parse(STORED));

    assertThat(json).isEqualTo("{\n"
        + "    \"apiVersion\": \"kubeflow.org/v1beta1\",\n"
        + "    \"kind\": \"Experiment\",\n"
        + "    \"metadata\": {\n"
        + "        \"name\": \"random\",\n"
        + "        \"namespace\": \"kubeflow\"\n"
        + "    },\n"
        + "    \"spec\": {\n"
        + "        \"futureField\": {\n"
        + "            \"a10\": 1,\n"
        + "            \"a9\": 2,\n"
        + "            \"big\": 12345678901234567000\n"
        + "        },\n"
        + "        \"objective\": {\n"
        + "            \"goal\": 1e-7,\n"
        + "            \"metricStrategies\": [\n"
        + "                {\n"
        + "                    \"name\": \"loss\",\n"
        + "                    \"value\": \"median\"\n"
        + "                }\n"
        + "            ]\n"
        + "        }\n"
        + "    },\n"
        + "    \"status\": {\n"
        + "        \"currentOptimalTrial\": {\n"
        + "            \"bestTrialName\": \"\",\n"
        + "            \"observation\": {\n"
        + "                \"metrics\": [\n"
        + "                    {\n"
        + "                        \"name\": \"loss\",\n"
        + "                        \"value\": \"0.123\"\n"
        + "                    }\n"
        + "                ]\n"
        + "            }\n"
        + "        }\n"
        + "    }\n"
        + "}\n");
  }

  @Test
  void yaml_isWhatKubectlsGoYamlMakesOfIt_keysInItsOrder_floatsInGosForm() {
    String yaml = KubectlOutput.yaml(Unstructured.parse(STORED));

    assertThat(yaml).isEqualTo("apiVersion: kubeflow.org/v1beta1\n"
        + "kind: Experiment\n"
        + "metadata:\n"
        + "  name: random\n"
        + "  namespace: kubeflow\n"
        + "spec:\n"
        + "  futureField:\n"
        + "    a9: 2\n"
        + "    a10: 1\n"
        + "    big: 12345678901234567000\n"
        + "  objective:\n"
        + "    goal: 1e-07\n"
        + "    metricStrategies:\n"
        + "    - name: loss\n"
        + "      value: median\n"
        + "status:\n"
        + "  currentOptimalTrial:\n"
        + "    bestTrialName: \"\"\n"
        + "    observation:\n"
        + "      metrics:\n"
        + "      - name: loss\n"
        + "        value: \"0.123\"\n");
  }

  @Test
  void lists_areOneKubectlList_eachItemWithoutManagedFields() {
    Unstructured trial = Unstructured.parse("{\"kind\":\"Trial\",\"metadata\":{\"name\":\"t\",\"managedFields\":[]}}");

    assertThat(KubectlOutput.yamlList(List.of(trial, trial))).isEqualTo("apiVersion: v1\n"
        + "items:\n"
        + "- kind: Trial\n"
        + "  metadata:\n"
        + "    name: t\n"
        + "- kind: Trial\n"
        + "  metadata:\n"
        + "    name: t\n"
        + "kind: List\n"
        + "metadata:\n"
        + "  resourceVersion: \"\"\n");
    assertThat(KubectlOutput.jsonList(List.of(trial))).startsWith("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n")
        .doesNotContain("managedFields").endsWith("}\n");
  }
}
