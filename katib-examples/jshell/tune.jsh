// katib4j in JShell: define an experiment, run it on this machine, look at the result; then keep exploring.
// Start with:  ./katib jshell katib-examples/jshell/tune.jsh
import io.github.katib4j.*;
import io.github.katib4j.experiment.*;
import io.github.katib4j.local.*;
import io.github.katib4j.report.*;
import java.nio.file.*;
import java.time.Duration;
import java.util.Map;

// JShell ends a statement at the first line that parses on its own, so chained calls end lines with a dot.
var experiment = Experiment.builder().
    name("jshell-demo").
    objective(Objective.minimize("loss")).
    algorithm(Algorithm.tpe()).
    parameters(Parameter.doubleRange("x", -5, 5), Parameter.intRange("n", 1, 8)).
    parallelTrialCount(2).maxTrialCount(20).
    build();

var katib = LocalKatib.builder().directory(Files.createTempDirectory("katib-jshell")).build();

var done = katib.run(experiment,
    trial -> Map.of("loss", Math.pow(trial.doubleValue("x") - 1.5, 2) + Math.abs(trial.longValue("n") - 3)),
    Duration.ofMinutes(2));

System.out.println("best: " + done.status().get().optimalTrial().get().parameterAssignments());
System.out.print(ExperimentReport.of(done, katib.trials(ExperimentRef.of(done))).table());
// Try next: katib.trials(ExperimentRef.of(done)), KatibCodec.create().toYaml(done), katib.close()
