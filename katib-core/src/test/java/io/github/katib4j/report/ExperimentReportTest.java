package io.github.katib4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.github.katib4j.experiment.Condition;
import io.github.katib4j.experiment.ConditionStatus;
import io.github.katib4j.experiment.Experiment;
import io.github.katib4j.experiment.ExperimentSpec;
import io.github.katib4j.experiment.ExperimentStatus;
import io.github.katib4j.experiment.Parameter;
import io.github.katib4j.experiment.ParameterAssignment;
import io.github.katib4j.experiment.OptimalTrial;
import io.github.katib4j.experiment.Trial;
import io.github.katib4j.experiment.TrialConditionType;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExperimentReportTest {
  private final ExperimentReport report = ExperimentReport.of(ReportFixtures.experiment(), ReportFixtures.trials());

  @Test
  void rows_reduceEachMetricByItsStrategy_inCreationOrder() {
    List<io.github.katib4j.experiment.Trial> shuffled = new java.util.ArrayList<>(ReportFixtures.trials());
    Collections.reverse(shuffled);

    ExperimentReport fromShuffled = ExperimentReport.of(ReportFixtures.experiment(), shuffled);

    assertThat(fromShuffled.rows()).extracting(TrialRow::name)
        .containsExactly("demo-trial1", "demo-trial2", "demo-trial3", "demo-trial4", "demo-trial5");
    TrialRow second = fromShuffled.rows().get(1);
    assertThat(second.metrics()).containsEntry("loss", "0.25").containsEntry("accuracy", "0.1");
    assertThat(second.parameters()).containsEntry("lr", "0.001").containsEntry("optimizer", "adam");
    assertThat(second.duration()).hasValue(java.time.Duration.ofSeconds(30));
    assertThat(fromShuffled.rows().get(2).metrics()).isEmpty();
  }

  @Test
  void best_isTheLowestObjectiveForMinimize() {
    assertThat(report.best()).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("demo-trial2"));
  }

  @Test
  void best_withoutAnOptimalTrialInTheStatus_isKatibsChoice_soANaNThatComesFirstStaysOptimal() {
    List<Trial> trials = List.of(
        ReportFixtures.trial(1, "0.01", "sgd", TrialConditionType.SUCCEEDED, "NaN", "0.8"),
        ReportFixtures.trial(2, "0.001", "adam", TrialConditionType.SUCCEEDED, "0.25", "0.9"));

    ExperimentReport withNaN = ExperimentReport.of(ReportFixtures.experiment(), trials);

    assertThat(withNaN.best()).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("demo-trial1"));
    assertThat(withNaN.table()).contains("demo-trial1 *").doesNotContain("demo-trial2 *");
    assertThat(withNaN.toHtml()).contains("<strong>demo-trial1</strong>: loss = <strong>NaN</strong>");
  }

  @Test
  void best_isTheTrialTheStatusNamesOptimal_inTheTableAndTheHtmlToo() {
    Experiment experiment = ReportFixtures.experiment();
    Experiment named = experiment.withStatus(experiment.status().orElseThrow().withCurrentOptimalTrial(
        OptimalTrial.builder().bestTrialName("demo-trial5").build()));

    ExperimentReport report = ExperimentReport.of(named, ReportFixtures.trials());

    assertThat(report.best()).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("demo-trial5"));
    assertThat(report.table()).contains("demo-trial5 *").doesNotContain("demo-trial2 *");
    assertThat(report.toHtml()).contains("<strong>demo-trial5</strong>")
        .contains("<tr data-trial=\"demo-trial5\" class=\"optimal\">");
  }

  @Test
  void table_alignsColumnsAndMarksTheOptimalTrial() {
    String table = report.table();

    assertThat(table.lines().findFirst()).hasValueSatisfying(header -> assertThat(header)
        .startsWith("trial").contains("state").contains("lr").contains("optimizer").contains("loss")
        .contains("accuracy"));
    assertThat(table).contains("demo-trial2 *").contains("* optimal trial").contains("EarlyStopped");
    assertThat(table.lines().skip(1).limit(5).map(l -> l.indexOf("  ", 14)).distinct()).isNotEmpty();
  }

  @Test
  void table_controlCharactersInValues_areEscaped_soEachTrialKeepsOneLine_whileCsvAndJsonKeepThemExact() {
    List<Trial> trials = List.of(
        ReportFixtures.trial(1, "0.01", "sgd\nwith\tmomentum", TrialConditionType.SUCCEEDED, "0.5", "0.8"),
        ReportFixtures.trial(2, "0.001", "adam\u001b[2J", TrialConditionType.SUCCEEDED, "0.25", "0.9"));
    ExperimentReport report = ExperimentReport.of(ReportFixtures.experiment(), trials);

    String table = report.table();

    assertThat(table.lines()).hasSize(4);
    assertThat(table).contains("sgd\\nwith\\tmomentum").contains("adam\\u001b[2J").doesNotContain("\u001b");
    List<String> rows = table.lines().skip(1).limit(2).collect(Collectors.toList());
    assertThat(rows.get(0).indexOf("0.5")).as("columns stay aligned").isEqualTo(rows.get(1).indexOf("0.25"));
    assertThat(report.toCsv()).contains("\"sgd\nwith\tmomentum\"");
    assertThat(JsonParser.parseString(report.toJson()).getAsJsonArray().get(1).getAsJsonObject()
        .getAsJsonObject("parameters").get("optimizer").getAsString()).isEqualTo("adam\u001b[2J");
  }

  @Test
  void csv_quotesCellsAndHasOneLinePerTrial() {
    String csv = report.toCsv();

    String[] lines = csv.split("\r\n");
    assertThat(lines).hasSize(6);
    assertThat(lines[0]).isEqualTo("trial,state,lr,optimizer,loss,accuracy,startTime,completionTime,durationSeconds");
    assertThat(lines[2]).isEqualTo("demo-trial2,Succeeded,0.001,adam,0.25,0.1,2026-01-01T10:02:00Z,"
        + "2026-01-01T10:02:30Z,30.0");
    assertThat(lines[3]).startsWith("demo-trial3,Failed,0.05,sgd,,,");
  }

  @Test
  void json_isAnArrayOfTrialsWithNumericMetrics() {
    JsonArray array = JsonParser.parseString(report.toJson()).getAsJsonArray();

    assertThat(array).hasSize(5);
    assertThat(array.get(1).getAsJsonObject().getAsJsonObject("metrics").get("loss").getAsDouble()).isEqualTo(0.25);
    assertThat(array.get(1).getAsJsonObject().get("state").getAsString()).isEqualTo("Succeeded");
    assertThat(array.get(2).getAsJsonObject().getAsJsonObject("metrics").size()).isZero();
  }

  @Test
  void html_isSelfContainedWithBothPlotsAndEscapesValues() {
    String html = report.toHtml();

    assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("http://").doesNotContain("https://")
        .doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(count(html, "<circle class=\"trial\"")).isEqualTo(4);
    assertThat(count(html, "<polyline class=\"trial")).isEqualTo(5);
    assertThat(html).contains("id=\"history\"").contains("id=\"parallel\"").contains("polyline class=\"best\"")
        .contains("lr (log)").contains("<strong>demo-trial2</strong>");
  }

  @Test
  void html_longParameterName_isShortenedOnItsAxis_withTheWholeNameInATooltip() {
    String name = "a_parameter_name_of_three_hundred_characters_".repeat(7).substring(0, 300);
    ExperimentSpec spec = ReportFixtures.experiment().spec();
    Experiment experiment = ReportFixtures.experiment().withSpec(spec.withParameters(
        Parameter.doubleRange(name, 0.0001, 0.1).logUniform(), spec.parameters().get(1)));
    List<Trial> trials = ReportFixtures.trials().stream().map(t -> t.withSpec(t.spec().withParameterAssignments(
        ParameterAssignment.of(name, t.spec().parameterAssignments().get(0).value()),
        t.spec().parameterAssignments().get(1)))).collect(Collectors.toList());

    String html = ExperimentReport.of(experiment, trials).toHtml();

    Matcher label = Pattern.compile("<text class=\"label\"[^>]*>(a_parameter[^<]*)<title>([^<]*)</title></text>")
        .matcher(html);
    assertThat(label.find()).as("the axis name with a tooltip").isTrue();
    assertThat(label.group(1)).endsWith("\u2026 (log)").hasSizeLessThan(40);
    assertThat(label.group(2)).isEqualTo(name + " (log)");
  }

  @Test
  void html_completedWithoutAnyObjectiveValue_saysSoInsteadOfDrawingNothing() {
    ExperimentReport empty = ExperimentReport.of(ReportFixtures.experiment(), List.of());

    assertThat(empty.toHtml()).contains("No objective values</text>")
        .contains("No trial reported the objective metric.").doesNotContain(" yet");
    assertThat(empty.best()).isEmpty();
  }

  @Test
  void html_runningWithoutAnyObjectiveValue_saysNoneYet() {
    Experiment running = ReportFixtures.experiment().withStatus(ExperimentStatus.builder()
        .addCondition(Condition.builder().type("Running").status(ConditionStatus.TRUE).reason("ExperimentRunning")
            .message("Experiment is running").build())
        .build());

    assertThat(ExperimentReport.of(running, List.of()).toHtml()).contains("No objective values yet</text>")
        .contains("No trial has reported the objective metric yet.");
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
