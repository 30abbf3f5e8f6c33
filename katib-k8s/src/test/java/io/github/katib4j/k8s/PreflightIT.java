package io.github.katib4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.experiment.Algorithm;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.k8s.testing.ControlPlane;
import io.github.katib4j.k8s.testing.ControlPlaneExtension;
import io.github.katib4j.k8s.testing.Fault;
import io.github.katib4j.k8s.testing.FaultProxy;
import io.github.katib4j.testing.KatibContract.Outcome;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1HostPathVolumeSource;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pre-submit checks against a real API server: what the cluster itself says about an experiment. */
@ExtendWith(ControlPlaneExtension.class)
class PreflightIT {
  private static final String TEMPLATE = String.join("\n",
      "apiVersion: batch/v1",
      "kind: Job",
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: training-container",
      "          image: ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0",
      "          command: [python3, mnist.py, '--lr=${trialParameters.learningRate}',",
      "                    '--momentum=${trialParameters.momentum}']",
      "      restartPolicy: Never",
      "");

  private ControlPlane plane;
  private ApiClient admin;
  private String namespace;
  private KatibClient client;

  @BeforeEach
  void setUp(ControlPlane plane, ApiClient admin) {
    this.plane = plane;
    this.admin = admin;
    this.namespace = plane.createNamespace("preflight");
    this.client = KatibClient.builder().apiClient(plane.apiClient()).namespace(namespace).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void create_asANamespacedUser_warnsOfWhatItMayNotRead_andCreates() {
    try (KatibClient user = KatibClient.builder().kubeconfig(plane.namespacedUserKubeconfig(namespace))
        .namespace(namespace).build()) {
      PreflightReport report = user.preflight(experiment("tenant"));
      Experiment created = user.create(experiment("tenant"));

      assertThat(report.errors()).isEmpty();
      assertThat(report.katibConfigSource()).isEqualTo("Katib v0.19.0's default configuration");
      assertThat(report.warnings()).anySatisfy(w -> assertThat(w.message()).contains("katib-config")
          .contains("HTTP 403"));
      assertThat(report.warnings()).anySatisfy(w -> {
        assertThat(w.rule()).isEqualTo("K-access");
        assertThat(w.path()).isEqualTo("metadata.namespace");
      });
      assertThat(created.metadata().uid()).isNotEmpty();
    }
  }

  private Experiment experiment(String name) {
    return ContractExperiments.random(name, namespace, Outcome.SUCCEED);
  }

  private static List<String> rules(List<Problem> problems) {
    return problems.stream().map(Problem::rule).collect(Collectors.toList());
  }

  private String createNamespace(String prefix, Map<String, String> labels) throws Exception {
    String name = prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
    new CoreV1Api(admin).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name).labels(labels)))
        .execute();
    return name;
  }

  private void createConfigMap(String inNamespace, String name, Map<String, String> data) throws Exception {
    new CoreV1Api(admin).createNamespacedConfigMap(inNamespace, new V1ConfigMap()
        .metadata(new V1ObjectMeta().name(name)).data(data)).execute();
  }

  @Test
  void preflight_validExperimentWithoutAKatibConfigMap_passesAndWarnsThatDefaultsWereUsed() {
    PreflightReport report = client.preflight(experiment("valid"));

    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.katibConfigSource()).isEqualTo("Katib v0.19.0's default configuration");
    assertThat(report.warnings()).singleElement().satisfies(w -> {
      assertThat(w.rule()).isEqualTo("K-katib-config");
      assertThat(w.message()).contains("ConfigMap kubeflow/katib-config does not exist")
          .contains("katibNamespace(...)");
    });
  }

  @Test
  void preflight_clusterKatibConfigWithoutTheAlgorithm_refusesItAndUsesTheClustersList() throws Exception {
    String katibNamespace = createNamespace("katib-system", Map.of());
    createConfigMap(katibNamespace, "katib-config", Map.of("katib-config.yaml", String.join("\n",
        "apiVersion: config.kubeflow.org/v1beta1",
        "kind: KatibConfig",
        "runtime:",
        "  metricsCollectors:",
        "    - kind: StdOut",
        "      image: ghcr.io/kubeflow/katib/file-metrics-collector:v0.19.0",
        "  suggestions:",
        "    - algorithmName: random",
        "      image: ghcr.io/kubeflow/katib/suggestion-hyperopt:v0.19.0",
        "")));
    try (KatibClient withConfig = KatibClient.builder().apiClient(plane.apiClient()).namespace(namespace)
        .katibNamespace(katibNamespace).build()) {
      Experiment random = experiment("random");
      Experiment tpe = random.withSpec(random.spec().withAlgorithm(Algorithm.tpe()));

      PreflightReport ok = withConfig.preflight(random);
      PreflightReport refused = withConfig.preflight(tpe);

      assertThat(ok.passed()).as(ok.toString()).isTrue();
      assertThat(ok.warnings()).isEmpty();
      assertThat(ok.katibConfigSource()).isEqualTo("ConfigMap " + katibNamespace + "/katib-config");
      assertThat(rules(refused.errors())).containsExactly("A3");
      assertThat(refused.errors().get(0).path()).isEqualTo("spec.algorithm.algorithmName");
      assertThatThrownBy(() -> withConfig.create(tpe)).isInstanceOf(KatibValidationException.class)
          .hasMessageContaining("[A3]");
    }
  }

  @Test
  void create_namespaceWithoutTheInjectionLabel_isRefusedWithTheFix() throws Exception {
    String unlabelled = createNamespace("unlabelled", Map.of());
    Experiment experiment = ContractExperiments.random("n1", unlabelled, Outcome.SUCCEED);

    assertThatThrownBy(() -> client.create(experiment))
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("[N1]")
        .hasMessageContaining("kubectl label namespace " + unlabelled
            + " katib.kubeflow.org/metrics-collector-injection=enabled");
    assertThat(client.list(unlabelled)).isEmpty();
  }

  @Test
  void preflight_namespaceThatDoesNotExist_saysSo() {
    PreflightReport report = client.preflight(ContractExperiments.random("nowhere", "no-such-namespace",
        Outcome.SUCCEED));

    assertThat(rules(report.errors())).containsExactly("K-namespace");
    assertThat(report.errors().get(0).message()).contains("namespace \"no-such-namespace\" does not exist");
  }

  @Test
  void preflight_configMapTemplate_isReadFromTheClusterAndChecked() throws Exception {
    Experiment base = experiment("configmap");
    TrialTemplate inline = base.spec().trialTemplate().orElseThrow();
    Experiment fromConfigMap = base.withSpec(base.spec().withTrialTemplate(TrialTemplate.builder().from(inline)
        .trialSpec(java.util.Optional.empty())
        .configMap(ConfigMapSource.of("trial-templates", namespace, "job.yaml"))
        .successCondition("status.conditions.#(type==\"Complete\")#|#(status==\"True\")#")
        .failureCondition("status.conditions.#(type==\"Failed\")#|#(status==\"True\")#")
        .build()));

    PreflightReport missing = client.preflight(fromConfigMap);
    createConfigMap(namespace, "trial-templates", Map.of("job.yaml", TEMPLATE,
        "broken.yaml", TEMPLATE.replace("${trialParameters.momentum}", "0.9")));
    PreflightReport present = client.preflight(fromConfigMap);
    PreflightReport broken = client.preflight(fromConfigMap.withSpec(fromConfigMap.spec().withTrialTemplate(
        fromConfigMap.spec().trialTemplate().orElseThrow().withConfigMap(ConfigMapSource.of("trial-templates",
            namespace, "broken.yaml")))));

    assertThat(rules(missing.errors())).contains("T7");
    assertThat(present.passed()).as(present.toString()).isTrue();
    assertThat(rules(broken.errors())).contains("T12");
    assertThat(broken.errors().toString()).contains("momentum");
  }

  @Test
  void preflight_moreTrialsThanEtcdCanHold_isRefusedUnlessTheLimitIsRaised() {
    Experiment base = experiment("a-long-experiment-name-of-forty-chars-x");
    Experiment huge = base.withSpec(base.spec().withMaxTrialCount(20_000));
    Experiment large = base.withSpec(base.spec().withMaxTrialCount(7_000));

    PreflightReport refused = client.preflight(huge);
    PreflightReport warned = client.preflight(large);

    assertThat(rules(refused.errors())).containsExactly("K-size");
    assertThat(refused.errors().get(0).message()).contains("maxTrialCount 20000").contains("kubeflow/katib#1847")
        .contains("objectSizeLimit");
    assertThat(warned.passed()).isTrue();
    assertThat(rules(warned.warnings())).contains("K-size");
    try (KatibClient bigEtcd = KatibClient.builder().apiClient(plane.apiClient()).namespace(namespace)
        .objectSizeLimit(64L * 1024 * 1024).build()) {
      assertThat(bigEtcd.preflight(huge).passed()).isTrue();
    }
  }

  @Test
  void create_experimentOf750Kilobytes_isStored_sinceEveryObjectKatibMakesOfItFits() {
    // The Suggestion holds no trial template; each Trial holds it once, as the Experiment does.
    Experiment big = ContractExperiments.withLargeTemplate(experiment("big"), 750_000);
    Experiment huge = ContractExperiments.withLargeTemplate(experiment("huge"), 3_500_000);

    PreflightReport report = client.preflight(big);
    Experiment created = client.create(big);
    PreflightReport refused = client.preflight(huge);

    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(rules(report.warnings())).doesNotContain("K-size");
    assertThat(created.metadata().uid()).isNotEmpty();
    assertThat(rules(refused.errors())).containsExactly("K-size");
    assertThat(refused.errors().get(0).message()).startsWith("the Experiment itself is about").contains("the API"
        + " server refuses to create it");
  }

  @Test
  void preflight_fromVolumeExperimentWhoseVolumeIsLeftOver_isRefusedWithRuleN2() throws Exception {
    Experiment base = experiment("resumable");
    Experiment fromVolume = base.withSpec(base.spec().withResumePolicy(ResumePolicy.FROM_VOLUME));
    String volume = "resumable-random-" + namespace;
    new CoreV1Api(admin).createPersistentVolume(new V1PersistentVolume()
        .metadata(new V1ObjectMeta().name(volume))
        .spec(new V1PersistentVolumeSpec().capacity(Map.of("storage", new Quantity("1Gi")))
            .accessModes(List.of("ReadWriteOnce")).hostPath(new V1HostPathVolumeSource().path("/tmp/katib"))))
        .execute();
    try {
      PreflightReport report = client.preflight(fromVolume);

      assertThat(rules(report.errors())).containsExactly("N2");
      assertThat(report.errors().get(0).message()).contains("kubectl delete pv " + volume);
    } finally {
      new CoreV1Api(admin).deletePersistentVolume(volume).execute();
    }
  }

  @Test
  void create_onAClusterWithoutKatib_isRefusedBeforeAnythingIsSent() {
    try (FaultProxy proxy = FaultProxy.start(plane)) {
      proxy.inject(Fault.when(r -> r.path().equals("/apis/kubeflow.org/v1beta1")).always().respond(404));
      try (KatibClient noKatib = KatibClient.builder().apiClient(proxy.apiClient()).namespace(namespace).build()) {
        assertThatThrownBy(() -> noKatib.create(experiment("nokatib")))
            .isInstanceOf(KatibValidationException.class)
            .hasMessageContaining("[K-crd]")
            .hasMessageContaining("Katib is not installed");
      }
      assertThat(proxy.countRequests(r -> r.method().equals("POST"))).isZero();
    }
  }
}
