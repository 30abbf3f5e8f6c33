package io.github.katib4j.k8s;

import com.google.gson.JsonObject;
import io.github.katib4j.Budget;
import io.github.katib4j.ExperimentListener;
import io.github.katib4j.ExperimentNotFoundException;
import io.github.katib4j.ExperimentRef;
import io.github.katib4j.Katib;
import io.github.katib4j.KatibException;
import io.github.katib4j.KatibTimeoutException;
import io.github.katib4j.KatibValidationException;
import io.github.katib4j.Problem;
import io.github.katib4j.Subscription;
import io.github.katib4j.codec.KatibCodec;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentConditionType;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.ObjectMeta;
import io.github.katib4j.experiment.ResumePolicy;
import io.github.katib4j.experiment.Suggestion;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.Unstructured;
import io.github.katib4j.internal.kubernetes.KubernetesNames;
import io.github.katib4j.internal.ListenerSubscription;
import io.github.katib4j.k8s.internal.Backoff;
import io.github.katib4j.k8s.internal.ClientContext;
import io.github.katib4j.k8s.internal.ClusterChecks;
import io.github.katib4j.k8s.internal.Decoding;
import io.github.katib4j.internal.Durations;
import io.github.katib4j.k8s.internal.ExperimentSubscription;
import io.github.katib4j.k8s.internal.ExperimentWait;
import io.github.katib4j.k8s.internal.Json;
import io.github.katib4j.k8s.internal.KubeconfigFiles;
import io.github.katib4j.k8s.internal.KubeApi;
import io.github.katib4j.k8s.internal.Names;
import io.github.katib4j.k8s.internal.OkHttpAccess;
import io.github.katib4j.k8s.internal.Pager;
import io.github.katib4j.k8s.internal.Paths;
import io.github.katib4j.k8s.internal.Timing;
import io.github.katib4j.validation.ExperimentValidator;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.OkHttpClient;

/**
 * Katib on a Kubernetes cluster, through the official client-java: the {@link Katib} calls, plus what only a cluster
 * has (paged lists, trial streams, delete propagation, pre-submit checks against the cluster).
 *
 * <pre>{@code
 * try (KatibClient katib = KatibClient.builder().namespace("team-a").build()) {   // ~/.kube/config
 *   Experiment created = katib.create(experiment);
 *   OptimalTrial best = katib.awaitOptimalTrial(ExperimentRef.of(created), Duration.ofHours(2));
 * }
 * }</pre>
 *
 * <p>Resilience: every request has a deadline ({@link Builder#requestTimeout}); 429 is retried after the server's
 * {@code Retry-After}, and reads, deletes and preconditioned patches are retried on 5xx and lost connections with
 * exponential backoff and full jitter ({@link RetryPolicy}). A create whose answer is lost is retried and recognised
 * by a token the client puts in the annotation {@value #SUBMISSION_ANNOTATION}, so it never makes two experiments.
 * Waits and listeners run on watches that request bookmarks, reconnect with backoff from the last version seen,
 * list again on 410 Gone, and waits also read the experiment directly every {@link Builder#safetyReadInterval}.
 * {@link #editBudget} is a read-validate-patch loop with a resourceVersion precondition, retried on 409 Conflict.
 *
 * <p>Names and namespaces are checked before any request: a name must be a DNS-1123 subdomain and a namespace a
 * DNS-1123 label, as Kubernetes requires, or the call throws {@link KatibValidationException} (rules {@code K-name},
 * {@code K-namespace}) naming the argument; a name such as {@code e1/status} would otherwise reach another path than
 * the experiment's.
 */
public final class KatibClient implements Katib {
  /**
   * The annotation that identifies the create call that made an experiment; a create retried after a lost answer
   * finds its own experiment by it instead of failing, or making a second one.
   */
  public static final String SUBMISSION_ANNOTATION = "katib4j.github.io/submission";

  private static final System.Logger LOG = System.getLogger("io.github.katib4j.k8s");
  /** client-go's DefaultRetry for conflicts: 5 attempts, 10 ms apart with 10% jitter. */
  private static final int CONFLICT_ATTEMPTS = 5;
  private static final Duration CONFLICT_WAIT = Duration.ofMillis(10);
  private static final int NAME_ATTEMPTS = 5;
  private static final Set<String> BUDGET_RULES = Set.of("U1", "U2", "U3", "V2", "V3", "V4", "V5", "V6");
  private static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "creationTimestamp",
      "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "managedFields", "selfLink");

  private final KubeApi api;
  private final Backoff backoff;
  private final String namespace;
  private final ClientContext context;
  private final ClusterChecks checks;
  private final Executor listenerExecutor;
  private final ExecutorService ownListenerExecutor;
  private final Duration restartTimeout;
  private final ApiClient ownApiClient;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  /** The client whose watch thread this is, so that close() called on it does not wait for itself. */
  private static final ThreadLocal<KatibClient> OWN_THREAD = new ThreadLocal<>();
  /** How long close() waits for the watch threads to release their connections before closing them. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private KatibClient(Builder builder, ApiClient client, String namespace, boolean ownClient) {
    this(builder, client, namespace, ownClient, KubeApi.Origin.UNKNOWN);
  }

  private KatibClient(Builder builder, ApiClient client, String namespace, boolean ownClient, KubeApi.Origin origin) {
    this.api = new KubeApi(client, builder.requestTimeout, builder.watchIdleTimeout, builder.retryPolicy,
        Timing.SYSTEM, origin);
    this.backoff = new Backoff(builder.retryPolicy, Timing.SYSTEM);
    this.namespace = namespace;
    AtomicInteger threadCount = new AtomicInteger();
    ExecutorService threads = Executors.newCachedThreadPool(r -> daemon(() -> {
      OWN_THREAD.set(this);
      r.run();
    }, "katib4j-watch-" + threadCount.incrementAndGet()));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "katib4j-timer"));
    this.context = new ClientContext(api, threads, timer, builder.pageSize, builder.safetyReadInterval,
        builder.stallWarning);
    this.checks = new ClusterChecks(api, builder.katibNamespace, builder.objectSizeLimit, builder.settingNames);
    this.ownListenerExecutor = builder.listenerExecutor == null
        ? Executors.newSingleThreadExecutor(r -> daemon(r, "katib4j-listener")) : null;
    this.listenerExecutor = builder.listenerExecutor == null ? ownListenerExecutor : builder.listenerExecutor;
    this.restartTimeout = builder.restartTimeout;
    this.ownApiClient = ownClient ? client : null;
  }

  /**
   * A builder; without settings it reads {@code $KUBECONFIG} (every file it lists, merged as kubectl merges them) or
   * {@code ~/.kube/config}, or runs in-cluster.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A client with the defaults of {@link #builder()}. */
  public static KatibClient create() {
    return builder().build();
  }

  @Override
  public String namespace() {
    return namespace;
  }

  /**
   * Checks {@code experiment} against the cluster and submits it; returns it as the API server stored it. The name
   * comes from {@code metadata.generateName} when there is no {@code metadata.name}: katib4j picks the 5-character
   * suffix itself (as the API server would) so that a create retried after a lost answer creates exactly one
   * experiment. Warnings from the checks go to the {@code io.github.katib4j.k8s} logger.
   *
   * @throws KatibValidationException with every problem {@link #preflight} finds
   * @throws ExperimentAlreadyExistsException when the name is taken
   * @throws KatibApiException when the API server refuses it (Katib's webhook, say) or cannot be reached
   */
  @Override
  public Experiment create(Experiment experiment) {
    context.ensureOpen("create");
    Experiment named = named(experiment.withoutStatus());
    ObjectMeta metadata = named.metadata();
    boolean generated = experiment.metadata().name().isEmpty();
    String name = named.name();
    PreflightReport report = checks.check(named);
    String subject = "Experiment \"" + named.namespace() + "/" + (generated ? metadata.generateName() + "*" : name)
        + "\"";
    // The katib-config fallback is logged once per read of the ConfigMap, not with every experiment.
    report.warnings().stream().filter(w -> !w.rule().equals("K-katib-config"))
        .forEach(w -> LOG.log(System.Logger.Level.WARNING, "{0}: {1}", subject, w));
    report.throwIfFailed(subject);
    String token = UUID.randomUUID().toString();
    JsonObject body = submission(named, token);
    for (int attempt = 1; ; attempt++) {
      ExperimentRef ref = ExperimentRef.of(named.namespace(), name);
      Attempt result = createOnce(ref, body, token);
      if (result.created() != null) {
        return Decoding.experiment(result.created());
      }
      if (!generated || attempt >= NAME_ATTEMPTS) {
        throw alreadyExists(ref, result.existing());
      }
      name = Names.generate(metadata.generateName(), api.timing()::random);
      body.getAsJsonObject("metadata").addProperty("name", name);
    }
  }

  /** What a create attempt found: the experiment it created, or the other one that holds the name. */
  private record Attempt(JsonObject created, JsonObject existing) {}

  /** The 409 for {@code ref}, saying when the experiment holding the name is being deleted. */
  private static ExperimentAlreadyExistsException alreadyExists(ExperimentRef ref, JsonObject existing) {
    JsonObject metadata = Json.object(existing, "metadata");
    String since = Json.string(metadata, "deletionTimestamp");
    if (since.isEmpty()) {
      return new ExperimentAlreadyExistsException(ref);
    }
    List<String> finalizers = new ArrayList<>();
    if (metadata.has("finalizers") && metadata.get("finalizers").isJsonArray()) {
      metadata.getAsJsonArray("finalizers").forEach(f -> finalizers.add(f.isJsonPrimitive() ? f.getAsString()
          : f.toString()));
    }
    java.time.Instant when;
    try {
      when = java.time.Instant.parse(since);
    } catch (java.time.format.DateTimeParseException e) {
      when = java.time.Instant.EPOCH;
    }
    return new ExperimentAlreadyExistsException(ref, when, finalizers);
  }

  /** POSTs until the experiment exists, or finds the name held by an experiment another create made. */
  private Attempt createOnce(ExperimentRef ref, JsonObject body, String token) {
    for (int attempt = 1; ; attempt++) {
      try {
        return new Attempt(api.post(Paths.experiments(ref.namespace()), body), null);
      } catch (KatibApiException e) {
        if (e.statusCode() == 409 && "AlreadyExists".equals(e.reason())) {
          Optional<JsonObject> existing = api.find(Paths.experiment(ref));
          if (existing.isEmpty()) {
            if (attempt >= api.policy().maxAttempts()) {
              throw e;
            }
            // Deleted since the 409: the name is free again.
            continue;
          }
          String owner = Json.string(Json.object(Json.object(existing.get(), "metadata"), "annotations"),
              SUBMISSION_ANNOTATION);
          // Our own earlier attempt created it, and only its answer was lost.
          return token.equals(owner) ? new Attempt(existing.get(), null) : new Attempt(null, existing.get());
        }
        // No answer, or a 5xx: the experiment may exist now. Retrying is safe: the name is fixed, so a retry either
        // creates it or meets the 409 above and recognises the token.
        if (!e.retryable() || attempt >= api.policy().maxAttempts()) {
          throw e;
        }
        pause(e.retryAfter().orElse(backoff.delay(attempt - 1)), "create experiment " + ref);
      }
    }
  }

  private static JsonObject submission(Experiment experiment, String token) {
    JsonObject body = KatibCodec.create().toJsonObject(experiment);
    body.remove("status");
    JsonObject metadata = body.getAsJsonObject("metadata");
    // An experiment read from a cluster (or `kubectl get -o yaml`) carries fields the API server refuses on create.
    SERVER_METADATA.forEach(metadata::remove);
    JsonObject annotations = metadata.has("annotations") ? metadata.getAsJsonObject("annotations") : new JsonObject();
    annotations.addProperty(SUBMISSION_ANNOTATION, token);
    metadata.add("annotations", annotations);
    return body;
  }

  /**
   * Checks {@code experiment} against the cluster without submitting it: Katib's CRDs, the cluster's katib-config
   * (read from ConfigMap {@code katib-config} in {@link Builder#katibNamespace}; when it cannot be read, Katib
   * v0.19.0's defaults are used and a warning says so), the namespace label Katib requires, a ConfigMap trial
   * template's existence and content, every katib-core rule, and the projected size of Katib's objects against
   * etcd's limit.
   */
  public PreflightReport preflight(Experiment experiment) {
    context.ensureOpen("preflight");
    return checks.check(named(experiment));
  }

  /**
   * {@code experiment} in its namespace (the client's when it has none) with its final name (generated from
   * {@code metadata.generateName} when it has none), both checked to be names a request can carry, before any
   * request is made.
   */
  private Experiment named(Experiment experiment) {
    Experiment target = experiment.namespace().isEmpty()
        ? experiment.withMetadata(ObjectMeta.builder().from(experiment.metadata()).namespace(namespace).build())
        : experiment;
    ObjectMeta metadata = target.metadata();
    boolean generated = metadata.name().isEmpty();
    if (generated && metadata.generateName().isEmpty()) {
      throw new KatibValidationException("Experiment in namespace \"" + target.namespace() + "\"", List.of(
          Problem.of("metadata.name", "V1", "is required: set metadata.name, or metadata.generateName for a name "
              + "with a random suffix")));
    }
    String name = generated ? Names.generate(metadata.generateName(), api.timing()::random) : metadata.name();
    KubernetesNames.require("Experiment \"" + target.namespace() + "/"
        + (generated ? metadata.generateName() + "*" : name) + "\"",
        KubernetesNames.namespaceProblem("metadata.namespace", target.namespace()),
        KubernetesNames.nameProblem(generated ? "metadata.generateName" : "metadata.name", name));
    return target.withMetadata(ObjectMeta.builder().from(metadata).name(name).build());
  }

  /**
   * {@code ref}, in the client's namespace when it names none (as kubectl uses the context's), once checked that the
   * client is open and that its names can go into a request path.
   */
  private ExperimentRef checked(String call, ExperimentRef ref) {
    context.ensureOpen(call);
    Objects.requireNonNull(ref, "ref");
    ExperimentRef resolved = ref.namespace().isEmpty() ? ExperimentRef.of(namespace, ref.name()) : ref;
    KubernetesNames.require("Experiment reference \"" + ref + "\"",
        KubernetesNames.namespaceProblem("namespace", resolved.namespace()),
        KubernetesNames.nameProblem("name", resolved.name()));
    return resolved;
  }

  /** {@code given}, or the client's namespace when it is empty, once checked as {@link #checked} does. */
  private String checkedNamespace(String call, String given) {
    context.ensureOpen(call);
    String resolved = Objects.requireNonNull(given, "namespace").isEmpty() ? namespace : given;
    KubernetesNames.require("Namespace \"" + resolved + "\"", KubernetesNames.namespaceProblem("namespace", resolved));
    return resolved;
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.github.katib4j.KatibParseException when the stored experiment cannot be read: a value this version does
   *     not know (a newer Katib's metrics collector kind, say) or a field of the wrong type, which Katib's
   *     schema-less CRDs let the API server store; the message names each field path and value.
   *     {@link #findUnstructured} reads it as stored
   */
  @Override
  public Optional<Experiment> find(ExperimentRef ref) {
    ref = checked("find", ref);
    return api.find(Paths.experiment(ref)).map(Decoding::experiment);
  }

  /**
   * The experiment as the API server returned it: every field (those this version does not model too) and every
   * number's text kept, {@code metadata.managedFields} included. It reads what {@link #find} cannot decode, and is
   * what to print for a faithful copy ({@code kubectl get -o json} shows the same, less the managedFields).
   */
  public Optional<Unstructured> findUnstructured(ExperimentRef ref) {
    ref = checked("findUnstructured", ref);
    return api.find(Paths.experiment(ref)).map(Unstructured::of);
  }

  /**
   * The experiments of {@code namespace}, read in pages. One that cannot be read (see {@link #find}) is left out,
   * with a warning on the {@code io.github.katib4j.k8s} logger naming it and why, as watches do.
   */
  @Override
  public List<Experiment> list(String namespace) {
    return list(namespace, "");
  }

  /**
   * The experiments of {@code namespace} that match {@code labelSelector} (Kubernetes' syntax, such as
   * {@code team=vision,stage!=test}; empty for all), read in pages; one that cannot be read is left out with a
   * warning, as in {@link #list(String)}.
   */
  public List<Experiment> list(String namespace, String labelSelector) {
    String in = checkedNamespace("list", namespace);
    return Pager.listAll(api, Paths.experiments(in), selector("labelSelector", labelSelector),
        context.pageSize()).items().stream().flatMap(e -> readableExperiment(e, in).stream())
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * One page of at most {@code limit} experiments; pass the page's {@link Page#continueToken()} to get the next.
   * A token is valid for a few minutes (it expires with etcd's history), after which the API server answers
   * 410 Gone and the listing must start again. An experiment that cannot be read is left out with a warning, as in
   * {@link #list(String)}, so a page may hold fewer than {@code limit} while more follow.
   */
  public Page<Experiment> listPage(String namespace, String labelSelector, int limit, String continueToken) {
    String in = checkedNamespace("listPage", namespace);
    JsonObject page = Pager.page(api, Paths.experiments(in), selector("labelSelector", labelSelector), limit,
        continueToken);
    List<Experiment> items = new ArrayList<>();
    page.getAsJsonArray("items").forEach(i -> readableExperiment(i.getAsJsonObject(), in).ifPresent(items::add));
    return Page.of(items, Json.string(Json.object(page, "metadata"), "continue"));
  }

  private static Optional<Experiment> readableExperiment(JsonObject json, String namespace) {
    return Decoding.readable(json, Experiment.class, "the experiments of namespace " + namespace);
  }

  /**
   * The experiment's trials (label {@code katib.kubeflow.org/experiment}) in creation order, read in pages. A trial
   * that cannot be read (see {@link #find}) is left out, with a warning on the {@code io.github.katib4j.k8s} logger
   * naming it and why, as watches do.
   */
  @Override
  public List<Trial> trials(ExperimentRef ref) {
    ref = checked("trials", ref);
    return context.trials(ref);
  }

  /**
   * The experiment's trials as the API server returned them, in creation order, as {@link #findUnstructured} returns
   * an experiment: every field and number kept, and those that {@link #trials} cannot decode included.
   */
  public List<Unstructured> trialsUnstructured(ExperimentRef ref) {
    ref = checked("trialsUnstructured", ref);
    return context.storedTrials(ref).stream().map(Unstructured::of).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The experiment's trials as a lazy stream in the API server's order (by name), fetching a page of
   * {@link Builder#pageSize} only when the previous one is used up: memory stays at one page however many trials
   * there are. A trial that cannot be read is left out with a warning, as in {@link #trials}.
   */
  public Stream<Trial> streamTrials(ExperimentRef ref) {
    ExperimentRef checked = checked("streamTrials", ref);
    Iterator<JsonObject> pages = Pager.stream(api, Paths.trials(checked.namespace()), Paths.trialsOf(checked),
        context.pageSize());
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL),
        false).flatMap(t -> Decoding.readable(t, Trial.class, ClientContext.trialsOf(checked)).stream());
  }

  /** The trial called {@code name} in {@code namespace} (the client's when empty). */
  public Optional<Trial> findTrial(String namespace, String name) {
    context.ensureOpen("findTrial");
    String in = Objects.requireNonNull(namespace, "namespace").isEmpty() ? this.namespace : namespace;
    KubernetesNames.require("Trial reference \"" + in + "/" + name + "\"",
        KubernetesNames.namespaceProblem("namespace", in), KubernetesNames.nameProblem("name", name));
    return api.find(Paths.trial(in, name)).map(Decoding::trial);
  }

  @Override
  public Optional<Suggestion> suggestion(ExperimentRef ref) {
    ref = checked("suggestion", ref);
    return api.find(Paths.suggestion(ref)).map(Decoding::suggestion);
  }

  /**
   * Changes the trial budget: reads the experiment, checks the change with Katib's update rules (only the three
   * counts may change, a completed experiment only when restartable, {@code maxTrialCount} above the trials already
   * created), and patches it with the read {@code resourceVersion} as a precondition, starting over on 409 Conflict.
   * Raising {@code maxTrialCount} of an experiment that succeeded by reaching it with resume policy LongRunning or
   * FromVolume restarts it; this call then returns once Katib's controller has restarted it (status no longer
   * completed), so that a following {@link #awaitCompletion} waits for the new trials. Whether to wait is decided by
   * the experiment's state, so a call that finds the budget already as asked (an earlier call's, or its own patch
   * whose answer was lost) still waits for a restart that is due.
   *
   * @throws KatibTimeoutException when Katib's controller does not restart the experiment within
   *     {@link Builder#restartTimeout} (the budget is changed nevertheless)
   * @throws KatibException when the API server answers the patch without having applied it
   */
  @Override
  public Experiment editBudget(ExperimentRef given, Budget budget) {
    ExperimentRef ref = checked("editBudget", given);
    Objects.requireNonNull(budget, "budget");
    ExperimentValidator validator = ExperimentValidator.create(checks.katibConfigOrDefaults());
    for (int attempt = 1; ; attempt++) {
      JsonObject stored = api.find(Paths.experiment(ref)).orElseThrow(() -> new ExperimentNotFoundException(ref,
          false));
      Experiment current = Decoding.experiment(stored);
      ExperimentSpec spec = withBudget(current.spec(), budget);
      if (spec.equals(current.spec())) {
        // Already as asked, by an earlier call or by this call's own patch whose answer was lost (its retry met 409):
        // whether Katib still has to restart it depends on its state, not on who changed the spec.
        return restartPending(current) ? awaitRestart(ref, current) : current;
      }
      Experiment updated = current.withSpec(spec);
      List<Problem> problems = validator.validateUpdate(updated, current).problems().stream()
          .filter(p -> BUDGET_RULES.contains(p.rule())).collect(Collectors.toList());
      if (!problems.isEmpty()) {
        throw new KatibValidationException("The budget change (" + budget + ") of experiment \"" + ref + "\"",
            problems);
      }
      Experiment patched;
      try {
        patched = Decoding.experiment(api.patch(Paths.experiment(ref), "application/merge-patch+json",
            budgetPatch(Json.resourceVersion(stored), budget)));
      } catch (KatibApiException e) {
        if (e.statusCode() == 404) {
          throw new ExperimentNotFoundException(ref, false);
        }
        if (e.statusCode() != 409) {
          throw e;
        }
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw new KatibApiException("The budget of experiment " + ref + " is not changed: it changed between "
              + "reading and patching it " + attempt + " times in a row (HTTP 409 Conflict each time), so another "
              + "client or a controller keeps writing it; try again in a moment, and if it persists, find the writer "
              + "in its managedFields (kubectl get experiment " + ref.name() + " -n " + ref.namespace()
              + " -o yaml --show-managed-fields)", 409, e.reason(), null, e);
        }
        pause(Duration.ofNanos((long) (CONFLICT_WAIT.toNanos() * (1 + 0.1 * api.timing().random()))),
            "edit the budget of experiment " + ref);
        continue;
      }
      requireApplied(ref, patched, budget);
      return restartPending(patched) ? awaitRestart(ref, patched) : patched;
    }
  }

  /** The API server answers a patch it did not apply (one sent to a subresource, say) with the object unchanged. */
  private static void requireApplied(ExperimentRef ref, Experiment patched, Budget budget) {
    ExperimentSpec spec = patched.spec();
    List<String> missing = new ArrayList<>();
    differs("maxTrialCount", budget.maxTrialCount(), spec.maxTrialCount(), missing);
    differs("parallelTrialCount", budget.parallelTrialCount(), spec.parallelTrialCount(), missing);
    differs("maxFailedTrialCount", budget.maxFailedTrialCount(), spec.maxFailedTrialCount(), missing);
    if (!missing.isEmpty()) {
      throw new KatibException("The API server accepted the budget change (" + budget + ") of experiment " + ref
          + " but did not apply it: its answer has " + String.join(", ", missing) + "; check with katib status "
          + ref.name() + " --namespace " + ref.namespace() + " whether a webhook or another client resets the spec");
    }
  }

  private static void differs(String field, OptionalInt wanted, OptionalInt found, List<String> out) {
    if (wanted.isPresent() && !wanted.equals(found)) {
      out.add(field + " " + (found.isPresent() ? Integer.toString(found.getAsInt()) : "unset") + " instead of "
          + wanted.getAsInt());
    }
  }

  private static ExperimentSpec withBudget(ExperimentSpec spec, Budget budget) {
    ExperimentSpec.Builder builder = ExperimentSpec.builder().from(spec);
    budget.maxTrialCount().ifPresent(builder::maxTrialCount);
    budget.parallelTrialCount().ifPresent(builder::parallelTrialCount);
    budget.maxFailedTrialCount().ifPresent(builder::maxFailedTrialCount);
    return builder.build();
  }

  private static JsonObject budgetPatch(String resourceVersion, Budget budget) {
    JsonObject spec = new JsonObject();
    budget.maxTrialCount().ifPresent(n -> spec.addProperty("maxTrialCount", n));
    budget.parallelTrialCount().ifPresent(n -> spec.addProperty("parallelTrialCount", n));
    budget.maxFailedTrialCount().ifPresent(n -> spec.addProperty("maxFailedTrialCount", n));
    JsonObject metadata = new JsonObject();
    // A merge patch that names the resourceVersion it was computed from fails with 409 if anything changed since.
    metadata.addProperty("resourceVersion", resourceVersion);
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    patch.add("spec", spec);
    return patch;
  }

  /**
   * Whether Katib's controller is going to restart {@code experiment}: it is restartable and its
   * {@code maxTrialCount} is above the trials it has, which is what makes the controller restart it (reference
   * section 3.3). True from the patch that raised the budget until the controller's restart shows in the status.
   */
  private static boolean restartPending(Experiment experiment) {
    return restartable(experiment) && experiment.spec().maxTrialCount().isPresent()
        && experiment.spec().maxTrialCount().getAsInt() > experiment.status().map(ExperimentStatus::trials).orElse(0);
  }

  private static boolean restartable(Experiment experiment) {
    ExperimentStatus status = experiment.status().orElse(null);
    ResumePolicy policy = experiment.spec().resumePolicy().orElse(ResumePolicy.NEVER);
    return status != null && status.condition(ExperimentConditionType.SUCCEEDED)
        .filter(c -> c.isTrue(ExperimentConditionType.SUCCEEDED) && c.reason().equals("ExperimentMaxTrialsReached"))
        .isPresent() && (policy == ResumePolicy.LONG_RUNNING || policy == ResumePolicy.FROM_VOLUME);
  }

  private Experiment awaitRestart(ExperimentRef ref, Experiment patched) {
    ExperimentWait.Goal restarted = new ExperimentWait.Goal() {
      @Override
      public boolean reached(Experiment experiment) {
        // Restarted (no longer completed), or restarted and already done with the new trials.
        return !restartPending(experiment);
      }

      @Override
      public String description() {
        return "to be restarted by Katib's controller";
      }
    };
    try {
      return ExperimentWait.await(context, ref, restartTimeout, restarted);
    } catch (KatibTimeoutException e) {
      throw new KatibTimeoutException("The budget of experiment " + ref + " is changed (maxTrialCount "
          + patched.spec().maxTrialCount().orElse(0) + "), but Katib's controller has not restarted it within "
          + Durations.text(restartTimeout) + "; check that katib-controller is running. " + e.getMessage(),
          e.lastSeen().orElse(patched), restartTimeout);
    }
  }

  /**
   * Calls {@code listener} with the experiment's current state and each trial's, then with every change, on the
   * listener executor ({@link Builder#listenerExecutor}), one call at a time, until the subscription or the client
   * is closed. Survives dropped connections and API server restarts; a trial that changed state while the watch was
   * down is reported once it is back. It follows the experiment that exists now (its uid): when that one is deleted,
   * or replaced by a new experiment of the same name, the listener's {@link ExperimentListener#onDeleted} is called,
   * last, and the subscription ends.
   *
   * @throws ExperimentNotFoundException when it does not exist
   */
  @Override
  public Subscription watch(ExperimentRef given, ExperimentListener listener) {
    ExperimentRef ref = checked("watch", given);
    Objects.requireNonNull(listener, "listener");
    JsonObject found = api.find(Paths.experiment(ref)).orElseThrow(() -> new ExperimentNotFoundException(ref, false));
    AtomicReference<ExperimentSubscription> started = new AtomicReference<>();
    ExperimentSubscription subscription;
    try {
      // Ended by the experiment's deletion: the client need not close it any more.
      subscription = ExperimentSubscription.start(context, ref, Json.uid(found), listener, listenerExecutor,
          () -> Optional.ofNullable(started.get()).ifPresent(subscriptions::remove));
    } catch (RejectedExecutionException e) {
      throw ClientContext.closedException("watch");
    }
    started.set(subscription);
    subscriptions.add(subscription);
    if (subscription.isEnded()) {
      subscriptions.remove(subscription);
    }
    if (context.isClosed()) {
      // close() ran while this was starting, and may have missed it.
      subscriptions.remove(subscription);
      subscription.close();
      throw ClientContext.closedException("watch");
    }
    return new ListenerSubscription(listener, ref, () -> {
      subscriptions.remove(subscription);
      subscription.close();
    });
  }

  /**
   * Waits, driven by a watch, until the experiment has Succeeded, and returns it; a direct read every
   * {@link Builder#safetyReadInterval} covers a watch that is silently stuck, and the
   * {@code io.github.katib4j.k8s} logger warns when the status has not changed for {@link Builder#stallWarning}.
   *
   * <p>A zero {@code timeout} looks once (one read) and decides on what it sees; a timeout too long to count in
   * nanoseconds (about 292 years, {@code ChronoUnit.FOREVER.getDuration()}) waits without limit.
   *
   * @throws KatibException when {@code timeout} is negative
   */
  @Override
  public Experiment awaitCompletion(ExperimentRef ref, Duration timeout) {
    ref = checked("awaitCompletion", ref);
    return ExperimentWait.await(context, ref, timeout, ExperimentWait.COMPLETION);
  }

  /**
   * Deletes the experiment; its trials and suggestion go in the background, after it. As
   * {@link #delete(ExperimentRef, DeletePropagation)}, it returns once the API server has accepted the deletion,
   * which may leave the experiment in place for a while, marked for deletion.
   */
  @Override
  public void delete(ExperimentRef ref) {
    delete(ref, DeletePropagation.BACKGROUND);
  }

  /**
   * Deletes the experiment, with its trials and suggestion as {@code propagation} says. Returns once the API server
   * has accepted the deletion: the experiment may stay a while, with {@code metadata.deletionTimestamp} set, until
   * its finalizers are removed (Katib's controller adds {@code update-prometheus-metrics} to every experiment, and
   * {@link DeletePropagation#FOREGROUND} keeps it until its trials and suggestion are gone); meanwhile its name is
   * taken. {@link #awaitDeletion} waits until it is gone, as {@code kubectl delete} does.
   *
   * @throws ExperimentNotFoundException when it does not exist
   */
  public void delete(ExperimentRef ref, DeletePropagation propagation) {
    ref = checked("delete", ref);
    JsonObject options = new JsonObject();
    options.addProperty("kind", "DeleteOptions");
    options.addProperty("apiVersion", "v1");
    options.addProperty("propagationPolicy", propagation.wireName());
    if (!api.delete(Paths.experiment(ref), options)) {
      throw new ExperimentNotFoundException(ref, false);
    }
  }

  /**
   * Waits, driven by a watch, until the experiment is gone: deleted, and no finalizer keeps it any more (or replaced
   * by another experiment of the same name). Returns at once when it does not exist.
   *
   * @throws KatibTimeoutException when {@code timeout} passes first, saying since when it is being deleted and which
   *     finalizers keep it, or that it is not being deleted at all
   * @throws KatibException when {@code timeout} is negative
   */
  public void awaitDeletion(ExperimentRef ref, Duration timeout) {
    ref = checked("awaitDeletion", ref);
    ExperimentWait.await(context, ref, timeout, ExperimentWait.DELETION);
  }

  /**
   * Stops every subscription and the client's threads, and ends the waits under way ({@link #awaitCompletion},
   * {@link #awaitOptimalTrial}, {@link #awaitDeletion}, {@link #editBudget}'s wait for a restart), which throw a
   * {@link KatibException} saying the client was closed, as every call made afterwards does. A client made from a
   * kubeconfig or the pod's account also cancels its requests under way and closes its connections (waiting up to
   * 2 s for its watch threads to let go of them); an {@code ApiClient} the caller passed stays open. Idempotent.
   */
  @Override
  public void close() {
    // First, so that calls made from now on fail, and waits under way end with the same message.
    context.close();
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
    context.timer().shutdownNow();
    context.threads().shutdownNow();
    if (ownListenerExecutor != null) {
      ownListenerExecutor.shutdownNow();
    }
    if (ownApiClient != null) {
      // OkHttp's shutdown, in the order that frees everything: cancel the calls under way, let the threads that used
      // them release their connections (an HTTP/2 connection in use by a stream is not evicted, and stays open with
      // its reader thread until its keep-alive ends), then stop the dispatcher and close the pooled connections.
      OkHttpClient http = ownApiClient.getHttpClient();
      http.dispatcher().cancelAll();
      if (OWN_THREAD.get() != this) {
        try {
          context.threads().awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      if (http.cache() != null) {
        try {
          http.cache().close();
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, "closing the HTTP cache failed: {0}", e.toString());
        }
      }
    }
  }

  private static Map<String, String> selector(String name, String value) {
    return value == null || value.isEmpty() ? Map.of() : Map.of(name, value);
  }

  private void pause(Duration wait, String what) {
    try {
      api.timing().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KatibException("interrupted while waiting to retry: " + what, e);
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Configures a {@link KatibClient}; every setting has a default. A duration too long to count in nanoseconds (about
   * 292 years, such as {@code ChronoUnit.FOREVER.getDuration()}) means no limit, as does a {@link #watchIdleTimeout}
   * longer than OkHttp counts (about 24 days); one shorter than a millisecond counts as a millisecond.
   */
  public static final class Builder {
    private ApiClient apiClient;
    private Path kubeconfig;
    private String kubeconfigContext;
    private boolean inCluster;
    private String namespace;
    private String katibNamespace = "kubeflow";
    private Duration requestTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration watchIdleTimeout = Duration.ofMinutes(3);
    private Duration safetyReadInterval = Duration.ofMinutes(5);
    private Duration stallWarning = Duration.ofMinutes(15);
    private Duration restartTimeout = Duration.ofMinutes(2);
    private Executor listenerExecutor;
    private int pageSize = 500;
    private long objectSizeLimit = 3L * 512 * 1024;
    private UnaryOperator<String> settingNames = setting -> "KatibClient.builder()." + setting + "(...)";

    private Builder() {}

    /** Uses this client-java client (its server, credentials, TLS and connection pool), which the caller keeps. */
    public Builder apiClient(ApiClient apiClient) {
      this.apiClient = Objects.requireNonNull(apiClient, "apiClient");
      return this;
    }

    /**
     * Reads this kubeconfig file; its current context's namespace becomes the default namespace. Relative paths in
     * it (certificate-authority, client-certificate, client-key, tokenFile) are relative to its folder, as for kubectl.
     */
    public Builder kubeconfig(Path kubeconfig) {
      this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
      return this;
    }

    /** Uses this context of the kubeconfig instead of its current one. */
    public Builder context(String context) {
      this.kubeconfigContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Uses the pod's service account, as a program running in the cluster does; {@link #build()} throws
     * {@link KatibException} saying so when this is not a pod.
     */
    public Builder inCluster() {
      this.inCluster = true;
      return this;
    }

    /** The namespace for names without one (default: the kubeconfig context's, the pod's, or "default"). */
    public Builder namespace(String namespace) {
      KubernetesNames.require("The client's namespace", KubernetesNames.namespaceProblem("namespace",
          Objects.requireNonNull(namespace, "namespace")));
      this.namespace = namespace;
      return this;
    }

    /** Where Katib runs, whose ConfigMap {@code katib-config} lists the installed algorithms (default "kubeflow"). */
    public Builder katibNamespace(String katibNamespace) {
      KubernetesNames.require("The client's Katib namespace", KubernetesNames.namespaceProblem("katibNamespace",
          Objects.requireNonNull(katibNamespace, "katibNamespace")));
      this.katibNamespace = katibNamespace;
      return this;
    }

    /** The deadline of each request other than a watch, from sending it to reading all of the answer (30 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * How long a watch may stay silent before it counts as dead and is reconnected (3 min); the API server sends a
     * bookmark about once a minute.
     */
    public Builder watchIdleTimeout(Duration watchIdleTimeout) {
      this.watchIdleTimeout = positive(watchIdleTimeout, "watchIdleTimeout");
      return this;
    }

    /** How often a wait reads the experiment directly, in case its watch is stuck without knowing it (5 min). */
    public Builder safetyReadInterval(Duration safetyReadInterval) {
      this.safetyReadInterval = positive(safetyReadInterval, "safetyReadInterval");
      return this;
    }

    /** After how long without a status change a wait warns that the experiment looks stalled (15 min). */
    public Builder stallWarning(Duration stallWarning) {
      this.stallWarning = positive(stallWarning, "stallWarning");
      return this;
    }

    /** How long {@link KatibClient#editBudget} waits for Katib's controller to restart an experiment (2 min). */
    public Builder restartTimeout(Duration restartTimeout) {
      this.restartTimeout = positive(restartTimeout, "restartTimeout");
      return this;
    }

    /** Runs listener calls (default: one thread of the client's own); they still come one at a time. */
    public Builder listenerExecutor(Executor listenerExecutor) {
      this.listenerExecutor = Objects.requireNonNull(listenerExecutor, "listenerExecutor");
      return this;
    }

    /** Items per list request (500, client-go's pager default). */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new KatibException("pageSize must be at least 1, found " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * The largest object etcd stores (1.5 MiB, etcd's default {@code --max-request-bytes}); {@link #preflight}
     * refuses experiments projected to pass 90% of it and warns above two thirds.
     */
    public Builder objectSizeLimit(long bytes) {
      if (bytes < 64 * 1024) {
        throw new KatibException("objectSizeLimit must be at least 64 KiB, found " + bytes + " bytes");
      }
      this.objectSizeLimit = bytes;
      return this;
    }

    /**
     * How the client's messages tell the user to change one of these settings, given the name of its method here
     * (such as {@code "katibNamespace"} or {@code "objectSizeLimit"}); by default
     * {@code KatibClient.builder().objectSizeLimit(...)}. A program that offers the settings under other names, such
     * as a command line's options, words them its way; a name it does not know is best answered with the default.
     */
    public Builder settingNames(UnaryOperator<String> settingNames) {
      UnaryOperator<String> names = Objects.requireNonNull(settingNames, "settingNames");
      this.settingNames = setting -> {
        String named = names.apply(setting);
        return named == null || named.isBlank() ? "KatibClient.builder()." + setting + "(...)" : named;
      };
      return this;
    }

    /**
     * The client.
     *
     * @throws KatibException when no cluster configuration is found, or the kubeconfig cannot be used (saying what is
     *     wrong in which file), or its user's credentials cannot be had (an exec plugin that fails, a tokenFile that
     *     cannot be read): rather than sending requests without credentials; and when, on the module path, java was
     *     started without the {@code --add-exports} options client-java needs, naming them
     */
    public KatibClient build() {
      OkHttpAccess.require();
      if (apiClient != null) {
        return new KatibClient(this, apiClient, namespace == null ? "default" : namespace, false);
      }
      String variable = System.getenv("KUBECONFIG");
      List<Path> files = kubeconfig != null ? List.of(kubeconfig) : inCluster ? List.of()
          : KubeconfigFiles.defaults(variable, java.io.File.pathSeparator, Path.of(System.getProperty("user.home")));
      if (!files.isEmpty()) {
        KubeconfigFiles.Loaded loaded = KubeconfigFiles.load(files, kubeconfigContext);
        return new KatibClient(this, loaded.client(), namespace != null ? namespace
            : loaded.namespace().isEmpty() ? "default" : loaded.namespace(), true, loaded.origin());
      }
      if (inCluster || System.getenv("KUBERNETES_SERVICE_HOST") != null) {
        return new KatibClient(this, podClient(), namespace != null ? namespace : podNamespace(), true);
      }
      if (variable != null && !variable.isBlank()) {
        throw new KatibException("no cluster configuration found: $KUBECONFIG is set to \"" + variable + "\", but none"
            + " of the files it names exists, and this is not a pod in a cluster; correct or unset $KUBECONFIG"
            + " (~/.kube/config is read only when it is not set), or pass KatibClient.builder().kubeconfig(path)");
      }
      throw new KatibException("no cluster configuration found: $KUBECONFIG is not set, ~/.kube/config does not "
          + "exist and this is not a pod in a cluster; pass KatibClient.builder().kubeconfig(path) or apiClient(...)");
    }

    /** The pod's service account, as client-java's in-cluster configuration reads it. */
    private static ApiClient podClient() {
      String host = System.getenv("KUBERNETES_SERVICE_HOST");
      String port = System.getenv("KUBERNETES_SERVICE_PORT");
      Path token = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
      if (host == null || host.isEmpty() || port == null || port.isEmpty() || !Files.isRegularFile(token)) {
        // client-java would fail with a NumberFormatException on the missing port, or send no token.
        throw new KatibException("inCluster(): this is not a pod in a cluster, or its service account token is not "
            + "mounted: " + (host == null || host.isEmpty() ? "$KUBERNETES_SERVICE_HOST is not set"
            : port == null || port.isEmpty() ? "$KUBERNETES_SERVICE_PORT is not set" : token + " does not exist")
            + "; outside a cluster, use kubeconfig(path) (or $KUBECONFIG, ~/.kube/config)");
      }
      try {
        return ClientBuilder.cluster().build();
      } catch (IOException | RuntimeException e) {
        throw new KatibException("cannot use the pod's service account to reach the cluster: " + e, e);
      }
    }

    private static String podNamespace() {
      Path file = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
      try {
        return Files.isRegularFile(file) ? Files.readString(file).trim() : "default";
      } catch (IOException e) {
        return "default";
      }
    }

    private static Duration positive(Duration duration, String name) {
      if (Objects.requireNonNull(duration, name).isZero() || duration.isNegative()) {
        throw new KatibException(name + " must be positive, found " + duration);
      }
      return duration;
    }
  }
}
