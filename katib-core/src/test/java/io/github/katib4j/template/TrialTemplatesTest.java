package io.github.katib4j.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.katib4j.KatibException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.testing.Corpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rebuilds trial templates with the builders and compares them with the files they were written from: Katib's own
 * examples (when the corpus is present) and the project's fixtures under {@code template/kinds}. The trial specs
 * must be equal JSON trees; the template fields must equal the file's after Katib's defaulting.
 */
class TrialTemplatesTest {
  private static final String PYTORCH_MNIST = "ghcr.io/kubeflow/katib/pytorch-mnist-cpu:v0.19.0";

  // ---- Katib's examples ---------------------------------------------------------------------------------------

  @Test
  void job_rebuildsKatibsRandomExample() {
    Container training = Container.builder()
        .name("training-container")
        .image(PYTORCH_MNIST)
        .command("python3", "/opt/pytorch-mnist/mnist.py", "--epochs=1", "--batch-size=16",
            "--lr=${trialParameters.learningRate}", "--momentum=${trialParameters.momentum}")
        .putLimit("memory", "1Gi").putLimit("cpu", "0.5")
        .build();

    TrialTemplate built = TrialTemplates.job(training)
        .trialParameter("learningRate", "lr", "Learning rate for the training model")
        .trialParameter("momentum", "momentum", "Momentum for the training model")
        .build();

    katibExample("hp-tuning/random.yaml").ifPresent(expected -> assertSameTemplate(built, expected));
  }

  @Test
  void pyTorchJob_rebuildsKatibsExample() {
    Container pytorch = Container.builder()
        .name("pytorch").image(PYTORCH_MNIST)
        .command("python3", "/opt/pytorch-mnist/mnist.py", "--epochs=1", "--batch-size=16",
            "--lr=${trialParameters.learningRate}", "--momentum=${trialParameters.momentum}")
        .build();
    Replica replica = Replica.of(1, pytorch).withRestartPolicy(RestartPolicy.ON_FAILURE);

    TrialTemplate built = TrialTemplates.pyTorchJob()
        .master(replica).worker(replica)
        .trialParameter("learningRate", "lr", "Learning rate for the training model")
        .trialParameter("momentum", "momentum", "Momentum for the training model")
        .build();

    assertThat(built.primaryPodLabels()).isEqualTo(Map.of("training.kubeflow.org/job-role", "master"));
    katibExample("kubeflow-training-operator/pytorchjob-mnist.yaml")
        .ifPresent(expected -> assertSameTemplate(built, expected));
  }

  @Test
  void tfJob_rebuildsKatibsExample() {
    Container tensorflow = Container.builder()
        .name("tensorflow").image("ghcr.io/kubeflow/katib/tf-mnist-with-summaries:v0.19.0")
        .command("python", "/opt/tf-mnist-with-summaries/mnist.py", "--epochs=1",
            "--learning-rate=${trialParameters.learningRate}", "--batch-size=${trialParameters.batchSize}",
            "--log-path=/mnist-with-summaries-logs")
        .build();

    TrialTemplate built = TrialTemplates.tfJob()
        .worker(Replica.of(2, tensorflow).withRestartPolicy(RestartPolicy.ON_FAILURE))
        .primaryPodLabels(Map.of("training.kubeflow.org/replica-type", "worker"))
        .trialParameter("learningRate", "learning_rate", "Learning rate for the training model")
        .trialParameter("batchSize", "batch_size", "Batch Size")
        .build();

    katibExample("kubeflow-training-operator/tfjob-mnist-with-summaries.yaml")
        .ifPresent(expected -> assertSameTemplate(built, expected));
  }

  @Test
  void xgboostJob_rebuildsKatibsExample() {
    Container xgboost = Container.builder()
        .name("xgboost").image("ghcr.io/kubeflow/katib/xgboost-lightgbm:1.0")
        .addPort(ContainerPort.of("xgboostjob-port", 9991))
        .imagePullPolicy("Always")
        .args("--job_type=Train", "--metric=binary_logloss,auc", "--learning_rate=${trialParameters.learningRate}",
            "--num_leaves=${trialParameters.numberLeaves}", "--num_trees=100", "--boosting_type=gbdt",
            "--objective=binary", "--metric_freq=1", "--is_training_metric=true", "--max_bin=255",
            "--data=data/binary.train", "--valid_data=data/binary.test", "--tree_learner=feature",
            "--feature_fraction=0.8", "--bagging_freq=5", "--bagging_fraction=0.8", "--min_data_in_leaf=50",
            "--min_sum_hessian_in_leaf=50", "--is_enable_sparse=true", "--use_two_round_loading=false",
            "--is_save_binary_file=false")
        .build();

    TrialTemplate built = TrialTemplates.xgboostJob()
        .master(Replica.of(1, xgboost).withRestartPolicy(RestartPolicy.NEVER))
        .worker(Replica.of(2, xgboost).withRestartPolicy(RestartPolicy.EXIT_CODE))
        .trialParameter("learningRate", "lr", "Learning rate for the training model")
        .trialParameter("numberLeaves", "num-leaves", "Number of leaves for one tree")
        .build();

    katibExample("kubeflow-training-operator/xgboostjob-lightgbm.yaml")
        .ifPresent(expected -> assertSameTemplate(built, expected));
  }

  @Test
  void mpiJob_rebuildsKatibsExample() {
    Container launcher = Container.builder()
        .name("mpi-launcher").image("docker.io/kubeflow/mpi-horovod-mnist")
        .command("mpirun")
        .args("-np", "2", "--allow-run-as-root", "-bind-to", "none", "-map-by", "slot", "-x", "LD_LIBRARY_PATH",
            "-x", "PATH", "-mca", "pml", "ob1", "-mca", "btl", "^openib", "python", "/examples/tensorflow_mnist.py",
            "--lr", "${trialParameters.learningRate}", "--num-steps", "${trialParameters.numberSteps}")
        .putLimit("cpu", "500m").putLimit("memory", "2Gi")
        .build();
    Container worker = Container.builder()
        .name("mpi-worker").image("docker.io/kubeflow/mpi-horovod-mnist")
        .putLimit("cpu", "500m").putLimit("memory", "4Gi")
        .build();

    TrialTemplate built = TrialTemplates.mpiJob()
        .specField("slotsPerWorker", 1).specField("cleanPodPolicy", "Running")
        .launcher(Replica.of(1, launcher)).worker(Replica.of(2, worker))
        .primaryPodLabels(Map.of("mpi-job-role", "launcher"))
        .trialParameter("learningRate", "lr", "Learning rate for the training model")
        .trialParameter("numberSteps", "num-steps", "Number of training steps")
        .build();

    assertThat(built.primaryContainerName()).isEqualTo("mpi-launcher");
    katibExample("kubeflow-training-operator/mpijob-horovod.yaml")
        .ifPresent(expected -> assertSameTemplate(built, expected));
  }

  @Test
  void trainJob_rebuildsKatibsExample() {
    Container trainer = Container.builder()
        .image("docker.io/kubeflowkatib/pytorch-mnist:v1beta1-45c5727")
        .command("python3", "/opt/pytorch-mnist/mnist.py", "--epochs=1", "--lr=${trialParameters.learningRate}",
            "--momentum=${trialParameters.momentum}")
        .build();

    TrialTemplate built = TrialTemplates.trainJob("torch-distributed", trainer)
        .numNodes(2)
        .trialParameter("learningRate", "lr", "Learning rate for the training model")
        .trialParameter("momentum", "momentum", "Momentum for the training model")
        .build();

    assertThat(built.primaryContainerName()).isEqualTo("node");
    assertThat(built.primaryPodLabels()).containsEntry("jobset.sigs.k8s.io/replicatedjob-name", "node");
    katibExample("kubeflow-trainer/trainjob-pytorch.yaml").ifPresent(expected -> assertSameTemplate(built, expected));
  }

  // ---- the project's fixtures ---------------------------------------------------------------------------------

  @Test
  void job_rebuildsTheJobFixture() {
    Container trainer = Container.builder()
        .name("trainer").image("registry.example.com/vision/train:3.1").imagePullPolicy("IfNotPresent")
        .command("python3", "-u", "train.py")
        .args("--lr=${trialParameters.learningRate}", "--batch-size=${trialParameters.batchSize}")
        .workingDir("/workspace")
        .env("TRIAL", "${trialParameters.trialName}")
        .env("TEAM", "${trialParameters.team}")
        .addEnv(EnvVar.fromField("NODE", "spec.nodeName"))
        .addEnv(EnvVar.builder().name("TOKEN")
            .valueFrom(Unstructured.parse("{\"secretKeyRef\":{\"name\":\"hub\",\"key\":\"token\"}}")).build())
        .addPort(ContainerPort.of("tensorboard", 6006))
        .putRequest("cpu", "500m").putRequest("memory", "2Gi").putLimit("memory", "4Gi")
        .addVolumeMount(VolumeMount.of("data", "/data").withReadOnly(true))
        .extraFields(Unstructured.parse("{\"securityContext\":{\"runAsNonRoot\":true}}"))
        .build();
    PodTemplate pod = PodTemplate.builder()
        .addContainer(trainer)
        .putLabel("app", "trainer")
        .putAnnotation("sidecar.istio.io/inject", "false")
        .addVolume(Unstructured.parse("{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"datasets\"}}"))
        .extraSpecFields(Unstructured.parse("{\"nodeSelector\":{\"pool\":\"gpu\"}}"))
        .build();

    TrialTemplate built = TrialTemplates.job(pod)
        .restartPolicy(RestartPolicy.ON_FAILURE)
        .backoffLimit(1).activeDeadlineSeconds(3600)
        .label("team", "vision")
        .trialParameter("learningRate", "lr", "Learning rate")
        .trialParameter("batchSize", "batch")
        .trialParameter("trialName", "${trialSpec.Name}")
        .trialParameter("team", "${trialSpec.Labels[team]}")
        .build();

    assertSameTemplate(built, fixture("job.yaml"));
    assertThat(Container.fromUnstructured(trainer.toUnstructured())).isEqualTo(trainer);
  }

  @Test
  void tfJob_rebuildsTheTfJobFixture() {
    Container chief = Container.builder().name("tensorflow").image("registry.example.com/tf/dist:2.15")
        .args("--steps=${trialParameters.steps}", "--role=chief").build();
    Container worker = Container.builder().from(chief).args("--steps=${trialParameters.steps}").build();
    Container ps = Container.builder().from(chief).args(List.of()).build();

    TrialTemplate built = TrialTemplates.tfJob()
        .specField("runPolicy", Map.of("cleanPodPolicy", "None"))
        .chief(Replica.of(1, chief).withRestartPolicy(RestartPolicy.ON_FAILURE))
        .worker(Replica.of(2, worker).withRestartPolicy(RestartPolicy.ON_FAILURE))
        .ps(Replica.of(1, ps).withRestartPolicy(RestartPolicy.NEVER))
        .trialParameter("steps", "steps")
        .build();

    assertSameTemplate(built, fixture("tfjob.yaml"));
  }

  @Test
  void pyTorchJob_rebuildsThePyTorchJobFixture() {
    Container pytorch = Container.builder().name("pytorch").image("registry.example.com/torch/ddp:2.3")
        .command("torchrun", "train.py", "--dropout=${trialParameters.dropout}")
        .putLimit("nvidia.com/gpu", "1").build();

    TrialTemplate built = TrialTemplates.pyTorchJob()
        .specField("runPolicy", Map.of("activeDeadlineSeconds", 1800))
        .master(Replica.of(1, pytorch).withRestartPolicy(RestartPolicy.ON_FAILURE))
        .worker(Replica.of(3, pytorch).withRestartPolicy(RestartPolicy.ON_FAILURE))
        .trialParameter("dropout", "dropout")
        .build();

    assertSameTemplate(built, fixture("pytorchjob.yaml"));
  }

  @Test
  void xgboostJob_rebuildsTheXgboostJobFixture() {
    Container xgboost = Container.builder().name("xgboost").image("registry.example.com/xgb/train:1.7")
        .args("--max_depth=${trialParameters.depth}").build();

    TrialTemplate built = TrialTemplates.xgboostJob()
        .master(Replica.of(1, xgboost).withRestartPolicy(RestartPolicy.NEVER))
        .worker(Replica.of(2, xgboost).withRestartPolicy(RestartPolicy.EXIT_CODE))
        .trialParameter("depth", "depth")
        .build();

    assertSameTemplate(built, fixture("xgboostjob.yaml"));
  }

  @Test
  void mpiJob_rebuildsTheMpiJobFixture() {
    Container launcher = Container.builder().name("launcher").image("registry.example.com/mpi/horovod:0.28")
        .command("mpirun", "-np", "4", "python", "train.py", "--lr", "${trialParameters.learningRate}").build();

    TrialTemplate built = TrialTemplates.mpiJob()
        .specField("slotsPerWorker", 2)
        .launcher(Replica.of(1, launcher))
        .worker(Replica.of(2, Container.of("worker", "registry.example.com/mpi/horovod:0.28")))
        .primaryPodLabels(Map.of("training.kubeflow.org/replica-type", "launcher"))
        .trialParameter("learningRate", "lr")
        .build();

    assertSameTemplate(built, fixture("mpijob.yaml"));
  }

  @Test
  void trainJob_rebuildsTheTrainJobFixture() {
    Container trainer = Container.builder().image("registry.example.com/torch/fsdp:2.3")
        .command("torchrun", "fsdp.py").args("--lr=${trialParameters.learningRate}")
        .env("NCCL_DEBUG", "INFO").putLimit("nvidia.com/gpu", "8").build();

    TrialTemplate built = TrialTemplates.trainJob("torch-distributed", trainer).numNodes(4)
        .trialParameter("learningRate", "lr")
        .build();

    assertSameTemplate(built, fixture("trainjob.yaml"));
  }

  @Test
  void custom_rebuildsTheArgoFixtureWithExplicitConditions() {
    Unstructured workflow = Unstructured.parse("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n"
        + "  entrypoint: train\n  templates:\n    - name: train\n      metadata:\n        labels:\n"
        + "          katib.kubeflow.org/model-training: \"true\"\n      container:\n"
        + "        image: registry.example.com/train:1.0\n"
        + "        command: [python3, train.py, \"--lr=${trialParameters.learningRate}\"]\n");

    TrialTemplate built = TrialTemplates.custom(workflow, "status.[@this].#(phase==\"Succeeded\")#",
            "status.[@this].#(phase==\"Failed\")#")
        .primaryPodLabels(Map.of("katib.kubeflow.org/model-training", "true"))
        .retain(true)
        .trialParameter("learningRate", "lr")
        .build();

    assertThat(built.primaryContainerName()).as("Argo's main container, the only one").isEqualTo("main");
    assertSameTemplate(built, fixture("argo-workflow.yaml"));
  }

  // ---- checks -------------------------------------------------------------------------------------------------

  @Test
  void build_withPlaceholderMistakes_listsThemAll() {
    Container c = Container.builder().name("c").image("i").command("run", "--a=${trialParameters.a}",
        "--typo=${trialParameters.lerningRate}").build();

    assertThatThrownBy(() -> TrialTemplates.job(c).trialParameter("a", "a").trialParameter("learningRate", "lr")
            .trialParameter("a", "b").build())
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("trialTemplate.trialParameters[1].name: ${trialParameters.learningRate} does not"
            + " appear in the Job")
        .hasMessageContaining("trialTemplate.trialParameters[2].name: trial parameter \"a\" is declared twice")
        .hasMessageContaining("the Job uses ${trialParameters.lerningRate}, which no trial parameter declares");
  }

  @Test
  void custom_ofUnknownKindWithoutConditions_isRefused() {
    Unstructured run = Unstructured.parse("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Run\",\"spec\":{}}");

    assertThatThrownBy(() -> TrialTemplates.custom(run).primaryContainerName("main").build())
        .isInstanceOf(KatibValidationException.class)
        .hasMessageContaining("Katib has no default success and failure conditions for kind Run");
  }

  @Test
  void custom_ofAKnownKind_getsKatibsDefaults() {
    Unstructured job = TrialTemplates.job(Container.builder().name("c").image("i").command("x").build())
        .trialSpec();

    TrialTemplate built = TrialTemplates.custom(job).build();

    assertThat(built.successCondition()).isEqualTo(TrialKind.JOB.successCondition());
    assertThat(built.primaryContainerName()).isEqualTo("c");
  }

  @Test
  void builders_rejectWhatKubernetesOrTheOperatorWould() {
    Container c = Container.of("c", "i");

    assertThatThrownBy(() -> TrialTemplates.job(c).restartPolicy(RestartPolicy.ALWAYS))
        .isInstanceOf(KatibException.class).hasMessageContaining("restartPolicy Never or OnFailure");
    assertThatThrownBy(() -> TrialTemplates.pyTorchJob().replica("Launcher", Replica.of(1, c)))
        .isInstanceOf(KatibException.class).hasMessageContaining("PyTorchJob has no replica type \"Launcher\"");
    assertThatThrownBy(() -> TrialTemplates.trainJob("rt", Container.builder().from(c).workingDir("/w").build()))
        .isInstanceOf(KatibException.class).hasMessageContaining("container sets [workingDir]");
    assertThatThrownBy(() -> TrialTemplates.custom(Unstructured.parse(
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}")))
        .isInstanceOf(KatibException.class).hasMessageContaining("must not set metadata.name");
    assertThatThrownBy(() -> Replica.of(-1, c)).isInstanceOf(KatibException.class);
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private static Optional<TrialTemplate> katibExample(String path) {
    return Corpus.katibRoot().map(root -> KatibCodec.create()
        .readExperiment(root.resolve("examples/v1beta1").resolve(path))
        .spec().trialTemplate().orElseThrow());
  }

  private static TrialTemplate fixture(String name) {
    Experiment experiment = KatibCodec.create().readExperiment(Path.of("src/test/resources/template/kinds", name));
    return experiment.spec().trialTemplate().orElseThrow();
  }

  /** Equal trial specs; equal template fields once Katib's webhook has defaulted the expected template. */
  static void assertSameTemplate(TrialTemplate built, TrialTemplate expected) {
    assertThat(built.trialSpec().orElseThrow().toJsonObject())
        .isEqualTo(expected.trialSpec().orElseThrow().toJsonObject());
    TrialTemplate defaulted = katibDefaults(expected);
    assertThat(built.trialParameters()).isEqualTo(defaulted.trialParameters());
    assertThat(built.primaryContainerName()).isEqualTo(defaulted.primaryContainerName());
    assertThat(built.successCondition()).isEqualTo(defaulted.successCondition());
    assertThat(built.failureCondition()).isEqualTo(defaulted.failureCondition());
    assertThat(built.primaryPodLabels()).isEqualTo(defaulted.primaryPodLabels());
    assertThat(built.retain()).isEqualTo(defaulted.retain());
  }

  /** Katib's {@code setDefaultTrialTemplate}, written out here so the test does not trust TrialKind blindly. */
  private static TrialTemplate katibDefaults(TrialTemplate template) {
    String kind = template.trialSpec().orElseThrow().kind();
    String complete = "status.conditions.#(type==\"Complete\")#|#(status==\"True\")#";
    String succeeded = "status.conditions.#(type==\"Succeeded\")#|#(status==\"True\")#";
    String failed = "status.conditions.#(type==\"Failed\")#|#(status==\"True\")#";
    TrialTemplate result = template;
    boolean kubeflow = List.of("TFJob", "PyTorchJob", "XGBoostJob", "MPIJob", "TrainJob").contains(kind);
    if (kind.equals("Job") || kubeflow) {
      if (result.successCondition().isEmpty()) {
        result = result.withSuccessCondition(kind.equals("Job") || kind.equals("TrainJob") ? complete : succeeded);
      }
      if (result.failureCondition().isEmpty()) {
        result = result.withFailureCondition(failed);
      }
    }
    if (kubeflow && result.primaryPodLabels().isEmpty()) {
      result = result.withPrimaryPodLabels(kind.equals("TrainJob")
          ? Map.of("jobset.sigs.k8s.io/replicatedjob-name", "node", "batch.kubernetes.io/job-completion-index", "0")
          : Map.of("training.kubeflow.org/job-role", "master"));
    }
    return result;
  }
}
