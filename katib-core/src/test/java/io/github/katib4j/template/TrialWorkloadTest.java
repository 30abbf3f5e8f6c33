package io.github.katib4j.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialWorkloadTest {
  private static TrialWorkload workload(String fixture) {
    TrialTemplate template = KatibCodec.create()
        .readExperiment(Path.of("src/test/resources/template/kinds", fixture)).spec().trialTemplate().orElseThrow();
    return TrialWorkload.of(template.trialSpec().orElseThrow(), template.primaryContainerName(),
        template.primaryPodLabels());
  }

  @Test
  void job_readsEveryContainerFieldAndTheDeadline() {
    TrialWorkload job = workload("job.yaml");

    Container trainer = job.primaryContainer().orElseThrow();
    assertThat(job.kind()).isEqualTo("Job");
    assertThat(job.primaryContainerPath()).contains("spec.template.spec.containers[0]");
    assertThat(trainer.image()).isEqualTo("registry.example.com/vision/train:3.1");
    assertThat(trainer.commandLine()).containsExactly("python3", "-u", "train.py",
        "--lr=${trialParameters.learningRate}", "--batch-size=${trialParameters.batchSize}");
    assertThat(trainer.workingDir()).contains("/workspace");
    assertThat(trainer.envVar("TRIAL").flatMap(EnvVar::value)).contains("${trialParameters.trialName}");
    assertThat(trainer.envVar("NODE").flatMap(EnvVar::fieldPath)).contains("spec.nodeName");
    assertThat(trainer.envVar("TOKEN").flatMap(EnvVar::valueFrom).map(Unstructured::toJson))
        .contains("{\"secretKeyRef\":{\"name\":\"hub\",\"key\":\"token\"}}");
    assertThat(trainer.requests()).containsExactly(Map.entry("cpu", "500m"), Map.entry("memory", "2Gi"));
    assertThat(trainer.limits()).containsExactly(Map.entry("memory", "4Gi"));
    assertThat(trainer.volumeMounts()).containsExactly(VolumeMount.of("data", "/data").withReadOnly(true));
    assertThat(trainer.extraFields().toJson()).isEqualTo("{\"securityContext\":{\"runAsNonRoot\":true}}");
    assertThat(job.activeDeadlineSeconds()).hasValue(3600);
    assertThat(job.primaryPodTemplateLabels()).containsEntry("app", "trainer");
  }

  @Test
  void tfJob_prefersTheChiefAmongSameNamedContainers() {
    TrialWorkload tf = workload("tfjob.yaml");

    assertThat(tf.containers()).hasSize(3);
    assertThat(tf.primaryContainerPath()).contains("spec.tfReplicaSpecs.Chief.template.spec.containers[0]");
    assertThat(tf.primaryContainer().orElseThrow().args()).contains("--role=chief");
  }

  @Test
  void pyTorchJob_readsTheMasterAndTheRunPolicyDeadline() {
    TrialWorkload pytorch = workload("pytorchjob.yaml");

    assertThat(pytorch.primaryContainerPath()).contains("spec.pytorchReplicaSpecs.Master.template.spec.containers[0]");
    assertThat(pytorch.primaryContainer().orElseThrow().limits()).containsEntry("nvidia.com/gpu", "1");
    assertThat(pytorch.activeDeadlineSeconds()).hasValue(1800);
  }

  @Test
  void xgboostAndMpiJobs_findTheirPrimaryContainers() {
    assertThat(workload("xgboostjob.yaml").primaryContainerPath())
        .contains("spec.xgbReplicaSpecs.Master.template.spec.containers[0]");
    TrialWorkload mpi = workload("mpijob.yaml");
    assertThat(mpi.primaryContainerPath()).contains("spec.mpiReplicaSpecs.Launcher.template.spec.containers[0]");
    assertThat(mpi.primaryContainer().orElseThrow().command()).startsWith("mpirun", "-np", "4");
  }

  @Test
  void trainJob_readsTheTrainerAsContainerNode() {
    Container node = workload("trainjob.yaml").primaryContainer().orElseThrow();

    assertThat(node.name()).isEqualTo("node");
    assertThat(node.image()).isEqualTo("registry.example.com/torch/fsdp:2.3");
    assertThat(node.commandLine()).containsExactly("torchrun", "fsdp.py", "--lr=${trialParameters.learningRate}");
    assertThat(node.env()).containsExactly(EnvVar.of("NCCL_DEBUG", "INFO"));
    assertThat(node.limits()).containsEntry("nvidia.com/gpu", "8");
  }

  @Test
  void argoWorkflow_readsTheTemplateContainerAsMain() {
    TrialWorkload argo = workload("argo-workflow.yaml");

    assertThat(argo.primaryContainerPath()).contains("spec.templates[0].container");
    assertThat(argo.primaryContainer().orElseThrow().command()).containsExactly("python3", "train.py",
        "--lr=${trialParameters.learningRate}");
  }

  @Test
  void corpus_whenPresent_readsArgoAndTektonExamplesByTheirPrimaryPodLabels() {
    Corpus.katibRoot().ifPresent(root -> {
      Experiment argo = KatibCodec.create().readExperiment(root.resolve("examples/v1beta1/argo/argo-workflow.yaml"));
      TrialTemplate argoTemplate = argo.spec().trialTemplate().orElseThrow();
      TrialWorkload argoWorkload = TrialWorkload.of(argoTemplate.trialSpec().orElseThrow(), "main",
          argoTemplate.primaryPodLabels());
      assertThat(argoWorkload.containers()).hasSize(2);
      assertThat(argoWorkload.primaryContainerPath()).contains("spec.templates[2].container");

      Experiment tekton = KatibCodec.create().readExperiment(root.resolve("examples/v1beta1/tekton/pipeline-run.yaml"));
      TrialTemplate tektonTemplate = tekton.spec().trialTemplate().orElseThrow();
      TrialWorkload tektonWorkload = TrialWorkload.of(tektonTemplate.trialSpec().orElseThrow(),
          tektonTemplate.primaryContainerName(), tektonTemplate.primaryPodLabels());
      assertThat(tektonWorkload.primaryContainerPath())
          .contains("spec.pipelineSpec.tasks[1].taskSpec.steps[0]");
      assertThat(tektonWorkload.primaryContainer().orElseThrow().image())
          .isEqualTo("ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0");
    });
  }

  @Test
  void primaryPodLabels_chooseAmongSameNamedContainers() {
    Unstructured job = Unstructured.parse("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Pair\",\"spec\":{"
        + "\"a\":{\"template\":{\"metadata\":{\"labels\":{\"role\":\"a\"}},\"spec\":{\"containers\":[{\"name\":"
        + "\"main\",\"image\":\"a\"}]}}},\"b\":{\"template\":{\"metadata\":{\"labels\":{\"role\":\"b\"}},\"spec\":{"
        + "\"activeDeadlineSeconds\":60,\"containers\":[{\"name\":\"main\",\"image\":\"b\"}]}}}}}");

    TrialWorkload workload = TrialWorkload.of(job, "main", Map.of("role", "b"));

    assertThat(workload.primaryContainer().orElseThrow().image()).isEqualTo("b");
    assertThat(workload.activeDeadlineSeconds()).hasValue(60);
    assertThat(TrialWorkload.of(job, "main").primaryContainer().orElseThrow().image()).isEqualTo("a");
    assertThat(TrialWorkload.of(job, "missing").primaryContainer()).isEmpty();
  }

  @Test
  void fromUnstructured_keepsFieldsOfUnexpectedShapeVerbatim() {
    Unstructured odd = Unstructured.parse("{\"name\":\"c\",\"command\":\"python\",\"args\":[\"--n\",3],"
        + "\"env\":[{\"name\":\"N\",\"value\":3}],\"resources\":{\"limits\":{\"cpu\":1}},\"stdin\":true}");

    Container container = Container.fromUnstructured(odd);

    assertThat(container.command()).isEmpty();
    assertThat(container.args()).containsExactly("--n", "3");
    assertThat(container.envVar("N").flatMap(EnvVar::value)).contains("3");
    assertThat(container.limits()).containsEntry("cpu", "1");
    assertThat(container.extraFields().toJson()).isEqualTo("{\"command\":\"python\",\"stdin\":true}");
  }
}
