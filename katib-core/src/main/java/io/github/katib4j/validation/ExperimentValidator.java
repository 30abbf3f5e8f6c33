package io.github.katib4j.validation;

import io.github.katib4j.KatibParseException;
import io.github.katib4j.Problem;
import io.github.katib4j.SourcePosition;
import io.github.katib4j.experiment.CollectorKind;
import io.github.katib4j.experiment.ConfigMapSource;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.MetricsCollector;
import io.github.katib4j.experiment.TrialTemplate;
import io.github.katib4j.internal.TextFiles;
import io.github.katib4j.internal.codec.Decoded;
import io.github.katib4j.internal.codec.Problems;
import io.github.katib4j.internal.validation.ExperimentRules;
import io.github.katib4j.internal.validation.RuleOptions;
import io.github.katib4j.template.ConfigMapLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks an experiment the way Katib v0.19.0 would, before anything is submitted: Katib's defaulting
 * ({@link ExperimentDefaults}), then every rule of its validating webhook, then what its suggestion services reject
 * once the experiment runs, then katib4j's checks for experiments Katib admits that certainly fail later. Every
 * problem is reported at once, with its field path, rule id and a message that says how to fix it; the rule ids are
 * listed in {@code docs/validation-rules.md}.
 *
 * <p>Rule ids: Katib's own where Katib has the rule ({@code V1}-{@code V6}, {@code U1}-{@code U3},
 * {@code O1}-{@code O4}, {@code A1}-{@code A3}, {@code E1}, {@code E2}, {@code R1}, {@code T1}-{@code T17},
 * {@code P1}-{@code P7}, {@code M1}-{@code M13}), with Katib's field paths. Like Katib, an objective error ends
 * Katib's rules, and T1, T4-T7, T12 and T14 end the template rules; the suggestion-service rules ({@code S-<algorithm>},
 * such as {@code S-cmaes}) and katib4j's rules ({@code K-...}) run regardless, because each stands on its own.
 * The namespace rules N1 and N2 need a cluster; katib-k8s applies them.
 *
 * <p>Validators differ in what they know of where the experiment will run:
 * <ul>
 *   <li>{@link #create()} and {@link #create(KatibConfig)}: for submission to a cluster with that Katib
 *       configuration. Adds A3, E2 and M1 (is the algorithm, early stopping or collector installed) and the
 *       {@code K-} rules about what only a cluster does: {@code K-manifest} (Katib pastes suggested values into the
 *       template's text without escaping, so a categorical value with {@code "}, {@code \}, a control character or
 *       <code>${</code> would corrupt the trial's manifest), {@code K-name}, {@code K-namespace}, {@code K-label} and
 *       {@code K-annotation} (the API server's rules for the Experiment's metadata), {@code K-suggestion-name}
 *       (the suggestion's Service is named {@code <name>-<algorithmName>}, which must be a DNS-1035 label: no
 *       {@code .}, at most 63 characters), {@code K-job-restart-policy} (its
 *       rule for a Job's pods) and {@code K-tfevent-early-stopping} (the TensorFlowEvent collector takes no
 *       early-stopping flags).
 *   <li>{@link #forLocalRuns()}: as {@code create()}, without those, since the local engine escapes values when it
 *       renders, runs the trial's command whatever its Job says and collects metrics itself; but with
 *       {@code K-name} and {@code K-namespace}, since it keeps each experiment in the folder
 *       {@code <namespace>/<name>}, and with what the local engine refuses before it starts (its search's own
 *       limits, such as {@code K-min-max}, and {@code K-local}), the same check {@code LocalKatib.create} makes.
 *       The local engine runs an experiment that only {@code K-suggestion-name} refuses, and notes that a cluster
 *       could not.
 *       {@link #forLocalFunctionRuns()} likewise for function trials.
 *   <li>{@link #forBuilders()}: what {@code Experiment.Builder.build()} applies, everything that holds wherever the
 *       experiment runs: no installation rules and no {@code K-manifest}. Algorithm settings are still checked
 *       against the services Katib v0.19.0 installs for each algorithm name.
 * </ul>
 * A template kept in a ConfigMap is checked only as far as the experiment shows it (T6, T8-T11) unless
 * {@link #withConfigMaps(Function)} supplies its text; {@link ValidationResult#unreadTemplate()} then names the
 * ConfigMap.
 */
public final class ExperimentValidator {
  private static final ExperimentValidator BUILDERS =
      new ExperimentValidator(null, KatibConfig.defaults(), false, null, RuleOptions.Templates.IF_PRESENT, false);

  private final KatibConfig installed;
  private final KatibConfig services;
  private final boolean cluster;
  private final Function<ConfigMapSource, Optional<String>> configMaps;
  private final RuleOptions.Templates templates;
  private final boolean localEngine;

  private ExperimentValidator(KatibConfig installed, KatibConfig services, boolean cluster,
      Function<ConfigMapSource, Optional<String>> configMaps, RuleOptions.Templates templates, boolean localEngine) {
    this.installed = installed;
    this.services = services;
    this.cluster = cluster;
    this.configMaps = configMaps;
    this.templates = templates;
    this.localEngine = localEngine;
  }

  /** For submission to a cluster running Katib v0.19.0's default configuration. */
  public static ExperimentValidator create() {
    return create(KatibConfig.defaults());
  }

  /** For submission to a cluster with this Katib configuration. */
  public static ExperimentValidator create(KatibConfig config) {
    Objects.requireNonNull(config, "config");
    return new ExperimentValidator(config, config, true, null, RuleOptions.Templates.REQUIRED, false);
  }

  /**
   * For the local engine: as {@link #create()}, but values need no escaping and of the API server's rules only
   * {@code K-name} and {@code K-namespace} apply, as its folders are named after them; plus everything the engine
   * refuses before it starts an experiment of process trials, so that this reports exactly what
   * {@code LocalKatib.create} refuses.
   */
  public static ExperimentValidator forLocalRuns() {
    return new ExperimentValidator(KatibConfig.defaults(), KatibConfig.defaults(), false, null,
        RuleOptions.Templates.REQUIRED, true);
  }

  /**
   * For the local engine's function trials, which use no trial template: every rule but the template's, plus what the
   * engine refuses before it starts them.
   */
  public static ExperimentValidator forLocalFunctionRuns() {
    return new ExperimentValidator(KatibConfig.defaults(), KatibConfig.defaults(), false, null,
        RuleOptions.Templates.IGNORED, true);
  }

  /**
   * The rules that hold wherever an experiment runs; what {@code Experiment.Builder.build()} applies. A trial template
   * is checked when present but not required, since the local engine can run a Java function instead.
   */
  public static ExperimentValidator forBuilders() {
    return BUILDERS;
  }

  /**
   * A copy that reads the template of a ConfigMap source with {@code lookup} (the text under its
   * {@code templatePath}, or empty when the ConfigMap or key does not exist), so rules T7 and T12-T17 apply to it.
   */
  public ExperimentValidator withConfigMaps(Function<ConfigMapSource, Optional<String>> lookup) {
    return new ExperimentValidator(installed, services, cluster, Objects.requireNonNull(lookup, "lookup"),
        templates, localEngine);
  }

  /** Defaults the experiment as Katib's mutating webhook would, then applies every rule. */
  public ValidationResult validate(Experiment experiment) {
    return withUnreadTemplate(ValidationResult.of(check(experiment, null)), experiment);
  }

  /**
   * Validates an update of {@code old} (the stored experiment, with its status) to {@code updated}, adding Katib's
   * update rules: only the trial counts may change (U3), a completed experiment only when it can be restarted (U1),
   * and {@code maxTrialCount} must exceed the trials already created (U2).
   */
  public ValidationResult validateUpdate(Experiment updated, Experiment old) {
    return withUnreadTemplate(ValidationResult.of(check(updated, Objects.requireNonNull(old, "old"))), updated);
  }

  /** Notes the ConfigMap of a trial template this validator cannot read (T6 reports one not fully named). */
  private ValidationResult withUnreadTemplate(ValidationResult result, Experiment experiment) {
    if (configMaps != null || templates == RuleOptions.Templates.IGNORED) {
      return result;
    }
    return experiment.spec().trialTemplate().filter(t -> t.trialSpec().isEmpty()).flatMap(TrialTemplate::configMap)
        .filter(c -> !c.configMapName().isEmpty() && !c.configMapNamespace().isEmpty() && !c.templatePath().isEmpty())
        .map(result::withUnreadTemplate).orElse(result);
  }

  private List<Problem> check(Experiment experiment, Experiment old) {
    RuleOptions options = new RuleOptions(installed, services, cluster, configMaps, templates, localEngine);
    return ExperimentRules.check(ExperimentDefaults.apply(experiment), experiment,
        old == null ? null : ExperimentDefaults.apply(old), options);
  }

  /**
   * Reads every experiment in {@code file} and validates each; see {@link #validateSource(String, String)}.
   *
   * @throws io.github.katib4j.KatibException when the file cannot be read
   * @throws KatibParseException when it is not JSON or YAML at all
   */
  public List<ValidationResult> validateSource(Path file) {
    return validateSource(TextFiles.read(file), file.toString());
  }

  /**
   * Reads every experiment in {@code text} (YAML documents, a JSON object or list) and validates each, returning one
   * result per experiment with reading problems (rule {@code schema}) and rule problems together, each located at
   * its line and column in {@code sourceName}. Objects of other kinds are skipped (see
   * {@link io.github.katib4j.codec.KatibCodec#otherObjects}); ConfigMaps among them supply the template of a
   * {@code configMap} trial template that names them, before the lookup given to {@link #withConfigMaps}.
   *
   * @throws KatibParseException when the text is not JSON or YAML at all
   */
  public List<ValidationResult> validateSource(String text, String sourceName) {
    List<ValidationResult> results = new ArrayList<>();
    Decoded.Stream<Experiment> stream = Decoded.read(text, sourceName, Experiment.class, true);
    ConfigMapLookup bundled = stream.others().stream().anyMatch(o -> o.kind().equals("ConfigMap"))
        ? ConfigMapLookup.bundledIn(text, sourceName) : null;
    for (Decoded<Experiment> decoded : stream.decoded()) {
      Experiment experiment = decoded.value().orElse(null);
      List<Problem> problems = new ArrayList<>(decoded.problems());
      ExperimentValidator checking = experiment == null ? this : withBundled(bundled, experiment);
      if (experiment != null) {
        List<Problem> ruleProblems = checking.check(experiment, null);
        boolean objectiveStops = ruleProblems.stream().anyMatch(p -> OBJECTIVE_RULES.contains(p.rule()));
        problems = asKatibRules(problems, experiment, objectiveStops);
        Set<String> relabelled = problems.stream().filter(p -> !p.rule().equals("schema")).map(p -> p.rule() + " "
            + p.path()).collect(Collectors.toSet());
        Set<String> unread = problems.stream().filter(ExperimentValidator::isUnreadValue).map(Problem::path)
            .collect(Collectors.toSet());
        for (Problem p : ruleProblems) {
          // A reader's problem relabelled as a Katib rule already stands for that rule at that path, and a value the
          // reader could not read is held as Go's zero value, which the rules would judge in place of what was written.
          if (!relabelled.contains(p.rule() + " " + p.path()) && !unread.contains(p.path())) {
            problems.add(decoded.sourceMap().locate(p));
          }
        }
      }
      List<Problem> located = problems.stream().map(p -> at(p, decoded.source()))
          .sorted(Problems.IN_SOURCE_ORDER).collect(Collectors.toList());
      ValidationResult result = ValidationResult.of(decoded.source(), experiment, located);
      results.add(experiment == null ? result : checking.withUnreadTemplate(result, experiment));
    }
    return results;
  }

  /**
   * This validator, reading the ConfigMap of the experiment's template from the ConfigMaps bundled with it in the same
   * text first, as {@code kubectl apply -f} would create them, then from the lookup given to
   * {@link #withConfigMaps}.
   */
  private ExperimentValidator withBundled(ConfigMapLookup bundled, Experiment experiment) {
    if (bundled == null) {
      return this;
    }
    Optional<ConfigMapSource> source = experiment.spec().trialTemplate().flatMap(TrialTemplate::configMap);
    boolean known = source.flatMap(s -> bundled.data(s.configMapNamespace(), s.configMapName())).isPresent();
    if (configMaps == null && !known) {
      // Nothing is known of the ConfigMap it names: check its template only as far as the experiment shows it.
      return this;
    }
    Function<ConfigMapSource, Optional<String>> given = configMaps;
    return withConfigMaps(s -> bundled.data(s.configMapNamespace(), s.configMapName()).isPresent()
        ? bundled.template(s) : given == null ? Optional.empty() : given.apply(s));
  }

  /** A reading problem about a value of the wrong type or range, which is then read as Go's zero value. */
  private static boolean isUnreadValue(Problem p) {
    return p.rule().equals("schema") && !p.message().startsWith("unknown field")
        && !p.message().contains("is not one of");
  }

  private static Problem at(Problem problem, String source) {
    SourcePosition position = problem.position().orElse(SourcePosition.of(source, 1, 1));
    return Problem.of(problem.path(), problem.rule(), problem.message())
        .at(SourcePosition.of(source, position.line(), position.column()));
  }

  private static final Pattern PARAMETER_TYPE = Pattern.compile("spec\\.parameters\\[\\d+]\\.parameterType");
  private static final Pattern DISTRIBUTION =
      Pattern.compile("spec\\.parameters\\[\\d+]\\.feasibleSpace\\.distribution");
  private static final String FILE_SYSTEM_PATH = "spec.metricsCollectorSpec.source.fileSystemPath";
  private static final Set<String> OBJECTIVE_RULES = Set.of("O1", "O2", "O3", "O4");

  /**
   * A value outside one of Katib's closed sets cannot be held by a typed experiment, so the reader reports it; where
   * a Katib rule rejects the same value, the problem takes that rule's id and path, as Katib would report it. Katib
   * checks nothing after a failed objective check, so then only the objective's own type is relabelled.
   */
  private static List<Problem> asKatibRules(List<Problem> problems, Experiment experiment, boolean objectiveStops) {
    Optional<CollectorKind> kind = experiment.spec().metricsCollectorSpec().flatMap(MetricsCollector::kind);
    List<Problem> result = new ArrayList<>();
    for (Problem p : problems) {
      String path = p.path();
      String rule = null;
      String katibPath = path;
      if (!p.rule().equals("schema") || !p.message().contains("is not one of")) {
        result.add(p);
        continue;
      }
      if (path.equals("spec.resumePolicy")) {
        rule = "R1";
      } else if (path.equals("spec.objective.type")) {
        rule = "O2";
      } else if (PARAMETER_TYPE.matcher(path).matches()) {
        rule = "P3";
      } else if (DISTRIBUTION.matcher(path).matches()) {
        rule = "P4";
      } else if (path.equals("spec.metricsCollectorSpec.collector.kind")) {
        rule = "M12";
      } else if (path.equals(FILE_SYSTEM_PATH + ".kind") && kind.isPresent()) {
        switch (kind.get()) {
          case FILE:
            rule = "M3";
            katibPath = FILE_SYSTEM_PATH + ".path";
            break;
          case TENSORFLOW_EVENT:
            rule = "M6";
            katibPath = "spec.metricsCollectorSpec.source";
            break;
          case CUSTOM:
            rule = "M11";
            katibPath = FILE_SYSTEM_PATH;
            break;
          default:
            break;
        }
      } else if (path.equals(FILE_SYSTEM_PATH + ".format") && kind.isPresent()) {
        rule = kind.get() == CollectorKind.FILE ? "M4" : kind.get() == CollectorKind.TENSORFLOW_EVENT ? "M7" : null;
      }
      if (rule == null || objectiveStops && !rule.equals("O2")) {
        result.add(p);
      } else {
        Problem relabelled = Problem.of(katibPath, rule, p.message());
        result.add(p.position().map(relabelled::at).orElse(relabelled));
      }
    }
    return result;
  }
}
